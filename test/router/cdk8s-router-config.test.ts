/**
 * The router side from the cdk8s constructs: `SecuredBgpPeer.routerConfig` and
 * `BgpPasswordSecret.routerConfig` render what the core's `renderRouterConfig` renders for the same
 * BGPPeers, with the password written into the synthesized Secret only when asked, refusals named
 * by rule, and files written only by `writeRouterConfig`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  PasswordPolicy, ROUTER_TARGET_NAMES, ValidationError, renderRouterConfig, routerConfigInputFromPeers,
  type RouterConfigOptions, type RouterTarget,
} from '../../lib';
import { BgpPassword, BgpPasswordSecret, SecuredBgpPeer } from '../../lib/cdk8s';
import { TEST_SEED, generationPolicy } from './support';
import { validationError } from '../support/errors';

const TOR = { peerIP: '10.0.0.1', asNumber: 65001 };
const NODES: RouterConfigOptions = { clusterASNumber: 64512, nodeAddresses: ['10.0.0.11', '10.0.0.12'] };
const RANGE: RouterConfigOptions = { clusterASNumber: 64512, nodeCIDRs: ['10.0.0.0/24'] };
const seeded = (policy?: PasswordPolicy) => BgpPassword.generate({ seed: TEST_SEED, policy });

function appAndChart(): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'test') };
}

/** The value of Secret `name` key `key` in the synthesized chart: what the Calico node reads. */
function synthesizedPassword(chart: Chart, name: string, key: string): string {
  const secret = Testing.synth(chart).find((o: any) => o.kind === 'Secret' && o.metadata.name === name);
  const value = secret?.stringData?.[key];
  if (typeof value !== 'string') throw new Error(`Secret ${name} key ${key} is not in the synthesized output`);
  return value;
}

/** What the core renders for these BGPPeers, the reference the constructs must match. */
function coreRender(
  target: RouterTarget,
  peers: Array<{ name: string; spec: object }>,
  secretKeyRef: { name: string; key: string },
  options: RouterConfigOptions,
  password?: string,
): string {
  return renderRouterConfig(
    target,
    routerConfigInputFromPeers({ ...options, peers, secretKeyRef, install: 'operator', password }),
  );
}

const rules = (e: ValidationError) => e.problems.map((p) => p.rule);

