/**
 * Registers the end-to-end session tests for one engine: every case of the matrix against BIRD,
 * FRR and GoBGP routers, the engine's examples, and the mesh cases. The cases are emitted once
 * (before all), then run as one batch per router kind plus one mesh batch, concurrently; each test
 * asserts on its own case's outcome. Call inside `describeE2E(..., { concurrent: true })`.
 *
 * Assertions compare passwords only as booleans computed inside the batch, and every diagnostic is
 * redacted, so no password reaches a test name, a failure message or a diff.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { K8sObject } from './calico-node';
import { runMeshBatch, type MeshBatchResult, type MeshOutcome, type MeshSet } from './mesh-batch';
import { runPeeringBatch, type EmittedSet, type PeerOutcome, type PeeringBatchResult } from './peering-batch';
import { redact } from './redact';
import type { RouterKind } from './router';
import { MESH_CASES, PEER_CASES, installOf, type EngineAdapter, type MeshCase, type PeerCase, type PeerVerdict } from './session-cases';

/** The routers every peer case runs against. */
export const ROUTER_KINDS: readonly RouterKind[] = ['bird', 'frr', 'gobgp'];

const EXAMPLE = 'example';

interface Batches {
  readonly peers: ReadonlyMap<RouterKind, Promise<PeeringBatchResult>>;
  readonly mesh: Promise<MeshBatchResult>;
}

const bgpPeerNames = (objects: readonly K8sObject[]) => objects.filter((o) => o.kind === 'BGPPeer').map((o) => String(o.metadata?.name));

/** Emits every case (in order: Pulumi mocks are process-wide) and turns them into batch inputs. */
async function emitAll(adapter: EngineAdapter, peerCases: readonly PeerCase[], meshCases: readonly MeshCase[]) {
  const peerSets: EmittedSet[] = [];
  const toSet = (
    label: string,
    verdict: PeerVerdict,
    install: ReturnType<typeof installOf>,
    objects: readonly K8sObject[],
    passwords: Readonly<Record<string, string | undefined>>,
  ): EmittedSet => ({
    label,
    install,
    objects,
    peers: Object.fromEntries(
      bgpPeerNames(objects).map((name) => [
        name,
        {
          caseId: `${label}/${name}`,
          routerPassword: passwords[name],
          expect: verdict === 'established' ? ('established' as const) : ('down' as const),
        },
      ]),
    ),
  });
  for (const [c, kase] of peerCases.entries()) {
    const set = await kase.build(adapter, (i) => `10.98.${c}.${i + 1}`);
    peerSets.push(toSet(kase.id, kase.verdict, installOf(set.install), set.objects, set.routerPasswords));
  }
  const meshSets: MeshSet[] = [];
  for (const kase of meshCases) {
    const m = await kase.build(adapter);
    meshSets.push({ caseId: kase.id, install: installOf(m.install), objects: m.objects, objectsB: m.objectsB, expect: kase.verdict === 'down' ? 'down' : 'established' });
  }
  for (const ex of await adapter.examples()) {
    peerSets.push(toSet(`${EXAMPLE}-${ex.label}`, 'established', installOf(ex.install), ex.emission.objects, ex.emission.routerPasswords));
    if (ex.mesh) {
      meshSets.push({ caseId: `${EXAMPLE}-${ex.label}`, install: installOf(ex.install), objects: ex.mesh.objects, expect: 'established' });
    }
  }
  return { peerSets, meshSets };
}

function describeOutcome(o: PeerOutcome | MeshOutcome, secrets: readonly string[]): string {
  return redact(JSON.stringify(o), [...secrets]);
}

/** GIVEN a case's BGPPeers run against the router, THEN each one ends as the verdict says. */
export function expectPeerVerdict(
  verdict: PeerVerdict,
  outcomes: readonly PeerOutcome[],
  secrets: readonly string[],
  passwordBytes?: number,
): void {
  expect(outcomes.length, 'the case emitted at least one BGPPeer').toBeGreaterThan(0);
  for (const o of outcomes) {
    const d = `${o.caseId}: ${describeOutcome(o, secrets)}`;
    const everUp = o.node.everEstablished || o.router.everEstablished;
    if (verdict === 'established') {
      // calico-node read the password, it is the router's, and both ends are Established.
      expect(o.warnings, d).toEqual([]);
      expect(o.nodeHasPassword && o.passwordsMatch, `${d}: calico-node's password equals the router's`).toBe(true);
      if (passwordBytes !== undefined) expect(o.nodePasswordBytes, d).toBe(passwordBytes);
      expect(o.node.state, d).toBe('Established');
      expect(o.router.state, d).toBe('Established');
    } else if (verdict === 'down') {
      // calico-node read a password, but not the router's: neither end ever came up.
      expect(o.warnings, d).toEqual([]);
      expect(o.nodeHasPassword && !o.passwordsMatch, `${d}: calico-node holds a password other than the router's`).toBe(
        true,
      );
      expect(everUp, `${d}: never Established`).toBe(false);
    } else {
      // calico-node could not read the Secret: it warns and renders the peer without a password,
      // and the router, which has one, never lets the session up.
      expect(o.warnings.length, d).toBe(1);
      expect(o.warnings[0].startsWith(`Can't read password for BGPPeer ${o.peerName}: `), d).toBe(true);
      expect(o.nodeHasPassword, `${d}: the node-side protocol has no password`).toBe(false);
      expect(o.routerHasPassword, `${d}: the router has a password`).toBe(true);
      expect(everUp, `${d}: never Established`).toBe(false);
    }
  }
}

