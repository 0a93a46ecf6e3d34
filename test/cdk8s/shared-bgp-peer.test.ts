/**
 * `BgpPasswordSecret.addPeer` / `SharedBgpPeer`: BGPPeers of a shared secret without a construct
 * per peer. They must emit what a `SecuredBgpPeer` with `sharedSecret` emits (the wrapper aside),
 * ordered after the Secret and RBAC they rely on, with the same problems, refusals and router side.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KubeObject, PasswordPolicy, RouterConfigOptions, ValidationError } from 'calico-bgp-auth';
import { checkNameCollisions } from '../support/core';
import { BgpPassword, BgpPasswordSecret, BgpPasswordSecretProps, SecuredBgpPeer, SharedBgpPeer, SharedBgpPeerProps } from 'calico-bgp-auth/cdk8s';
import { OTHER_SEED, Obj, TEST_SEED, appAndChart, expectSecured, expectValid, ofKind, passwordRef, passwords, synth, synthError } from './support';
import { fingerprint } from '../core/helpers/bytes';
import { validateObject } from '../support/crd-validator';
import { validationError } from '../support/errors';

const seeded = (seed = TEST_SEED) => BgpPassword.generate({ seed, policy: PasswordPolicy.forRouter('frr') });
const tor = (i: number): SharedBgpPeerProps => ({ peerIP: `10.10.1.${i}`, asNumber: 65101, nodeSelector: `rack == 'r${i}'` });
const PEERS = ['tor-1', 'tor-2', 'tor-3'];
const RANGE: RouterConfigOptions = { clusterASNumber: 64512, nodeCIDRs: ['10.10.0.0/16'] };
const SPINE: SharedBgpPeerProps = { peerIP: '10.0.0.1', asNumber: 65001 };

/** A chart (in namespace 'apps') with a secret at test/rack and `PEERS` added to it. */
function fabric(props: BgpPasswordSecretProps = {}, namespace = 'apps') {
  const { app, chart } = appAndChart(namespace);
  const secret = new BgpPasswordSecret(chart, 'rack', { password: seeded(), ...props });
  const peers = PEERS.map((name, i) => secret.addPeer(name, tor(i + 1)));
  return { app, chart, secret, peers };
}

/** The same peers as `SecuredBgpPeer`s with `sharedSecret` (the secret at the same path). */
function securedFabric(props: BgpPasswordSecretProps = {}, namespace = 'apps') {
  const { chart } = appAndChart(namespace);
  const secret = new BgpPasswordSecret(chart, 'rack', { password: seeded(), ...props });
  PEERS.forEach((name, i) => new SecuredBgpPeer(chart, `peer-${i}`, { ...tor(i + 1), name, sharedSecret: secret }));
  return { chart, secret };
}