describe('SecuredBgpPeer.routerConfig', () => {
  it('renders what the core renders for the same BGPPeer, with a placeholder naming the Secret by default', () => {
    // GIVEN a peer with a password derived from a seed
    const { chart } = appAndChart();
    const peer = new SecuredBgpPeer(chart, 'tor-a', { ...TOR, name: 'tor-a', password: seeded(PasswordPolicy.forRouter('frr')) });
    const password = synthesizedPassword(chart, 'bgp-password-tor-a', 'password');
    // WHEN its FRR side is asked for without includePassword
    const text = peer.routerConfig('frr', RANGE);
    // THEN it is the core's rendering of the same BGPPeer, with the placeholder and without the password
    expect(text).toBe(coreRender('frr', [{ name: 'tor-a', spec: TOR }], { name: 'bgp-password-tor-a', key: 'password' }, RANGE));
    expect(text).toContain('<BGP-PASSWORD from Secret calico-system/bgp-password-tor-a key password>');
    expect(text.includes(password), 'the placeholder output holds the password').toBe(false);
  });

  for (const target of ROUTER_TARGET_NAMES) {
    it(`includes the synthesized Secret's password only when asked, for ${target}`, () => {
      // GIVEN a peer whose derived password follows the target's profile
      const { chart } = appAndChart();
      const peer = new SecuredBgpPeer(chart, 'tor-a', { ...TOR, name: 'tor-a', password: seeded(generationPolicy(target)) });
      const password = synthesizedPassword(chart, 'bgp-password-tor-a', 'password');
      // WHEN rendered with includePassword
      const text = peer.routerConfig(target, { ...NODES, includePassword: true });
      // THEN it is the core's rendering with the very password of the synthesized Secret
      const expected = coreRender(target, [{ name: 'tor-a', spec: TOR }], { name: 'bgp-password-tor-a', key: 'password' }, { ...NODES, includePassword: true }, password);
      expect(text === expected, 'the construct and the core render the same text').toBe(true);
      expect(text.includes(password), 'the output holds the Secret\'s password').toBe(true);
      expect(text).not.toContain('<BGP-PASSWORD');
    });
  }

  it('includes an unseeded generated password: the one written into the Secret at this synth', () => {
    // GIVEN a peer with a fresh (unseeded) password and no seed in the environment
    const { chart } = appAndChart();
    const saved = { seed: process.env.CALICO_BGP_AUTH_SEED, file: process.env.CALICO_BGP_AUTH_SEED_FILE };
    delete process.env.CALICO_BGP_AUTH_SEED;
    delete process.env.CALICO_BGP_AUTH_SEED_FILE;
    const warn = console.warn;
    console.warn = () => undefined;
    let peer: SecuredBgpPeer;
    try {
      peer = new SecuredBgpPeer(chart, 'tor-a', { ...TOR, name: 'tor-a', password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('frr') }) });
    } finally {
      console.warn = warn;
      if (saved.seed !== undefined) process.env.CALICO_BGP_AUTH_SEED = saved.seed;
      if (saved.file !== undefined) process.env.CALICO_BGP_AUTH_SEED_FILE = saved.file;
    }
    // WHEN its router side includes the password
    const text = peer.routerConfig('frr', { ...RANGE, includePassword: true });
    // THEN the router gets the value the Secret holds
    expect(text.includes(synthesizedPassword(chart, 'bgp-password-tor-a', 'password')), 'router and Secret agree').toBe(true);
  });

  it('refuses a password the target\'s profile refuses, naming the rule and not the password, even as a placeholder', () => {
    // GIVEN a passed-in password starting with a digit (fine for Calico, refused by Cisco IOS)
    const { chart } = appAndChart();
    const value = '7kQ2-mZ9.pLx4';
    const peer = new SecuredBgpPeer(chart, 'tor-a', { ...TOR, password: BgpPassword.fromValue(value) });
    for (const includePassword of [false, true]) {
      // WHEN the Cisco IOS side is asked for
      const e = validationError(() => peer.routerConfig('cisco-ios', { ...NODES, includePassword }));
      // THEN the profile's rule is named, with the construct, and the value appears nowhere
      expect(rules(e)).toEqual(['policy.first-character']);
      expect(e.message).toContain('tor-a');
      expect(e.message.includes(value)).toBe(false);
    }
    // AND FRR takes the same password
    expect(peer.routerConfig('frr', { ...NODES, includePassword: true }).includes(value)).toBe(true);
  });

  it('refuses includePassword for an existing Secret, and names that Secret in the placeholder', () => {
    // GIVEN a peer reading a Secret that already exists in the cluster
    const { chart } = appAndChart();
    const peer = new SecuredBgpPeer(chart, 'tor-a', { ...TOR, name: 'tor-a', password: BgpPassword.fromExistingSecret({ name: 'tor-a-md5', key: 'md5' }) });
    // WHEN the password is asked for, THEN it is refused: only the cluster holds it
    const e = validationError(() => peer.routerConfig('frr', { ...RANGE, includePassword: true }));
    expect(rules(e)).toEqual(['router.password-unavailable']);
    expect(e.problems[0].field).toBe('includePassword');
    expect(e.message).toContain('calico-system/tor-a-md5 key md5');
    // AND without it the placeholder names the existing Secret
    const text = peer.routerConfig('frr', RANGE);
    expect(text).toBe(coreRender('frr', [{ name: 'tor-a', spec: TOR }], { name: 'tor-a-md5', key: 'md5' }, RANGE));
    expect(text).toContain('<BGP-PASSWORD from Secret calico-system/tor-a-md5 key md5>');
  });

  it('refuses includePassword for external-secrets sources', () => {
    // GIVEN peers whose password external-secrets generates or copies in the cluster
    const { chart } = appAndChart();
    const generated = new SecuredBgpPeer(chart, 'gen', { ...TOR, password: BgpPassword.fromExternalSecretsGenerator() });
    const stored = new SecuredBgpPeer(chart, 'stored', {
      ...TOR, password: BgpPassword.fromExternalSecret({ store: { name: 'vault', kind: 'ClusterSecretStore' }, remoteRef: { key: 'bgp/tor' } }),
    });
    for (const peer of [generated, stored]) {
      // WHEN the password is asked for, THEN it is refused; the placeholder still renders
      expect(rules(validationError(() => peer.routerConfig('bird', { ...RANGE, includePassword: true })))).toEqual(['router.password-unavailable']);
      expect(peer.routerConfig('bird', RANGE)).toContain(`<BGP-PASSWORD from Secret calico-system/${peer.secretName} key ${peer.secretKey}>`);
    }
  });

  it('reports the construct\'s own problems first, with its rules', () => {
    // GIVEN a peer whose spec Calico refuses (an AS number out of range)
    const { chart } = appAndChart();
    const peer = new SecuredBgpPeer(chart, 'tor-a', { ...TOR, asNumber: 4294967296, password: seeded() });
    // WHEN its router side is asked for, THEN the construct's problem is raised, not a router one
    const e = validationError(() => peer.routerConfig('frr', RANGE));
    expect(e.problems.length).toBeGreaterThan(0);
    expect(e.problems.every((p) => p.field.endsWith('asNumber'))).toBe(true);
  });

  it('passes the core\'s router rules through: the nodes are required', () => {
    // GIVEN a valid peer; WHEN neither nodeAddresses nor nodeCIDRs is given
    const { chart } = appAndChart();
    const peer = new SecuredBgpPeer(chart, 'tor-a', { ...TOR, password: seeded() });
    // THEN the core's rule is named
    expect(rules(validationError(() => peer.routerConfig('frr', { clusterASNumber: 64512 })))).toEqual(['router.nodes-required']);
  });
});

