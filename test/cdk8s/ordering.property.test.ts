/**
 * The units declare their dependency edges only when something outside depends on one of their
 * objects (lib/cdk8s/ordering.ts); until then cdk8s's tree order writes the Secret and RBAC first.
 * These properties drive cdk8s's real ordering with random apps: units of every kind (own peers,
 * secrets with added peers, SecuredBgpPeers on a shared secret created before or after it, a mesh
 * password, external-secrets sources; peers on a shared secret also in another chart, created
 * first), nested at random depths, and random dependencies of plain
 * objects and constructs on any of them, created before or after. Whatever the app, every BGPPeer
 * and BGPConfiguration must come after the Secret, Role, RoleBinding and ExternalSecret it relies on.
 */
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { BgpPassword, BgpPasswordSecret, MeshPassword, SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';
import { Obj, TEST_SEED, passwordRef } from './support';

type Step =
  | { readonly kind: 'own'; readonly depth: number; readonly source: 'seeded' | 'existing' | 'generator' }
  | { readonly kind: 'secret'; readonly depth: number; readonly peers: number; readonly keyPerPeer: boolean; readonly source: 'seeded' | 'existing' | 'generator' }
  | { readonly kind: 'secured-shared'; readonly depth: number; readonly secret: number; readonly otherChart: boolean }
  | { readonly kind: 'mesh'; readonly depth: number }
  | { readonly kind: 'plain'; readonly depth: number }
  | { readonly kind: 'depends'; readonly from: number; readonly on: number; readonly onObject: boolean };

const depth = fc.integer({ min: 0, max: 2 });
const source = fc.constantFrom('seeded' as const, 'existing' as const, 'generator' as const);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('own' as const), depth, source }),
  fc.record({ kind: fc.constant('secret' as const), depth, peers: fc.integer({ min: 1, max: 3 }), keyPerPeer: fc.boolean(), source }),
  fc.record({ kind: fc.constant('secured-shared' as const), depth, secret: fc.nat(), otherChart: fc.boolean() }),
  fc.record({ kind: fc.constant('mesh' as const), depth }),
  fc.record({ kind: fc.constant('plain' as const), depth }),
  fc.record({ kind: fc.constant('depends' as const), from: fc.nat(), on: fc.nat(), onObject: fc.boolean() }),
  fc.record({ kind: fc.constant('depends' as const), from: fc.nat(), on: fc.nat(), onObject: fc.boolean() }),
);

function password(kind: 'seeded' | 'existing' | 'generator', i: number, keyPerPeer = false): BgpPassword {
  if (kind === 'existing' && !keyPerPeer) return BgpPassword.fromExistingSecret({ name: `existing-${i}` });
  if (kind === 'generator' && !keyPerPeer) return BgpPassword.fromExternalSecretsGenerator();
  return BgpPassword.generate({ seed: TEST_SEED });
}

