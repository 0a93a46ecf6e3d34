/**
 * Runs BGPPeer sessions whose router side is the library's own per-peer router export, taken as
 * is: where {@link runPeeringBatch} renders the router from the BGPPeer through the core, this batch
 * asks the caller for each peering's text (e.g. `SharedBgpPeer.routerConfig(kind, { includePassword:
 * true, ...slot })`), then pastes the texts together as an operator would
 * ({@link composeRouterConfig}). The node side is the same: the calico-node emulator renders every
 * BGPPeer as confd does and ONE calico-node BIRD (BIRD 1.6) holds each peering, each from its own
 * node address. All peers of a batch must reach one router AS (one router daemon).
 *
 * Outcomes hold booleans about passwords, never a password; diagnostics are redacted.
 */
import { MAX_WAIT_MS } from './bird';
import { composeRouterConfig, parseBirdSummary, startMultiRouter, type NeighborState } from './multi-router';
import { sleep, withTopology } from './netns';
import {
  Tracker,
  batchSecrets,
  ipBatch,
  peerOutcome,
  planPeerings,
  recordOutcomes,
  startNodeBird,
  type EmittedSet,
  type PeerOutcome,
  type PeeringBatchResult,
} from './peering-batch';
import { redact } from './redact';
import type { RouterKind } from './router';

/** Where a peering sits in the batch: what its router export needs to address this node. */
export interface RouterSlot {
  /** The node's address (the router's neighbour). */
  readonly nodeAddresses: string[];
  /** The router's BGP identifier. */
  readonly routerId: string;
  /** The peering's own peer group (BIRD names its protocol `<peerGroup>_1`). */
  readonly peerGroup: string;
  /** The nodes' AS (BGPConfiguration `default`, else Calico's default). */
  readonly clusterASNumber: number;
  /** The node is one /32 behind a device route, not on a connected subnet. */
  readonly ebgpMultihop: number;
}

/** The router side of one peering, given its slot. */
export type RouterExport = (slot: RouterSlot) => Promise<string>;

/** What happened to one BGPPeer, and whether its router export held calico-node's password. */
export interface ExportOutcome extends PeerOutcome {
  /** Whether the exported text contains the password calico-node resolved. */
  readonly exportHoldsNodePassword: boolean;
}

/** Options of {@link runExportBatch}. */
export interface ExportBatchOptions {
  readonly router: RouterKind;
  /** Every BGPPeer must be expected `established` (this batch proves exports that work). */
  readonly sets: readonly EmittedSet[];
  /** Each peering's router export, by the case id of its expectation. */
  readonly exports: ReadonlyMap<string, RouterExport>;
  /** @default 30000 */
  readonly maxWaitMs?: number;
}

/** What a batch produced: a peering batch's result, with the export's outcomes. */
export interface ExportBatchResult extends Omit<PeeringBatchResult, 'outcomes'> {
  readonly outcomes: ReadonlyMap<string, ExportOutcome>;
}

/** Runs every BGPPeer of `sets` against one router configured from `exports` (see the file comment). */
export async function runExportBatch(o: ExportBatchOptions): Promise<ExportBatchResult> {
  const planned = planPeerings(o.sets);
  const notUp = planned.filter((p) => p.exp.expect !== 'established').map((p) => p.exp.caseId);
  if (notUp.length) throw new Error(`export batch: ${notUp.join(', ')} must be expected established`);
  const routerAs = new Set(planned.map((p) => p.peerAs));
  if (routerAs.size !== 1) throw new Error(`export batch: the peers reach ${routerAs.size} router AS numbers, not one`);
  const maxWaitMs = Math.min(o.maxWaitMs ?? MAX_WAIT_MS, MAX_WAIT_MS);

  return withTopology(async (topo) => {
    const nodeNs = await topo.addNamespace('node');
    const routerNs = await topo.addNamespace('r');
    const link = await topo.link(nodeNs, routerNs);
    await ipBatch(topo, nodeNs, planned.flatMap((p) => [`addr add ${p.nodeIp}/32 dev ${link.aIf}`,
      `route add ${p.peerIp}/32 dev ${link.aIf} src ${p.nodeIp}`]));
    await ipBatch(topo, routerNs, planned.flatMap((p) => [`addr add ${p.peerIp}/32 dev ${link.bIf}`,
      `route add ${p.nodeIp}/32 dev ${link.bIf} src ${p.peerIp}`]));

    const texts = await Promise.all(planned.map((p, i) => {
      const render = o.exports.get(p.exp.caseId);
      if (!render) throw new Error(`export batch: no router export for ${p.exp.caseId}`);
      return render({ nodeAddresses: [p.nodeIp], routerId: link.bIp, peerGroup: `calico_${i}`, clusterASNumber: p.nodeAs, ebgpMultihop: 2 });
    }));
    const secrets = batchSecrets(planned);

    const started = Date.now();
    const node = await startNodeBird(topo, nodeNs, planned);
    const router = await startMultiRouter(topo, {
      kind: o.router, ns: routerNs, configText: composeRouterConfig(o.router, link.bIp, texts),
      neighbors: planned.map((p, i) => ({ nodeIp: p.nodeIp, birdProtocol: `calico_${i}_1` })),
    });

    const nodeSide = new Tracker(started);
    const routerSide = new Tracker(started);
    for (;;) {
      const [nodeStates, routerStates] = await Promise.all([
        node.birdc('show', 'protocols').then(parseBirdSummary, () => new Map<string, NeighborState>()),
        router.states(),
      ]);
      for (const p of planned) {
        nodeSide.see(p.protocol, nodeStates.get(p.protocol));
        routerSide.see(p.nodeIp, routerStates.get(p.nodeIp));
      }
      const allUp = planned.every((p) => nodeSide.up(p.protocol) && routerSide.up(p.nodeIp));
      if (allUp || Date.now() - started >= maxWaitMs) break;
      await sleep(200);
    }
    const watchedMs = Date.now() - started;

    const outcomes = new Map<string, ExportOutcome>(
      planned.map((p, i) => [
        p.exp.caseId,
        {
          ...peerOutcome(p, nodeSide, routerSide),
          exportHoldsNodePassword: !!p.nodePassword && texts[i].includes(p.nodePassword),
        },
      ]),
    );
    recordOutcomes('router export batch', o.router, planned, outcomes);
    const routerConfigErrors = router.daemon.configErrors().map((l) => redact(l, secrets));
    return { router: o.router, outcomes, secrets, routerConfigErrors, watchedMs };
  });
}