/** Objects with every password replaced by its fingerprint, so that a failing comparison prints none. */
function masked(objects: Obj[]): Obj[] {
  return objects.map((o) => (o.stringData ? { ...o, stringData: Object.fromEntries(Object.entries(o.stringData).map(([k, v]) => [k, fingerprint(String(v))])) } : o));
}
const sorted = (objects: Obj[]) => [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
const at = (objects: Obj[], kind: string, name?: string) => objects.findIndex((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
/** The Secret's values by key, as fingerprints. */
const keyFingerprints = (objects: Obj[]) => Object.fromEntries(Object.entries(ofKind(objects, 'Secret')[0].stringData).map(([k, v]) => [k, fingerprint(String(v))]));
/** The password under `key` of the synthesized Secret `name`. */
function secretValue(chart: Chart, name: string, key: string): string {
  const value = ofKind(synth(chart), 'Secret').find((s) => s.metadata.name === name)?.stringData?.[key];
  if (typeof value !== 'string') throw new Error(`Secret ${name} has no key ${key}`);
  return value;
}
/** The validation lines of `error` reported at `constructPath`, without the prefix. */
const linesAt = (error: string | undefined, constructPath: string) =>
  (error ?? '').split('\n').map((l) => l.trim()).filter((l) => l.startsWith(`[${constructPath}] `)).map((l) => l.slice(constructPath.length + 3));

describe('BgpPasswordSecret.addPeer: objects and order', () => {
  it('emits the Secret, Role, RoleBinding, then the added BGPPeers, cluster-scoped, valid and wired to the Secret', () => {
    // GIVEN a secret with three added peers in a Chart that has a namespace
    const { chart, secret, peers } = fabric();

    // WHEN synthesized
    const objects = synth(chart);

    // THEN the shared objects come first, then the BGPPeers in the order added, without a namespace
    expect(objects.map((o) => o.kind)).toEqual(['Secret', 'Role', 'RoleBinding', 'BGPPeer', 'BGPPeer', 'BGPPeer']);
    const bgpPeers = ofKind(objects, 'BGPPeer');
    expect(bgpPeers.map((p) => p.metadata.name)).toEqual(PEERS);
    for (const [i, p] of bgpPeers.entries()) {
      expect(p.metadata, p.metadata.name).not.toHaveProperty('namespace');
      expect(passwordRef(p)).toEqual({ name: secret.secretName, key: 'password' });
      expect(p.spec).toMatchObject(tor(i + 1));
    }
    expect(peers.map((p) => [p.peerName, p.secretName, p.secretKey])).toEqual(PEERS.map((n) => [n, secret.secretName, 'password']));
    expectSecured(objects);
    for (const o of objects) expect(validateObject(o), `${o.kind} ${o.metadata.name}`).toEqual([]);
  });

  it('puts each BGPPeer directly under the secret, after its RBAC in tree order, with no construct or dependency edge of its own', () => {
    // GIVEN / WHEN a fabric nothing else depends on, synthesized
    const { chart, secret, peers } = fabric();
    synth(chart);
    // THEN the tree order alone writes the peers last: no edge is declared (lib/cdk8s/ordering.ts)
    for (const peer of peers) {
      expect(peer.bgpPeer.node.scope).toBe(secret);
      expect(peer.bgpPeer.node.path).toBe(`test/rack/${peer.peerName}`);
      expect(peer.bgpPeer.node.dependencies).toEqual([]);
      expect(peer).not.toBeInstanceOf(Construct);
    }
    // THEN the secret holds its three objects and one ApiObject per peer, nothing more
    expect(secret.node.children.map((c) => c.node.id)).toEqual(['Secret', 'Role', 'RoleBinding', ...PEERS]);
  });

  it.each([false, true])('emits what SecuredBgpPeer with sharedSecret emits for the same peers (keyPerPeer %s)', (keyPerPeer) => {
    // GIVEN the same three peers, added to a secret, and as SecuredBgpPeers sharing a secret at the same path
    const added = synth(fabric({ keyPerPeer }).chart);
    const secured = synth(securedFabric({ keyPerPeer }).chart);

    // THEN the objects are equal (passwords compared by fingerprint), in the same kind order
    expect(masked(sorted(added))).toEqual(masked(sorted(secured)));
    expect(added.map((o) => o.kind)).toEqual(secured.map((o) => o.kind));
    expect(passwords(added).map(fingerprint)).toEqual(passwords(secured).map(fingerprint));
  });

  it('keeps the Secret and RBAC ahead of the BGPPeer when an object created before the secret depends on the peer', () => {
    // GIVEN an object created first, depending on a peer added later
    const { chart } = appAndChart();
    const early = new ApiObject(chart, 'early', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'early' } });
    const secret = new BgpPasswordSecret(chart, 'rack', { password: seeded() });
    const peer = secret.addPeer('tor-1', tor(1));
    early.addDependency(peer.bgpPeer);

    // WHEN synthesized
    const objects = synth(chart);

    // THEN Secret < Role < RoleBinding < BGPPeer < the dependant
    expect(objects.map((o) => o.kind)).toEqual(['Secret', 'Role', 'RoleBinding', 'BGPPeer', 'ConfigMap']);
    expectSecured(objects);
  });

  it('keeps the Secret and RBAC ahead of the BGPPeer when a chart created before depends on the peer', () => {
    // GIVEN a chart created first, with an object depending on a peer added in a later chart
    const app = Testing.app();
    const early = new ApiObject(new Chart(app, 'early'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'early' } });
    const secret = new BgpPasswordSecret(new Chart(app, 'secrets'), 'rack', { password: seeded() });
    early.addDependency(secret.addPeer('tor-1', tor(1)).bgpPeer);

    // WHEN the app is synthesized
    const objects = parseAllDocuments(app.synthYaml()).map((d) => d.toJS() as Obj);

    // THEN the secret's chart is written first, the peer after its Secret and RBAC
    expect(objects.map((o) => o.kind)).toEqual(['Secret', 'Role', 'RoleBinding', 'BGPPeer', 'ConfigMap']);
    expect(app.charts.map((c) => c.node.id)).toEqual(['secrets', 'early']);
  });
});