/** Builds the app the steps describe; returns the chart. */
function build(steps: readonly Step[]): { app: App; chart: Chart } {
  const app = Testing.app();
  // A chart created first, holding only peers on secrets of the main chart: it must come out after it.
  const other = new Chart(app, 'other');
  const chart = new Chart(app, 'test');
  const scopes: Construct[] = [chart];
  const secrets: BgpPasswordSecret[] = [];
  // Plain objects and constructs: the only sources of the random dependencies (so no cycle can
  // pass through the units' own edges); targets: anything emitted so far.
  const plains: Array<{ readonly construct: Construct; readonly index: number }> = [];
  const targets: IConstruct[] = [];
  const objectsOf = (c: IConstruct) => c.node.findAll().filter((x) => ApiObject.isApiObject(x));
  let mesh = false;
  steps.forEach((s, i) => {
    const scope = s.kind === 'depends' ? chart : scopes[Math.min(s.depth, scopes.length - 1)];
    const id = `s${i}`;
    switch (s.kind) {
      case 'own':
        targets.push(new SecuredBgpPeer(scope, id, { name: `own-${i}`, peerIP: '192.0.2.1', asNumber: 64601, password: password(s.source, i) }));
        break;
      case 'secret': {
        const named = s.source === 'seeded' || s.keyPerPeer;
        const secret = new BgpPasswordSecret(scope, id, { name: named ? `rack-${i}` : undefined, keyPerPeer: s.keyPerPeer, password: password(s.source, i, s.keyPerPeer) });
        secrets.push(secret);
        targets.push(secret);
        for (let p = 0; p < s.peers; p++) targets.push(secret.addPeer(`rack-${i}-tor-${p}`, { peerIP: `192.0.2.${10 + p}`, asNumber: 64602 }).bgpPeer);
        break;
      }
      case 'secured-shared':
        if (secrets.length === 0) break;
        targets.push(new SecuredBgpPeer(s.otherChart ? other : scope, id, { name: `shared-${i}`, peerIP: '198.51.100.1', asNumber: 64603, sharedSecret: secrets[s.secret % secrets.length] }));
        break;
      case 'mesh':
        if (mesh) break;
        mesh = true;
        targets.push(new MeshPassword(scope, id, { password: BgpPassword.generate({ seed: TEST_SEED }) }));
        break;
      case 'plain': {
        // A construct later units may be nested in (at the step's depth, so it precedes them and
        // possibly their secret in the tree), and, at the chart's root, a plain object that may
        // depend on anything: never on something nested in itself, so no cycle but the user's own.
        scopes.push(new Construct(scope, `${id}-nest`));
        const construct = new Construct(chart, id);
        const object = new ApiObject(construct, 'Resource', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `plain-${i}` } });
        plains.push({ construct, index: plains.length });
        targets.push(object);
        break;
      }
      case 'depends': {
        if (plains.length === 0 || targets.length === 0) break;
        const from = plains[s.from % plains.length];
        const target = targets[s.on % targets.length];
        // Plain to plain only from a later to an earlier one: no cycle among them.
        const plainTarget = plains.find((p) => p.construct === target
          || objectsOf(p.construct).includes(target as ApiObject));
        if (plainTarget && plainTarget.index >= from.index) break;
        // A construct depending on its own subtree (or its ancestor) is a cycle in cdk8s whatever the objects.
        const within = (a: IConstruct, b: IConstruct) => a.node.scopes.includes(b as Construct);
        if (within(target, from.construct) || within(from.construct, target)) break;
        // A plain object depending on a peer of the other chart, which depends on this chart: a chart cycle.
        if (Chart.of(target) !== chart) break;
        const on = s.onObject ? objectsOf(target)[0] ?? target : target;
        (s.onObject ? objectsOf(from.construct)[0] : from.construct).node.addDependency(on);
        break;
      }
    }
  });
  return { app, chart };
}

/** For every Calico object, what it relies on comes earlier in `objects`. */
function expectOrdered(objects: readonly Obj[]): number {
  const calico = objects.filter((o) => o.kind === 'BGPPeer' || o.kind === 'BGPConfiguration');
  for (const o of calico) {
    const at = objects.indexOf(o);
    const ref = passwordRef(o);
    const label = `${o.kind} ${o.metadata.name}`;
    const secret = objects.findIndex((x) => x.kind === 'Secret' && x.metadata.name === ref.name);
    const external = objects.findIndex((x) => x.kind === 'ExternalSecret' && x.spec?.target?.name === ref.name);
    const role = objects.find((x) => x.kind === 'Role' && x.rules[0].resourceNames.includes(ref.name));
    expect(role, `${label}: a Role grants ${ref.name}`).toBeDefined();
    const binding = objects.findIndex((x) => x.kind === 'RoleBinding' && x.roleRef.name === role!.metadata.name);
    expect(objects.indexOf(role!), `${label} after its Role`).toBeLessThan(at);
    expect(binding, `${label}: a RoleBinding`).toBeGreaterThanOrEqual(0);
    expect(binding, `${label} after its RoleBinding`).toBeLessThan(at);
    expect(secret, `${label} after its Secret`).toBeLessThan(at);
    expect(external, `${label} after its ExternalSecret`).toBeLessThan(at);
  }
  return calico.length;
}

