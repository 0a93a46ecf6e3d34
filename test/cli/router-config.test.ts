import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, buildCli, cli, fixture } from './run-cli';

beforeAll(() => buildCli(), 120_000);

const RECIPE = fixture('calico-docs-recipe.yaml');

describe('calico-bgp-auth router-config', () => {
  it('writes the router side of the recipe\'s BGPPeer with a placeholder for the password', () => {
    const r = cli(['router-config', '--target', 'frr', '--node-cidr', '10.0.0.0/24', '--cluster-as', '64512', RECIPE]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('router bgp 64567\n');
    expect(r.stdout).toContain(' neighbor calico remote-as 64512\n');
    expect(r.stdout).toContain('<BGP-PASSWORD from Secret calico-system/bgp-secrets key rr-password>');
    expect(r.stdout).not.toContain('very-secret');
  });

  it('takes the nodes\' AS from the default BGPConfiguration among the inputs', () => {
    const config = 'apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata:\n  name: default\nspec:\n  asNumber: 65010\n';
    const r = cli(['router-config', '--target', 'bird', '--node-address', '10.0.0.5', RECIPE, '-'], { input: config });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/neighbor .* as 65010;/);
  });

  it('writes the password only with --include-password, and warns on stderr', () => {
    const r = cli(['router-config', '--target', 'junos', '--node-address', '10.0.0.5', '--cluster-as', '64512', '--include-password', RECIPE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('authentication-key "very-secret"');
    expect(r.stderr).toBe('calico-bgp-auth router-config: the Juniper Junos OS configuration holds the password; keep it out of Git, logs and CI artifacts.\n');
  });

  it.each([
    [['--node-cidr', '10.0.0.0/24', RECIPE],
      '\'--target\' is required: one of frr, bird, gobgp, cisco-ios, cisco-nxos, junos, arista-eos.'],
    [['--target', 'quagga', RECIPE],
      '\'--target\' must be frr, bird, gobgp, cisco-ios, cisco-nxos, junos or arista-eos (got \'quagga\').'],
    [['--target', 'frr', '--node-cidr', '10.0.0.0/24', RECIPE],
      'BGPPeer \'bgppeer-global-3040\' does not set \'spec.localASNumber\', so the nodes use the cluster\'s AS: pass it as \'--cluster-as\' (the default BGPConfiguration\'s asNumber, 64512 when it sets none).'],
    [['--target', 'frr', '--cluster-as', '64512', '--node-cidr', '10.0.0.0/24', '--peer', 'other', RECIPE],
      'No BGPPeer named \'other\' among the inputs.'],
    [['--target', 'frr', '--cluster-as', '64512', '--node-cidr', '10.0.0.0/24', fixture('peer-without-password.yaml')],
      'No BGPPeer with spec.password.secretKeyRef among the inputs.'],
    [['--target', 'frr', '--cluster-as', '64512', '--node-cidr', '10.0.0.0/24', '--include-password', fixture('recipe-rolebinding-missing.yaml').replace('recipe-rolebinding-missing', 'crd-api-group')],
      '\'--include-password\' needs Secret \'calico-system/rack2-password\' with key \'password\' among the inputs.'],
    [['--target', 'frr'], 'Name at least one PATH holding the BGPPeers, or - to read standard input.'],
    [['--target', 'frr', '--cluster-as', '64512', '--node-cidr', '10.0.0.0/24', '--peer', 'rack1-tor', fixture('peer-without-password.yaml')],
      'BGPPeer \'rack1-tor\' has no spec.password.secretKeyRef with a name and a key: there is no password to configure on the router.'],
  ])('refuses %j with exit 2', (args, message) => {
    expect(cli(['router-config', ...args])).toEqual({
      status: 2, stdout: '', stderr: `calico-bgp-auth router-config: ${message}\nRun 'calico-bgp-auth router-config --help' for usage.\n`,
    });
  });

  it('refuses BGPPeers that read different Secrets, pointing to --peer', () => {
    const peer = (name: string, secret: string) => `apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: ${name}\nspec:\n  peerIP: 192.0.2.1\n  asNumber: 65000\n`
      + `  password:\n    secretKeyRef: {name: ${secret}, key: password}\n`;
    const r = cli(['router-config', '--target', 'frr', '--cluster-as', '64512', '--node-cidr', '10.0.0.0/24', '-'], { input: `${peer('a', 's1')}---\n${peer('b', 's2')}` });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('The BGPPeers \'a\', \'b\' do not share one spec.password.secretKeyRef; pick the ones of one router with --peer.');
    const one = cli(['router-config', '--target', 'frr', '--cluster-as', '64512', '--node-cidr', '10.0.0.0/24', '--peer', 'b', '-'], { input: `${peer('a', 's1')}---\n${peer('b', 's2')}` });
    expect(one.status).toBe(0);
    expect(one.stdout).toContain('Secret calico-system/s2 key password');
  });

  it('checks the password in the Secret against the target even when it is not written', () => {
    // GIVEN the recipe whose Secret holds a password with a space, which FRR's profile refuses
    const recipe = readFileSync(`${ROOT}/${RECIPE}`, 'utf8').replace('rr-password: very-secret', 'rr-password: very secret');
    const r = cli(['router-config', '--target', 'frr', '--node-cidr', '10.0.0.0/24', '--cluster-as', '64512', '-'], { input: recipe });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^calico-bgp-auth router-config: .*password/);
    expect(r.stderr).not.toContain('very secret');
  });
});