describe('BgpPasswordSecret.addPeer: password sources and installs', () => {
  it('with keyPerPeer gives each added peer its own key and password, stable across synths with the same seed', () => {
    // GIVEN the same fabric built twice with the same seed, and once with another
    const first = fabric({ keyPerPeer: true });
    const again = fabric({ keyPerPeer: true });
    const other = fabric({ keyPerPeer: true, password: seeded(OTHER_SEED) });

    // WHEN synthesized
    const fps = keyFingerprints(synth(first.chart));

    // THEN one key per peer, named after it, each referenced by its BGPPeer, all values distinct
    expect(Object.keys(fps).sort()).toEqual(PEERS);
    expect(new Set(Object.values(fps)).size).toBe(PEERS.length);
    expect(first.peers.map((p) => p.secretKey)).toEqual(PEERS);
    for (const p of ofKind(synth(first.chart), 'BGPPeer')) expect(passwordRef(p)).toEqual({ name: first.secret.secretName, key: p.metadata.name });
    // AND the same seed gives the same values (also at a second synth of the same app), another seed others
    expect(keyFingerprints(synth(first.chart))).toEqual(fps);
    expect(keyFingerprints(synth(again.chart))).toEqual(fps);
    const otherFps = keyFingerprints(synth(other.chart));
    for (const name of PEERS) expect(otherFps[name], name).not.toBe(fps[name]);
    expectValid(synth(first.chart));
  });

  it('puts the Secret and RBAC in kube-system for the manifest install', () => {
    const { chart, secret } = fabric({ install: 'manifest' });
    const objects = synth(chart);
    expect(secret.install.namespace).toBe('kube-system');
    expectSecured(objects, { namespace: 'kube-system' });
    expectValid(objects);
  });

  it('emits no Secret for an existing one: the BGPPeers reference it, after the RBAC', () => {
    const { chart, peers } = fabric({ password: BgpPassword.fromExistingSecret({ name: 'rack-md5', key: 'md5' }) });
    const objects = synth(chart);
    expect(objects.map((o) => o.kind)).toEqual(['Role', 'RoleBinding', 'BGPPeer', 'BGPPeer', 'BGPPeer']);
    for (const p of ofKind(objects, 'BGPPeer')) expect(passwordRef(p)).toEqual({ name: 'rack-md5', key: 'md5' });
    expect(peers.map((p) => `${p.secretName}/${p.secretKey}`)).toEqual(PEERS.map(() => 'rack-md5/md5'));
    expectSecured(objects, { secretEmitted: false });
    expectValid(objects);
  });

  it.each([
    ['the external-secrets generator', BgpPassword.fromExternalSecretsGenerator(), ['Password', 'ExternalSecret']],
    ['an external secret store', BgpPassword.fromExternalSecret({ store: { name: 'vault', kind: 'ClusterSecretStore' }, remoteRef: { key: 'bgp/rack' } }), ['ExternalSecret']],
  ])('orders the BGPPeers after the objects of %s, referencing the Secret they write', (_what, password, sourceKinds) => {
    // GIVEN a secret whose password external-secrets writes, with added peers
    const { chart, secret, peers } = fabric({ password });
    const sourceObjects = secret.node.children.filter((c): c is ApiObject => ApiObject.isApiObject(c) && sourceKinds.includes(c.kind));
    expect(sourceObjects.map((o) => o.kind)).toEqual(sourceKinds);
    // AND an object created earlier depending on the first peer, which makes the secret's unit
    // declare its dependencies (the tree order alone would no longer hold)
    new ApiObject(chart, 'early-dependant', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'early' } }).addDependency(peers[0].bgpPeer);

    // WHEN synthesized
    const objects = synth(chart);

    // THEN every peer depends on every source object
    for (const peer of peers) for (const o of sourceObjects) expect(peer.bgpPeer.node.dependencies, `${peer.peerName} after ${o.kind}`).toContain(o);
    // AND no Secret and no password value, every BGPPeer after every source object and the RBAC
    expect(ofKind(objects, 'Secret')).toEqual([]);
    expect(objects.map((o) => o.kind).sort()).toEqual([...sourceKinds, 'ConfigMap', 'Role', 'RoleBinding', 'BGPPeer', 'BGPPeer', 'BGPPeer'].sort());
    const firstPeer = at(objects, 'BGPPeer');
    for (const kind of [...sourceKinds, 'Role', 'RoleBinding']) expect(at(objects, kind), kind).toBeLessThan(firstPeer);
    const es = ofKind(objects, 'ExternalSecret')[0];
    for (const p of ofKind(objects, 'BGPPeer')) expect(passwordRef(p).name).toBe(es.spec.target.name);
    expect(secret.secretName).toBe(es.spec.target.name);
    const ours = objects.filter((o) => o.kind !== 'ConfigMap');
    expectSecured(ours, { secretEmitted: false });
    expectValid(ours);
  });
});

