/**
 * The router side of added peers (`SharedBgpPeer.routerConfig`, `BgpPasswordSecret.routerConfig`,
 * `writeRouterConfig`): the same text as for `SecuredBgpPeer`s, the password only when asked.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BgpPassword, BgpPasswordSecret, SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';
import { PEERS, RANGE, SPINE, fabric, secretValue, securedFabric, seeded, tor } from './fixture';
import { validationError } from '../../support/errors';
import { appAndChart } from '../support';

describe('SharedBgpPeer and BgpPasswordSecret: router side', () => {
  it('renders a peer\'s side with a placeholder naming the Secret, as SecuredBgpPeer does; the password only when asked', () => {
    // GIVEN an added peer and the same peer as a SecuredBgpPeer
    const { chart, secret, peers } = fabric();
    const secured = securedFabric();
    const twin = new SecuredBgpPeer(secured.chart, 'twin', { ...tor(1), name: 'twin', sharedSecret: secured.secret });
    const password = secretValue(chart, secret.secretName, 'password');

    // WHEN its FRR side is asked for, without and with the password
    const placeholder = peers[0].routerConfig('frr', RANGE);
    const withPassword = peers[0].routerConfig('frr', { ...RANGE, includePassword: true });

    // THEN the placeholder names the Secret and key; the password appears only when asked
    expect(placeholder).toContain(`<BGP-PASSWORD from Secret calico-system/${secret.secretName} key password>`);
    expect(placeholder.includes(password), 'the placeholder output holds the password').toBe(false);
    expect(withPassword.includes(password), 'the output holds the Secret\'s password').toBe(true);
    expect(withPassword).not.toContain('<BGP-PASSWORD');
    // AND it is the SecuredBgpPeer's text for the same BGPPeer, its name aside
    expect(placeholder).toBe(twin.routerConfig('frr', RANGE).replaceAll('twin', 'tor-1'));
  });

  it('with keyPerPeer includes each peer\'s own password only', () => {
    const { chart, secret, peers } = fabric({ keyPerPeer: true });
    const [p1, p2] = PEERS.slice(0, 2).map((k) => secretValue(chart, secret.secretName, k));
    const text = peers[0].routerConfig('frr', { ...RANGE, includePassword: true });
    expect(text.includes(p1) && !text.includes(p2), 'tor-1 gets its own password only').toBe(true);
    expect(peers[1].routerConfig('frr', RANGE)).toContain(`<BGP-PASSWORD from Secret calico-system/${secret.secretName} key tor-2>`);
    expect(validationError(() => secret.routerConfig('frr', RANGE)).problems.map((p) => p.rule)).toEqual(['router.key-per-peer']);
  });

  it('refuses a peer\'s side while its spec has problems, naming the BGPPeer\'s path', () => {
    const { secret } = fabric();
    const bad = secret.addPeer('bad', { ...tor(9), asNumber: -1 });
    const e = validationError(() => bad.routerConfig('frr', RANGE));
    expect(e.message).toContain('BGPPeer \'test/rack/bad\'');
    expect(e.problems.map((p) => p.field)).toEqual(['spec.asNumber']);
  });

  it('refuses includePassword for an existing Secret, whose password only the cluster holds', () => {
    const { peers } = fabric({ password: BgpPassword.fromExistingSecret({ name: 'rack-md5' }) });
    expect(validationError(() => peers[0].routerConfig('frr', { ...RANGE, includePassword: true })).problems.map((p) => p.rule)).toEqual(['router.password-unavailable']);
    expect(peers[0].routerConfig('frr', RANGE)).toContain('<BGP-PASSWORD from Secret calico-system/rack-md5 key password>');
  });

  it('BgpPasswordSecret.routerConfig covers added peers and sharedSecret peers alike', () => {
    // GIVEN one spine peered by an added peer and a SecuredBgpPeer, and the same with two SecuredBgpPeers
    const { chart } = appAndChart();
    const secret = new BgpPasswordSecret(chart, 'spine', { name: 'spine-md5', password: seeded() });
    secret.addPeer('rack-a', { ...SPINE, nodeSelector: 'rack == \'a\'' });
    new SecuredBgpPeer(chart, 'b', { ...SPINE, name: 'rack-b', nodeSelector: 'rack == \'b\'', sharedSecret: secret });
    const ref = appAndChart();
    const refSecret = new BgpPasswordSecret(ref.chart, 'spine', { name: 'spine-md5', password: seeded() });
    new SecuredBgpPeer(ref.chart, 'a', { ...SPINE, name: 'rack-a', nodeSelector: 'rack == \'a\'', sharedSecret: refSecret });
    new SecuredBgpPeer(ref.chart, 'b', { ...SPINE, name: 'rack-b', nodeSelector: 'rack == \'b\'', sharedSecret: refSecret });
    const password = secretValue(chart, 'spine-md5', 'password');

    // WHEN the secret's side is asked for
    const text = secret.routerConfig('gobgp', RANGE);
    const withPassword = secret.routerConfig('gobgp', { ...RANGE, includePassword: true });

    // THEN it names both BGPPeers, equals the all-SecuredBgpPeer rendering, and includes the password when asked
    expect(text).toContain('BGPPeer rack-a, rack-b');
    expect(text).toBe(refSecret.routerConfig('gobgp', RANGE));
    expect(withPassword.includes(password), 'the output holds the Secret\'s password').toBe(true);
    expect(text.includes(password)).toBe(false);
  });

  it('BgpPasswordSecret.routerConfig of added peers only, and a problem of one of them refuses it', () => {
    const { chart } = appAndChart();
    const secret = new BgpPasswordSecret(chart, 'spine', { password: seeded() });
    secret.addPeer('rack-a', { ...SPINE, nodeSelector: 'rack == \'a\'' });
    secret.addPeer('rack-b', { ...SPINE, nodeSelector: 'rack == \'b\'' });
    expect(secret.routerConfig('frr', RANGE)).toContain('rack-a, rack-b');
    secret.addPeer('rack-c', { ...SPINE, nodeSelector: 'rack == \'c\'', ttlSecurity: 300 });
    expect(validationError(() => secret.routerConfig('frr', RANGE)).problems.map((p) => p.field)).toEqual(['spec.ttlSecurity']);
  });

  it('writeRouterConfig writes <outdir>/<BGPPeer name>.frr.conf, 0600 with the password and 0644 without', () => {
    // GIVEN an added peer and a temporary output directory
    const { peers } = fabric();
    const dir = mkdtempSync(path.join(tmpdir(), 'cba-shared-peer-'));
    const mode = (file: string) => statSync(file).mode % 0o1000;

    // WHEN written with the password THEN only its owner may read it, and it holds what routerConfig returns
    const file = peers[0].writeRouterConfig('frr', { ...RANGE, includePassword: true, outdir: dir });
    expect(file).toBe(path.join(dir, 'tor-1.frr.conf'));
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8') === peers[0].routerConfig('frr', { ...RANGE, includePassword: true }), 'file and routerConfig agree').toBe(true);
    // WHEN written without THEN 0644
    const other = peers[1].writeRouterConfig('frr', { ...RANGE, outdir: dir });
    expect(mode(other)).toBe(0o644);
    expect(readFileSync(other, 'utf8')).toBe(peers[1].routerConfig('frr', RANGE));
    // AND the secret's own file for the router of an added peer
    const spine = new BgpPasswordSecret(Testing.chart(), 'spine', { name: 'spine-md5', password: seeded() });
    spine.addPeer('rack-a', SPINE);
    const shared = spine.writeRouterConfig('frr', { ...RANGE, includePassword: true, outdir: dir });
    expect([path.basename(shared), mode(shared)]).toEqual(['spine-md5.frr.conf', 0o600]);
  });

  it('writeRouterConfig defaults to the app\'s outdir', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'cba-shared-app-')) });
    const peer = new BgpPasswordSecret(new Chart(app, 'test'), 'rack', { password: seeded() }).addPeer('tor-1', tor(1));
    expect(peer.writeRouterConfig('frr', RANGE)).toBe(path.join(app.outdir, 'router', 'tor-1.frr.conf'));
  });
});