describe('BgpPasswordSecret.routerConfig', () => {
  it('renders one configuration for every peer of the router sharing the Secret', () => {
    // GIVEN two racks' BGPPeers to one spine, sharing one password
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'spine', { name: 'spine-md5', password: seeded(PasswordPolicy.forRouter('gobgp')) });
    new SecuredBgpPeer(chart, 'rack-a', { ...TOR, name: 'rack-a', nodeSelector: "rack == 'a'", sharedSecret: shared });
    new SecuredBgpPeer(chart, 'rack-b', { ...TOR, name: 'rack-b', nodeSelector: "rack == 'b'", sharedSecret: shared });
    const password = synthesizedPassword(chart, 'spine-md5', 'password');
    // WHEN the secret's GoBGP side is asked for, with and without the password
    const ref = { name: 'spine-md5', key: 'password' };
    const peers = [{ name: 'rack-a', spec: { ...TOR, nodeSelector: "rack == 'a'" } }, { name: 'rack-b', spec: { ...TOR, nodeSelector: "rack == 'b'" } }];
    const placeholder = shared.routerConfig('gobgp', NODES);
    const withPassword = shared.routerConfig('gobgp', { ...NODES, includePassword: true });
    // THEN both are the core's rendering of both BGPPeers
    expect(placeholder).toBe(coreRender('gobgp', peers, ref, NODES));
    expect(placeholder).toContain('BGPPeer rack-a, rack-b');
    expect(withPassword === coreRender('gobgp', peers, ref, { ...NODES, includePassword: true }, password), 'same text as the core').toBe(true);
    expect(withPassword.includes(password)).toBe(true);
  });

  it('refuses peers of different routers, pointing at one configuration per router', () => {
    // GIVEN one password shared by two top-of-rack switches
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'tors', { password: seeded() });
    const a = new SecuredBgpPeer(chart, 'tor-1', { peerIP: '10.0.0.1', asNumber: 65001, sharedSecret: shared });
    new SecuredBgpPeer(chart, 'tor-2', { peerIP: '10.0.0.2', asNumber: 65001, sharedSecret: shared });
    // WHEN one configuration is asked of the secret, THEN the core's rule is named
    expect(rules(validationError(() => shared.routerConfig('frr', RANGE)))).toEqual(['router.address-mismatch']);
    // AND each peer renders its own router's side
    expect(a.routerConfig('frr', RANGE)).toContain('10.0.0.1');
  });

  it('with keyPerPeer refuses one configuration, and each peer renders its own password', () => {
    // GIVEN a secret with one key, and one password, per peer
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'rack', { name: 'rack-md5', keyPerPeer: true, password: seeded(PasswordPolicy.forRouter('frr')) });
    const a = new SecuredBgpPeer(chart, 'tor-1', { peerIP: '10.0.0.1', asNumber: 65001, name: 'tor-1', sharedSecret: shared });
    const b = new SecuredBgpPeer(chart, 'tor-2', { peerIP: '10.0.0.2', asNumber: 65001, name: 'tor-2', sharedSecret: shared });
    // WHEN one configuration is asked of the secret, THEN it is refused by rule
    const e = validationError(() => shared.routerConfig('frr', RANGE));
    expect(rules(e)).toEqual(['router.key-per-peer']);
    expect(e.message).toContain('SecuredBgpPeer');
    // AND each peer includes the password under its own key
    const pa = synthesizedPassword(chart, 'rack-md5', 'tor-1');
    const pb = synthesizedPassword(chart, 'rack-md5', 'tor-2');
    expect(pa === pb).toBe(false);
    const ta = a.routerConfig('frr', { ...RANGE, includePassword: true });
    const tb = b.routerConfig('frr', { ...RANGE, includePassword: true });
    expect(ta === coreRender('frr', [{ name: 'tor-1', spec: { peerIP: '10.0.0.1', asNumber: 65001 } }], { name: 'rack-md5', key: 'tor-1' }, { ...RANGE, includePassword: true }, pa)).toBe(true);
    expect(ta.includes(pa) && !ta.includes(pb), 'tor-1 gets its own password only').toBe(true);
    expect(tb.includes(pb) && !tb.includes(pa), 'tor-2 gets its own password only').toBe(true);
    expect(b.routerConfig('frr', RANGE)).toContain('<BGP-PASSWORD from Secret calico-system/rack-md5 key tor-2>');
  });

  it('refuses includePassword for a shared existing Secret', () => {
    // GIVEN a shared Secret that already exists in the cluster
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'spine', { password: BgpPassword.fromExistingSecret({ name: 'spine-md5' }) });
    new SecuredBgpPeer(chart, 'rack-a', { ...TOR, nodeSelector: "rack == 'a'", sharedSecret: shared });
    // WHEN the password is asked for, THEN it is refused
    expect(rules(validationError(() => shared.routerConfig('frr', { ...RANGE, includePassword: true })))).toEqual(['router.password-unavailable']);
    expect(shared.routerConfig('frr', RANGE)).toContain('<BGP-PASSWORD from Secret calico-system/spine-md5 key password>');
  });

  it('with no peer attached names the core\'s rule', () => {
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'lonely', { password: seeded() });
    expect(rules(validationError(() => shared.routerConfig('frr', RANGE)))).toEqual(['router.peers-required']);
  });
});