describe('BgpPasswordSecret.addPeer: bad input', () => {
  it.each([
    ['a peerIP that is no address', { peerIP: 'x' }, ['\'spec.peerIP\' (x) must be an IP address']],
    ['a negative asNumber', { asNumber: -1 }, ['\'spec.asNumber\' (-1) must be an AS number']],
    ['both node and nodeSelector', { node: 'node-1' }, ['Only one of \'spec.node\' and \'spec.nodeSelector\' may be set.']],
    ['all three', { peerIP: 'x', asNumber: -1, node: 'node-1' }, ['spec.peerIP', 'spec.asNumber', 'spec.node']],
  ] as Array<[string, Partial<SharedBgpPeerProps>, string[]]>)('reports %s at validation, at the BGPPeer\'s path, as SecuredBgpPeer does', (_what, bad, expected) => {
    // GIVEN the same bad spec added to a secret and given to a SecuredBgpPeer sharing one (separate apps)
    const { chart, secret } = fabric();
    secret.addPeer('bad', { ...tor(9), ...bad });
    const secured = securedFabric();
    new SecuredBgpPeer(secured.chart, 'bad', { ...tor(9), ...bad, name: 'bad', sharedSecret: secured.secret });

    // WHEN validated
    const error = synthError(chart);

    // THEN the added peer's lines name its path and are the SecuredBgpPeer's lines, word for word
    const lines = linesAt(error, 'test/rack/bad');
    expect(lines.length).toBeGreaterThan(0);
    for (const text of expected) expect(lines.some((l) => l.includes(text)), text).toBe(true);
    expect(lines).toEqual(linesAt(synthError(secured.chart), 'test/bad'));
    // AND the valid peers and the secret report nothing; no line holds the password
    expect(linesAt(error, 'test/rack/tor-1')).toEqual([]);
    for (const value of Object.values(secret.secret!.toJson().stringData) as string[]) expect(error!.includes(value), 'the error holds the password').toBe(false);
  });

  it('refuses a field newer than the targeted Calico release', () => {
    const { chart, secret } = fabric();
    secret.addPeer('old', { ...tor(9), keepaliveTime: '30s', nextHopMode: 'Self', calicoVersion: '3.28' });
    const lines = linesAt(synthError(chart), 'test/rack/old');
    expect(lines.some((l) => l.startsWith('\'spec.keepaliveTime\' needs Calico 3.32 or later'))).toBe(true);
    expect(lines.some((l) => l.startsWith('\'spec.nextHopMode\' needs Calico 3.31 or later'))).toBe(true);
    // AND on 3.32 the same peer is valid
    const ok = fabric();
    ok.secret.addPeer('new', { ...tor(9), keepaliveTime: '30s', nextHopMode: 'Self', calicoVersion: '3.32' });
    expect(synthError(ok.chart)).toBeUndefined();
  });

  it.each([false, true])('refuses a duplicate name at once, creating nothing (keyPerPeer %s)', (keyPerPeer) => {
    // GIVEN a secret with peers, and its output
    const { chart, secret, peers } = fabric({ keyPerPeer });
    const before = masked(synth(chart));
    const children = secret.node.children.length;

    // WHEN a name is added again
    const e = validationError(() => secret.addPeer('tor-2', tor(7)));

    // THEN the core's rule, under 'name', naming the secret; nothing was added or changed
    expect(e.problems.map((p) => [p.field, p.rule])).toEqual([['name', 'compose.shared-peer-duplicate']]);
    expect(e.message).toContain('BgpPasswordSecret \'test/rack\'');
    expect(e.message).toContain('A BGPPeer named \'tor-2\' was already added');
    expect(secret.node.children).toHaveLength(children);
    expect(masked(synth(chart))).toEqual(before);
    expect(peers[1].bgpPeer.node.path).toBe('test/rack/tor-2');
  });

  it.each(['Secret', 'Role', 'RoleBinding', '', 'a/b'])('refuses the name %j at once (a construct id it cannot have), creating nothing', (name) => {
    // GIVEN a secret with one key per peer
    const { chart, secret } = fabric({ keyPerPeer: true });
    const before = masked(synth(chart));

    // WHEN a peer of that name is added
    const e = validationError(() => secret.addPeer(name, tor(7)));

    // THEN the name problem, naming the secret; no key and no object appeared, and the name is not taken
    expect(e.problems.map((p) => [p.field, p.rule])).toEqual([['name', 'k8s.name']]);
    expect(e.message).toContain(`BgpPasswordSecret 'test/rack': 'name' (${name}) must be a DNS-1123 subdomain`);
    expect(masked(synth(chart))).toEqual(before);
    expect(validationError(() => secret.addPeer(name, tor(7))).problems[0].rule).toBe('k8s.name');
  });

  it('adds a name that is only a bad object name (Bad_Name), and reports it at validation as SecuredBgpPeer does', () => {
    // GIVEN a peer whose name is a valid construct id but not a DNS-1123 name
    const { chart, secret } = fabric({ keyPerPeer: true });
    const peer = secret.addPeer('Bad_Name', tor(7));
    const secured = securedFabric({ keyPerPeer: true });
    new SecuredBgpPeer(secured.chart, 'bad', { ...tor(7), name: 'Bad_Name', sharedSecret: secured.secret });

    // THEN the peer exists at once; validation names its path and the same problem as SecuredBgpPeer
    expect(peer.bgpPeer.node.path).toBe('test/rack/Bad_Name');
    const lines = linesAt(synthError(chart), 'test/rack/Bad_Name');
    expect(lines).toEqual(['\'name\' (Bad_Name) must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, \'-\' and \'.\', '
      + 'starting and ending with a letter or digit (no \'_\').']);
    expect(lines).toEqual(linesAt(synthError(secured.chart), 'test/bad'));
  });
});

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