/** GIVEN a mesh case run between two Calico nodes, THEN its session ends as the verdict says. */
function expectMeshVerdict(verdict: MeshCase['verdict'], o: MeshOutcome | undefined, secrets: readonly string[], passwordBytes?: number): void {
  expect(o, 'the mesh case ran').toBeDefined();
  const d = `${o!.caseId}: ${describeOutcome(o!, secrets)}`;
  const sides = [o!.a, o!.b];
  if (verdict === 'established') {
    expect(sides.flatMap((s) => s.warnings), d).toEqual([]);
    expect(o!.passwordsMatch, `${d}: both nodes read the same password`).toBe(true);
    if (passwordBytes !== undefined) {
      expect(
        sides.map((s) => s.passwordBytes),
        d,
      ).toEqual([passwordBytes, passwordBytes]);
    }
    expect(sides.map((s) => s.state), d).toEqual(['Established', 'Established']);
  } else if (verdict === 'down') {
    expect(sides.every((s) => s.hasPassword) && !o!.passwordsMatch, `${d}: both nodes hold passwords, different ones`).toBe(true);
    expect(sides.some((s) => s.everEstablished), `${d}: never Established`).toBe(false);
  } else {
    // Both nodes fail open: a mesh without TCP-MD5 on either end comes up, unauthenticated.
    for (const s of sides) {
      expect(s.warnings.length, d).toBe(1);
      expect(s.warnings[0].startsWith("Can't read password referenced by BGP Configuration default"), d).toBe(true);
      expect(s.hasPassword, `${d}: no password rendered`).toBe(false);
    }
    expect(sides.map((s) => s.state), d).toEqual(['Established', 'Established']);
  }
}

/** Registers the suite for `adapter` (see the file comment). */
export function defineSessionSuite(adapter: EngineAdapter): void {
  const peerCases = PEER_CASES.filter((c) => !c.needsSeed || adapter.derivesFromSeed);
  const meshCases = MESH_CASES.filter((c) => !c.needsSeed || adapter.derivesFromSeed);
  let batches: Batches | undefined;

  beforeAll(async () => {
    const { peerSets, meshSets } = await emitAll(adapter, peerCases, meshCases);
    const peers = new Map(ROUTER_KINDS.map((router) => [router, runPeeringBatch({ router, sets: peerSets, suite: `${adapter.engine} sessions` })] as const));
    const mesh = runMeshBatch(meshSets, { suite: `${adapter.engine} mesh` });
    for (const p of [...peers.values(), mesh]) p.catch(() => undefined); // awaited by the tests
    batches = { peers, mesh };
  });

  afterAll(async () => {
    if (!batches) return;
    const done = await Promise.allSettled([...batches.peers.values(), batches.mesh]);
    const lines = done.map((r, i) => {
      const what = i < ROUTER_KINDS.length ? `${ROUTER_KINDS[i]} router batch` : 'mesh batch';
      if (r.status === 'rejected') return `${what}: failed`;
      const slowest = Math.max(0, ...[...r.value.outcomes.values()].flatMap((o: PeerOutcome | MeshOutcome) =>
        ('node' in o ? [o.node, o.router] : [o.a, o.b]).map((s) => s.establishedAfterMs ?? 0)));
      return `${what}: ${r.value.outcomes.size} sessions, last Established after ${slowest} ms, watched ${r.value.watchedMs} ms`;
    });
    // eslint-disable-next-line no-console
    console.log(`e2e ${adapter.engine} sessions:\n  ${lines.join('\n  ')}`);
  });

  const peerOutcomes = async (router: RouterKind, label: string) => {
    const result = await batches!.peers.get(router)!;
    return { result, outcomes: [...result.outcomes.values()].filter((o) => o.setLabel === label) };
  };

  for (const router of ROUTER_KINDS) {
    for (const kase of peerCases) {
      it(`${router} router: ${kase.title}`, async () => {
        // GIVEN the case's objects as the engine emits them, and the router configured from the
        // library's router export with the password the user copied
        // WHEN calico-node (emulated) renders them into BIRD and both ends run
        const { result, outcomes } = await peerOutcomes(router, kase.id);
        // THEN the router took every configuration line, and each session ends as the case says
        expect(result.routerConfigErrors, 'the router accepted its configuration').toEqual([]);
        expectPeerVerdict(kase.verdict, outcomes, result.secrets, kase.passwordBytes);
      });
    }
    it(`${router} router: every BGPPeer of the ${adapter.engine} example reaches Established`, async () => {
      // GIVEN the example as its README runs it, WHEN every BGPPeer it emits runs against the router
      const result = await batches!.peers.get(router)!;
      const outcomes = [...result.outcomes.values()].filter((o) => o.setLabel.startsWith(`${EXAMPLE}-`));
      // THEN each one reaches Established with the password the user reads from the output
      expect(result.routerConfigErrors, 'the router accepted its configuration').toEqual([]);
      expectPeerVerdict('established', outcomes, result.secrets);
    });
  }

  for (const kase of meshCases) {
    it(`mesh: ${kase.title}`, async () => {
      // GIVEN the mesh password's objects, WHEN two emulated calico-nodes read them and mesh
      const result = await batches!.mesh;
      // THEN the mesh session ends as the case says
      expectMeshVerdict(kase.verdict, result.outcomes.get(kase.id), result.secrets, kase.passwordBytes);
    });
  }
  it(`mesh: the ${adapter.engine} example's mesh password brings two Calico nodes to Established`, async () => {
    // GIVEN the example's objects, WHEN two emulated calico-nodes read them and mesh, THEN they peer
    const result = await batches!.mesh;
    const examples = [...result.outcomes.values()].filter((o) => o.caseId.startsWith(`${EXAMPLE}-`));
    expect(examples.length, 'the example has a mesh password').toBeGreaterThan(0);
    for (const o of examples) expectMeshVerdict('established', o, result.secrets);
  });
}
