/**
 * `calico-bgp-auth router-config` against bad flags and odd Secrets (issue 16, "Router side"): each
 * is exit 2 naming the flag or the Secret's key, never a crash, and never the password's bytes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, cli, fixture } from './run-cli';

beforeAll(() => buildCli(), 120_000);

const RECIPE = fixture('calico-docs-recipe.yaml');
const BASE = ['router-config', '--target', 'frr', '--node-cidr', '10.0.0.0/24'];

const PEER = 'apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: tor\nspec:\n  peerIP: 192.0.2.1\n  asNumber: 65001\n'
  + '  password:\n    secretKeyRef: {name: bgp-secrets, key: password}\n';
const secret = (fields: string) => `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: bgp-secrets\n  namespace: calico-system\n${fields}`;
const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');

describe('calico-bgp-auth router-config: numeric and enum flags', () => {
  it.each([
    [['--cluster-as', 'x'], '\'--cluster-as\' (x) must be an AS number'],
    [['--cluster-as', '1.2.3'], '\'--cluster-as\' (1.2.3) must be an AS number'],
    [['--cluster-as', '0'], '\'--cluster-as\' (0) must be an AS number'],
    [['--cluster-as', '64512', '--router-as', 'abc'], '\'--router-as\' (abc) must be an AS number'],
    [['--cluster-as', '64512', '--router-as', '4294967296'], '\'--router-as\' (4294967296) must be an AS number'],
    [['--cluster-as', '64512', '--ebgp-multihop', '0'],
      '\'--ebgp-multihop\' must be an integer from 1 to 255 (got \'0\')'],
    [['--cluster-as', '64512', '--install', 'helm'], '\'--install\' must be operator or manifest (got \'helm\')'],
  ])('refuses %j with exit 2, naming the flag', (flags, message) => {
    const r = cli([...BASE, ...flags, RECIPE]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`calico-bgp-auth router-config: ${message}`);
    expect(r.stderr).not.toMatch(/TypeError|\bat .*\.js:\d+/);
  });

  it.each([
    ['peerSelector: 5', '\'spec.peerSelector\' ("5") is not a valid Calico selector'],
    ['asNumber: [65001]', '\'spec.asNumber\' (65001) must be an AS number'],
  ])('refuses a BGPPeer whose %s is of another type than the CRD\'s, exit 2 (a crash, or AS 65001, before)', (field, message) => {
    const peer = PEER.replace('  asNumber: 65001\n', field.startsWith('asNumber') ? `  ${field}\n` : `  asNumber: 65001\n  ${field}\n`);
    const r = cli([...BASE, '--cluster-as', '64512', '-'], { input: peer });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('names the BGPConfiguration when its asNumber is what is wrong', () => {
    const config = '---\napiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata:\n  name: default\nspec:\n  asNumber: sixty-four\n';
    const r = cli([...BASE, '-'], { input: `${PEER}${secret('stringData:\n  password: Zq8-vL2.mN4+pR7=\n')}${config}` });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('The default BGPConfiguration\'s spec.asNumber is not an AS number');
  });
});

describe('calico-bgp-auth router-config --include-password: the value calico-node reads', () => {
  const run = (fields: string) => cli([...BASE, '--cluster-as', '64512', '--include-password', '-'], { input: `${PEER}${secret(fields)}` });

  it('refuses a value that is not UTF-8 (it would be written as U+FFFD, not the bytes calico-node uses)', () => {
    const bytes = Buffer.from([0x5a, 0x71, 0x38, 0xff, 0xfe, 0x2d, 0x76, 0x4c, 0x32, 0x2e]);
    const r = run(`data:\n  password: ${b64(bytes)}\n`);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Secret \'calico-system/bgp-secrets\': key \'password\' in data is not valid UTF-8 text.');
    expect(r.stderr).not.toContain('\ufffd');
    expect(r.stderr).not.toContain('Zq8');
  });

  it('refuses it without --include-password too: the password is checked either way', () => {
    const r = cli([...BASE, '--cluster-as', '64512', '-'], { input: `${PEER}${secret(`data:\n  password: ${b64(Buffer.from([0xc3, 0x28]))}\n`)}` });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not valid UTF-8 text');
  });

  it('reads base64 wrapped over lines, as the API server does', () => {
    const wrapped = b64('Zq8-vL2.mN4+pR7=').replace(/(.{8})/g, '$1\n    ');
    const r = run(`data:\n  password: |\n    ${wrapped.trimEnd()}\n`);
    expect(r.stderr).not.toContain('base64');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(' neighbor calico password Zq8-vL2.mN4+pR7=\n');
  });

  it('refuses invalid base64 instead of decoding it leniently', () => {
    const r = run('data:\n  password: "not base64!"\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Key \'password\' in data. It is not valid base64, so the API server refuses the Secret.');
    expect(r.stderr).not.toContain('not base64!');
  });

  it('refuses a value that is not a string, without printing it', () => {
    const r = run('stringData:\n  password: 987654321987\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Key \'password\' in stringData is a number, not a string.');
    expect(r.stderr).not.toContain('987654321987');
  });

  it('reads the last of duplicate Secrets, as kubectl apply leaves it', () => {
    const r = cli([...BASE, '--cluster-as', '64512', '--include-password', '-'],
      { input: `${PEER}${secret('stringData:\n  password: First-0ne.Pass\n')}${secret('stringData:\n  password: Second-2wo.Pass\n')}` });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('password Second-2wo.Pass\n');
    expect(r.stdout).not.toContain('First-0ne');
  });
});
