/**
 * Runs many node-to-node mesh sessions at once: two Calico-side BIRDs (node A and node B, each in
 * its own namespace), each resolving BGPConfiguration `default`'s `nodeMeshPassword` through the
 * calico-node emulator and rendering Calico's `Mesh_<ip>` protocol (passive on the side whose peer
 * address sorts higher, as confd does). Every mesh set gets its own pair of node addresses, so the
 * two BIRDs carry one mesh session per set, each with its own password.
 */
import { renderBirdConfig, startBird, MAX_WAIT_MS } from './bird';
import { calicoProtocolName, meshPassive, renderBirdBgpProtocol, resolvePasswords, type CalicoInstall, type K8sObject } from './calico-node';
import { sleep, withTopology } from './netns';
import { parseBirdSummary, type NeighborState } from './multi-router';
import { clusterAsNumber, ipBatch, type SideOutcome } from './peering-batch';

/** One cluster's mesh password, as each node reads it. */
export interface MeshSet {
  readonly caseId: string;
  readonly install: CalicoInstall;
  /** The objects node A reads. */
  readonly objects: readonly K8sObject[];
  /** The objects node B reads, when they differ (e.g. mid-rotation). @default objects */
  readonly objectsB?: readonly K8sObject[];
  readonly expect: 'established' | 'down';
}

/** What one node made of the mesh password. */
export interface MeshNodeOutcome extends SideOutcome {
  readonly warnings: readonly string[];
  readonly hasPassword: boolean;
  readonly passwordBytes: number;
}

/** What happened to one mesh session. Holds no password. */
export interface MeshOutcome {
  readonly caseId: string;
  /** Whether both nodes resolved the same password, byte for byte. */
  readonly passwordsMatch: boolean;
  readonly a: MeshNodeOutcome;
  readonly b: MeshNodeOutcome;
}

/** What a mesh batch produced. */
export interface MeshBatchResult {
  readonly outcomes: ReadonlyMap<string, MeshOutcome>;
  readonly secrets: readonly string[];
  readonly watchedMs: number;
}

function meshPassword(objects: readonly K8sObject[], install: CalicoInstall): { password?: string; warnings: string[] } {
  const mesh = resolvePasswords([...objects], install).filter((r) => r.source === 'BGPConfiguration');
  if (mesh.length !== 1) throw new Error(`expected one mesh password reference, found ${mesh.length}`);
  return { password: mesh[0].password, warnings: mesh[0].warnings };
}

/** Runs every mesh set between two node BIRDs; bounded by `maxWaitMs` (≤30 s). */
export async function runMeshBatch(sets: readonly MeshSet[], opts: { downWatchMs?: number; maxWaitMs?: number } = {}): Promise<MeshBatchResult> {
  if (sets.length > 250) throw new Error('too many mesh sets in one batch');
  const planned = sets.map((s, k) => ({
    set: s, ipA: `10.97.0.${k + 1}`, ipB: `10.97.1.${k + 1}`, asNumber: clusterAsNumber(s.objects),
    a: meshPassword(s.objects, s.install), b: meshPassword(s.objectsB ?? s.objects, s.install),
  }));
  const secrets = [...new Set(planned.flatMap((p) => [p.a.password, p.b.password]).filter((x): x is string => !!x))];
  const downWatchMs = opts.downWatchMs ?? 7000;
  const maxWaitMs = Math.min(opts.maxWaitMs ?? MAX_WAIT_MS, MAX_WAIT_MS);

  return withTopology(async (topo) => {
    const nsA = await topo.addNamespace('meshA');
    const nsB = await topo.addNamespace('meshB');
    const link = await topo.link(nsA, nsB);
    await ipBatch(topo, nsA, planned.flatMap((p) => [`addr add ${p.ipA}/32 dev ${link.aIf}`, `route add ${p.ipB}/32 dev ${link.aIf} src ${p.ipA}`]));
    await ipBatch(topo, nsB, planned.flatMap((p) => [`addr add ${p.ipB}/32 dev ${link.bIf}`, `route add ${p.ipA}/32 dev ${link.bIf} src ${p.ipB}`]));
    // calico-node's Mesh_ protocol per other node (libcalico-go bird template, node-to-node mesh section).
    const config = (self: 'a' | 'b') => renderBirdConfig({
      routerId: self === 'a' ? link.aIp : link.bIp,
      protocols: planned.map((p) => {
        const [me, other] = self === 'a' ? [p.ipA, p.ipB] : [p.ipB, p.ipA];
        return renderBirdBgpProtocol({
          name: calicoProtocolName('Mesh', other), localAs: p.asNumber, neighborIp: other, neighborAs: p.asNumber,
          sourceAddress: me, passive: meshPassive(me, other), password: p[self].password, gracefulRestartTime: 120,
          description: `Connection to BGP peer ${other}`,
        });
      }),
    });
    const started = Date.now();
    const [birdA, birdB] = await Promise.all([
      startBird(topo, { ns: nsA, label: 'meshA', configText: config('a') }),
      startBird(topo, { ns: nsB, label: 'meshB', configText: config('b') }),
    ]);

    const first = new Map<string, number>();
    let last: [Map<string, NeighborState>, Map<string, NeighborState>] = [new Map(), new Map()];
    const key = (side: 'a' | 'b', p: (typeof planned)[number]) => `${side}:${calicoProtocolName('Mesh', side === 'a' ? p.ipB : p.ipA)}`;
    const state = (side: 'a' | 'b', p: (typeof planned)[number]) =>
      last[side === 'a' ? 0 : 1].get(calicoProtocolName('Mesh', side === 'a' ? p.ipB : p.ipA)) ?? { state: 'Unknown' };
    for (;;) {
      last = await Promise.all([birdA, birdB].map((b) => b.birdc('show', 'protocols').then(parseBirdSummary, () => new Map()))) as typeof last;
      for (const p of planned) {
        for (const side of ['a', 'b'] as const) {
          if (state(side, p).state === 'Established' && !first.has(key(side, p))) first.set(key(side, p), Date.now() - started);
        }
      }
      const elapsed = Date.now() - started;
      const allUp = planned.filter((p) => p.set.expect === 'established')
        .every((p) => state('a', p).state === 'Established' && state('b', p).state === 'Established');
      if ((allUp && elapsed >= downWatchMs) || elapsed >= maxWaitMs) break;
      await sleep(300);
    }
    const watchedMs = Date.now() - started;

    const outcomes = new Map<string, MeshOutcome>();
    for (const p of planned) {
      const side = (s: 'a' | 'b'): MeshNodeOutcome => ({
        ...state(s, p), everEstablished: first.has(key(s, p)), establishedAfterMs: first.get(key(s, p)),
        warnings: p[s].warnings, hasPassword: !!p[s].password, passwordBytes: p[s].password ? Buffer.byteLength(p[s].password!) : 0,
      });
      outcomes.set(p.set.caseId, { caseId: p.set.caseId, passwordsMatch: !!p.a.password && p.a.password === p.b.password, a: side('a'), b: side('b') });
    }
    return { outcomes, secrets, watchedMs };
  });
}