describe('writeRouterConfig', () => {
  // The permission bits: the mode modulo 0o1000 (the linter forbids bitwise masks).
  const mode = (file: string) => statSync(file).mode % 0o1000;

  it('writes nothing unless asked: synth leaves no router file', () => {
    // GIVEN an app with a peer; WHEN it is synthesized
    const { app, chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor-a', { ...TOR, password: seeded() });
    app.synth();
    // THEN the output directory holds the manifests only
    expect(existsSync(path.join(app.outdir, 'router'))).toBe(false);
    expect(readdirSync(app.outdir).every((f) => f.endsWith('.k8s.yaml'))).toBe(true);
  });

  it('writes <outdir>/router/<peer>.<ext> beside the manifests, 0644 with the placeholder, 0600 with the password', () => {
    // GIVEN a synthesized app
    const { app, chart } = appAndChart();
    const peer = new SecuredBgpPeer(chart, 'tor-a', { ...TOR, name: 'tor-a', password: seeded(PasswordPolicy.forRouter('frr')) });
    app.synth();
    // WHEN the placeholder configuration is written
    const file = peer.writeRouterConfig('frr', RANGE);
    // THEN it lands in the app's output directory, readable, holding what routerConfig returns
    expect(file).toBe(path.join(app.outdir, 'router', 'tor-a.frr.conf'));
    expect(readFileSync(file, 'utf8')).toBe(peer.routerConfig('frr', RANGE));
    expect(mode(file)).toBe(0o644);
    // WHEN it is written again with the password
    expect(peer.writeRouterConfig('frr', { ...RANGE, includePassword: true })).toBe(file);
    // THEN the same file now holds the password and only its owner can read it
    expect(readFileSync(file, 'utf8') === peer.routerConfig('frr', { ...RANGE, includePassword: true })).toBe(true);
    expect(mode(file)).toBe(0o600);
  });

  it('honours outdir, and tightens a file that existed with wider permissions', () => {
    // GIVEN a world-readable file where the configuration goes
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'spine', { name: 'spine-md5', password: seeded() });
    new SecuredBgpPeer(chart, 'rack-a', { ...TOR, sharedSecret: shared });
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cba-router-')), 'nested');
    mkdirSync(dir);
    const existing = path.join(dir, 'spine-md5.junos.set');
    writeFileSync(existing, 'old', { mode: 0o644 });
    // WHEN the secret's Junos side is written there with the password
    const file = shared.writeRouterConfig('junos', { ...NODES, includePassword: true, outdir: dir });
    // THEN the file is replaced, mode 0600
    expect(file).toBe(existing);
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8') === shared.routerConfig('junos', { ...NODES, includePassword: true })).toBe(true);
  });

  it('writes nothing when the configuration is refused', () => {
    // GIVEN a peer reading an existing Secret
    const { app, chart } = appAndChart();
    const peer = new SecuredBgpPeer(chart, 'tor-a', { ...TOR, password: BgpPassword.fromExistingSecret({ name: 'tor-a-md5' }) });
    // WHEN the password is asked to be written, THEN it is refused before any file exists
    expect(rules(validationError(() => peer.writeRouterConfig('frr', { ...RANGE, includePassword: true })))).toEqual(['router.password-unavailable']);
    expect(existsSync(path.join(app.outdir, 'router'))).toBe(false);
  });
});