describe('cdk8s output order with units that declare their edges only when disturbed', () => {
  it('GIVEN random apps of units and dependants WHEN synthesized (Testing.synth and App.synthYaml) THEN every Calico object follows what it relies on', () => {
    let checked = 0;
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 14 }), (random) => {
      // GIVEN an app that starts with a plain construct, so that units and peers on a shared secret
      // may be created inside something that comes before their secret in the tree
      const steps: Step[] = [{ kind: 'plain', depth: 0 }, ...random];
      const first = build(steps);
      const second = build(steps);
      // WHEN: App.synthYaml, and every chart through Testing.synth (Chart.toJson) in the app's chart
      // order (which reflects cross-chart dependencies once a synth has resolved them)
      const viaYaml = parseAllDocuments(second.app.synthYaml()).map((d) => d.toJSON() as Obj);
      first.app.synthYaml();
      const viaCharts = first.app.charts.flatMap((c) => Testing.synth(c) as Obj[]);
      // THEN
      checked += expectOrdered(viaCharts);
      expect(viaYaml.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(viaCharts.map((o) => `${o.kind}/${o.metadata.name}`));
    }), { numRuns: 300, seed: 20261125 });
    // The runs did reach Calico objects (a generator producing none would prove nothing).
    expect(checked).toBeGreaterThan(300);
  });

  it('GIVEN an object created before a fabric that depends on one added peer WHEN synthesized THEN only that secret declares its edges, and its peers come after its RBAC', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const early = new ApiObject(chart, 'early', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'early' } });
    const seed = BgpPassword.generate({ seed: TEST_SEED });
    const racks = [0, 1].map((r) => new BgpPasswordSecret(chart, `rack-${r}`, { password: seed }));
    const peers = racks.map((rack, r) => [0, 1].map((p) => rack.addPeer(`rack-${r}-tor-${p}`, { peerIP: `192.0.2.${p + 1}`, asNumber: 64600 + r })));
    early.addDependency(peers[0][1].bgpPeer);
    // WHEN
    const objects = Testing.synth(chart) as Obj[];
    // THEN the disturbed rack declared an edge per peer; the other kept none
    for (const p of peers[0]) expect(p.bgpPeer.node.dependencies).toContain(racks[0].roleBinding);
    for (const p of peers[1]) expect(p.bgpPeer.node.dependencies).toEqual([]);
    expect(expectOrdered(objects)).toBe(4);
    expect(objects.findIndex((o) => o.metadata.name === 'early')).toBeGreaterThan(objects.findIndex((o) => o.metadata.name === 'rack-0-tor-1'));
  });

  it('GIVEN a peer on a shared secret created inside a construct that precedes the secret WHEN synthesized THEN it declares its dependency and follows the RBAC', () => {
    // GIVEN: the tree order alone would write this BGPPeer before the secret's objects
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const early = new Construct(chart, 'early');
    new ApiObject(early, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
    const rack = new BgpPasswordSecret(chart, 'rack', { password: BgpPassword.generate({ seed: TEST_SEED }) });
    const inside = new SecuredBgpPeer(early, 'inside', { peerIP: '192.0.2.1', asNumber: 64601, sharedSecret: rack });
    const after = new SecuredBgpPeer(chart, 'after', { peerIP: '192.0.2.2', asNumber: 64601, sharedSecret: rack });
    // WHEN
    const objects = Testing.synth(chart) as Obj[];
    // THEN the secret's unit declared its edges (both peers), and the order holds
    expect(inside.bgpPeer.node.dependencies).toContain(rack.roleBinding);
    expect(after.bgpPeer.node.dependencies).toContain(rack.roleBinding);
    expect(expectOrdered(objects)).toBe(2);
  });

  it('GIVEN peers on a shared secret created after it, nothing depending on them WHEN synthesized THEN no edge is declared and they follow the RBAC', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const rack = new BgpPasswordSecret(chart, 'rack', { password: BgpPassword.generate({ seed: TEST_SEED }) });
    const peers = [1, 2].map((i) => new SecuredBgpPeer(chart, `tor-${i}`, { peerIP: `192.0.2.${i}`, asNumber: 64601, sharedSecret: rack }));
    // WHEN
    const objects = Testing.synth(chart) as Obj[];
    // THEN
    for (const p of peers) expect(p.bgpPeer.node.dependencies).toEqual([]);
    expect(expectOrdered(objects)).toBe(2);
  });

  it('GIVEN a peer on a shared secret in another chart WHEN synthesized THEN it depends on the secret at once, so the secret\'s chart comes first', () => {
    // GIVEN a chart created before the secret's, holding a peer on it
    const app = Testing.app();
    const other = new Chart(app, 'other');
    const chart = new Chart(app, 'test');
    const rack = new BgpPasswordSecret(chart, 'rack', { password: BgpPassword.generate({ seed: TEST_SEED }) });
    const peer = new SecuredBgpPeer(other, 'tor', { peerIP: '192.0.2.1', asNumber: 64601, sharedSecret: rack });
    // THEN the dependency is there before any synth
    expect(peer.bgpPeer.node.dependencies).toContain(rack.roleBinding);
    // AND the YAML writes the secret's chart first
    const objects = parseAllDocuments(app.synthYaml()).map((d) => d.toJSON() as Obj);
    expect(expectOrdered(objects)).toBe(1);
  });

  it('GIVEN a dependant on an own peer\'s Secret created after it WHEN synthesized THEN the peer declares its edges and still follows its Secret', () => {
    // GIVEN: without the edges, the Secret would be written at its dependant, after the BGPPeer
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const peer = new SecuredBgpPeer(chart, 'tor', { peerIP: '192.0.2.1', asNumber: 64601, password: BgpPassword.generate({ seed: TEST_SEED }) });
    new ApiObject(chart, 'late', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } }).addDependency(peer.secret!);
    expect(peer.bgpPeer.node.dependencies).toEqual([]);
    // WHEN
    const objects = Testing.synth(chart) as Obj[];
    // THEN
    expect(peer.bgpPeer.node.dependencies).toEqual(expect.arrayContaining([peer.secret, peer.roleBinding]));
    expect(expectOrdered(objects)).toBe(1);
  });
});
