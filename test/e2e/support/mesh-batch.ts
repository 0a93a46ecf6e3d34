/**
 * Runs many node-to-node mesh sessions at once: two calico-node BIRDs (BIRD 1.6; node A and node B,
 * each in its own namespace). For every mesh set, the calico-node emulator renders what confd
 * renders on each of two Calico nodes of that cluster: BGPConfiguration `default`'s
 * `nodeMeshPassword` read through calico-node's RBAC, and the `Mesh_<ip>` protocol towards the
 * other node (passive on the side whose peer address sorts higher, as confd does). Every mesh set
 * gets its own pair of node addresses, so the two BIRDs carry one mesh session per set, each with
 * its own password (see mergedNodeFiles).
 */
import { startCalicoNodeBird, MAX_WAIT_MS } from './bird';
import { calicoNodeObject, calicoProtocolName, confdBgpConfig, isCalico, snapshotSecrets, type BirdBGPPeer, type CalicoInstall, type K8sObject } from './calico-node';
import { sleep, withTopology } from './netns';
import { parseBirdSummary, type NeighborState } from './multi-router';
import { ipBatch, mergedNodeFiles, type SideOutcome } from './peering-batch';
import { recordSession } from './report';

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

/** What confd renders on node `self` towards node `other` of one cluster: the Mesh_ peering and its warnings. */
function meshPeering(
  objects: readonly K8sObject[],
  install: CalicoInstall,
  self: string,
  other: string,
): { peer: BirdBGPPeer; asNumber: number; password?: string; warnings: string[] } {
  const config = objects.find((o) => isCalico(o, 'BGPConfiguration') && o.metadata?.name === 'default');
  if (!config?.spec?.nodeMeshPassword?.secretKeyRef) {
    throw new Error('expected one mesh password reference, found none');
  }
  const cluster = objects.filter((o) => !isCalico(o, 'Node'));
  const warnings: string[] = [];
  const rendered = confdBgpConfig({
    objects: [
      ...cluster,
      calicoNodeObject({ name: 'mesh-self', ipv4: self }),
      calicoNodeObject({ name: 'mesh-other', ipv4: other }),
    ],
    nodeName: 'mesh-self',
    ipVersion: 4,
    secrets: snapshotSecrets(objects, install),
    warn: (m) => {
      if (m.startsWith("Can't read password referenced by BGP Configuration default") && !warnings.includes(m)) {
        warnings.push(m);
      }
    },
  });
  const peer = rendered.peers.find((p) => p.name === calicoProtocolName('Mesh', other));
  if (!peer) throw new Error(`calico-node renders no mesh peering towards ${other}`);
  return { peer, asNumber: Number(rendered.asNumber), password: peer.password, warnings };
}

/** Runs every mesh set between two node BIRDs; bounded by `maxWaitMs` (≤30 s). */
export async function runMeshBatch(
  sets: readonly MeshSet[],
  opts: { downWatchMs?: number; maxWaitMs?: number; suite?: string } = {},
): Promise<MeshBatchResult> {
  if (sets.length > 250) throw new Error('too many mesh sets in one batch');
  const planned = sets.map((s, k) => {
    const [ipA, ipB] = [`10.97.0.${k + 1}`, `10.97.1.${k + 1}`];
    return {
      set: s,
      ipA,
      ipB,
      a: meshPeering(s.objects, s.install, ipA, ipB),
      b: meshPeering(s.objectsB ?? s.objects, s.install, ipB, ipA),
    };
  });
  const secrets = [...new Set(planned.flatMap((p) => [p.a.password, p.b.password]).filter((x): x is string => !!x))];
  const downWatchMs = opts.downWatchMs ?? 7000;
  const maxWaitMs = Math.min(opts.maxWaitMs ?? MAX_WAIT_MS, MAX_WAIT_MS);

  return withTopology(async (topo) => {
    const nsA = await topo.addNamespace('meshA');
    const nsB = await topo.addNamespace('meshB');
    const link = await topo.link(nsA, nsB);
    await ipBatch(
      topo,
      nsA,
      planned.flatMap((p) => [
        `addr add ${p.ipA}/32 dev ${link.aIf}`,
        `route add ${p.ipB}/32 dev ${link.aIf} src ${p.ipA}`,
      ]),
    );
    await ipBatch(
      topo,
      nsB,
      planned.flatMap((p) => [
        `addr add ${p.ipB}/32 dev ${link.bIf}`,
        `route add ${p.ipA}/32 dev ${link.bIf} src ${p.ipB}`,
      ]),
    );
    // confd's Mesh_ peering of every set, on each side.
    const files = (self: 'a' | 'b') =>
      mergedNodeFiles(
        self === 'a' ? link.aIp : link.bIp,
        planned.map((p) => ({ peer: p[self].peer, nodeAs: p[self].asNumber })),
      );
    const started = Date.now();
    const [birdA, birdB] = await Promise.all([
      startCalicoNodeBird(topo, { ns: nsA, label: 'meshA', files: files('a') }),
      startCalicoNodeBird(topo, { ns: nsB, label: 'meshB', files: files('b') }),
    ]);

    const first = new Map<string, number>();
    let last: [Map<string, NeighborState>, Map<string, NeighborState>] = [new Map(), new Map()];
    const key = (side: 'a' | 'b', p: (typeof planned)[number]) =>
      `${side}:${calicoProtocolName('Mesh', side === 'a' ? p.ipB : p.ipA)}`;
    const state = (side: 'a' | 'b', p: (typeof planned)[number]) =>
      last[side === 'a' ? 0 : 1].get(calicoProtocolName('Mesh', side === 'a' ? p.ipB : p.ipA)) ?? { state: 'Unknown' };
    for (;;) {
      last = (await Promise.all(
        [birdA, birdB].map((b) => b.birdc('show', 'protocols').then(parseBirdSummary, () => new Map())),
      )) as typeof last;
      for (const p of planned) {
        for (const side of ['a', 'b'] as const) {
          if (state(side, p).state === 'Established' && !first.has(key(side, p))) {
            first.set(key(side, p), Date.now() - started);
          }
        }
      }
      const elapsed = Date.now() - started;
      const allUp = planned
        .filter((p) => p.set.expect === 'established')
        .every((p) => state('a', p).state === 'Established' && state('b', p).state === 'Established');
      if ((allUp && elapsed >= downWatchMs) || elapsed >= maxWaitMs) break;
      await sleep(300);
    }
    const watchedMs = Date.now() - started;

    const outcomes = new Map<string, MeshOutcome>();
    for (const p of planned) {
      const side = (s: 'a' | 'b'): MeshNodeOutcome => ({
        ...state(s, p),
        everEstablished: first.has(key(s, p)),
        establishedAfterMs: first.get(key(s, p)),
        warnings: p[s].warnings,
        hasPassword: !!p[s].password,
        passwordBytes: p[s].password ? Buffer.byteLength(p[s].password!) : 0,
      });
      const o: MeshOutcome = {
        caseId: p.set.caseId,
        passwordsMatch: !!p.a.password && p.a.password === p.b.password,
        a: side('a'),
        b: side('b'),
      };
      outcomes.set(p.set.caseId, o);
      const up = o.a.state === 'Established' && o.b.state === 'Established';
      const never = !o.a.everEstablished && !o.b.everEstablished;
      recordSession({
        suite: opts.suite ?? 'mesh batch',
        case: p.set.caseId,
        router: 'calico-node (mesh)',
        expected: p.set.expect,
        observed: up ? 'established' : never ? 'down' : 'other',
      });
    }
    return { outcomes, secrets, watchedMs };
  });
}