describe('BgpPasswordSecret.addPeer: name collisions across the app', () => {
  /** The core's compose.name-collision message for these emitters of one BGPPeer. */
  function collision(name: string, emitters: string[]): string {
    const object = { apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name } } as KubeObject;
    const problems = checkNameCollisions(emitters.map((emitter) => ({ object, emitter })));
    expect(problems.map((p) => p.rule)).toEqual(['compose.name-collision']);
    return problems[0].message;
  }

  it('reports an added peer and a SecuredBgpPeer elsewhere writing the same BGPPeer', () => {
    // GIVEN an added peer 'tor-1' in one chart and a SecuredBgpPeer named 'tor-1' in another
    const app = Testing.app();
    new BgpPasswordSecret(new Chart(app, 'a'), 'rack', { password: seeded() }).addPeer('tor-1', tor(1));
    new SecuredBgpPeer(new Chart(app, 'b'), 'tor', { ...tor(1), name: 'tor-1', password: seeded() });

    // WHEN the app is synthesized THEN the core's collision problem names both emitters
    expect(() => app.synthYaml()).toThrow(collision('tor-1', ['a/rack/tor-1', 'b/tor/Resource']));
  });

  it('reports two secrets adding a peer of the same name (the duplicate check is per secret)', () => {
    const { chart } = appAndChart();
    new BgpPasswordSecret(chart, 'rack-a', { password: seeded() }).addPeer('tor-1', tor(1));
    new BgpPasswordSecret(chart, 'rack-b', { password: seeded() }).addPeer('tor-1', tor(2));
    expect(synthError(chart)).toContain(collision('tor-1', ['test/rack-a/tor-1', 'test/rack-b/tor-1']));
  });
});

