/**
 * Runs BGPPeer sessions whose router side is the library's own per-peer router export, taken as
 * is: where {@link runPeeringBatch} renders the router from the BGPPeer through the core, this batch
 * asks the caller for each peering's text (e.g. `SharedBgpPeer.routerConfig(kind, { includePassword:
 * true, ...slot })`), then pastes the texts together as an operator would
 * ({@link composeRouterConfig}). The node side is the same: the calico-node emulator resolves every
 * BGPPeer's password and ONE node-side BIRD holds a Calico-shaped protocol per peering, each from
 * its own node address. All peers of a batch must reach one router AS (one router daemon).
 *
 * Outcomes hold booleans about passwords, never a password; diagnostics are redacted.
 */
import { MAX_WAIT_MS, renderBirdConfig, startBird } from './bird';
import { renderBirdBgpProtocol } from './calico-node';
import { composeRouterConfig, parseBirdSummary, startMultiRouter, type NeighborState } from './multi-router';
import { sleep, withTopology } from './netns';
import { ipBatch, planPeerings, type EmittedSet, type PeerOutcome, type SideOutcome } from './peering-batch';
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

/** What a batch produced. */
export interface ExportBatchResult {
  readonly router: RouterKind;
  readonly outcomes: ReadonlyMap<string, ExportOutcome>;
  /** Every password of the batch, for redacting diagnostics. */
  readonly secrets: readonly string[];
  /** Config lines the router refused. */
  readonly routerConfigErrors: readonly string[];
  readonly watchedMs: number;
}

/** The first Established seen of each side, and the last state. */
function tracker(started: number) {
  const first = new Map<string, number>();
  const last = new Map<string, NeighborState>();
  return {
    see(key: string, s: NeighborState | undefined) {
      last.set(key, s ?? { state: 'Unknown' });
      if (s?.state === 'Established' && !first.has(key)) first.set(key, Date.now() - started);
    },
    up: (key: string) => last.get(key)?.state === 'Established',
    outcome(key: string): SideOutcome {
      const s = last.get(key) ?? { state: 'Unknown' };
      return { state: s.state, info: s.info, everEstablished: first.has(key), establishedAfterMs: first.get(key) };
    },
  };
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
    await ipBatch(topo, nodeNs, planned.flatMap((p) => [`addr add ${p.nodeIp}/32 dev ${link.aIf}`, `route add ${p.peerIp}/32 dev ${link.aIf} src ${p.nodeIp}`]));
    await ipBatch(topo, routerNs, planned.flatMap((p) => [`addr add ${p.peerIp}/32 dev ${link.bIf}`, `route add ${p.nodeIp}/32 dev ${link.bIf} src ${p.peerIp}`]));

    const texts = await Promise.all(planned.map((p, i) => {
      const render = o.exports.get(p.exp.caseId);
      if (!render) throw new Error(`export batch: no router export for ${p.exp.caseId}`);
      return render({ nodeAddresses: [p.nodeIp], routerId: link.bIp, peerGroup: `calico_${i}`, clusterASNumber: p.nodeAs, ebgpMultihop: 2 });
    }));
    const secrets = [...new Set(planned.flatMap((p) => [p.nodePassword, p.exp.routerPassword]).filter((s): s is string => !!s))];

    const started = Date.now();
    const node = await startBird(topo, {
      ns: nodeNs, label: 'node',
      configText: renderBirdConfig({
        routerId: '10.77.0.1',
        protocols: planned.map((p) => renderBirdBgpProtocol({
          name: p.protocol, localAs: p.nodeAs, neighborIp: p.peerIp, neighborAs: p.peerAs, sourceAddress: p.nodeIp, password: p.nodePassword,
        })),
      }),
    });
    const router = await startMultiRouter(topo, {
      kind: o.router, ns: routerNs, configText: composeRouterConfig(o.router, link.bIp, texts),
      neighbors: planned.map((p, i) => ({ nodeIp: p.nodeIp, birdProtocol: `calico_${i}_1` })),
    });

    const nodeSide = tracker(started);
    const routerSide = tracker(started);
    for (;;) {
      const [nodeStates, routerStates] = await Promise.all([
        node.birdc('show', 'protocols').then(parseBirdSummary, () => new Map<string, NeighborState>()),
        router.states(),
      ]);
      for (const p of planned) {
        nodeSide.see(p.protocol, nodeStates.get(p.protocol));
        routerSide.see(p.nodeIp, routerStates.get(p.nodeIp));
      }
      if (planned.every((p) => nodeSide.up(p.protocol) && routerSide.up(p.nodeIp)) || Date.now() - started >= maxWaitMs) break;
      await sleep(200);
    }
    const watchedMs = Date.now() - started;

    const outcomes = new Map<string, ExportOutcome>(planned.map((p, i) => [p.exp.caseId, {
      caseId: p.exp.caseId, setLabel: p.set.label, peerName: p.peerName, warnings: p.warnings,
      nodeHasPassword: !!p.nodePassword, routerHasPassword: !!p.exp.routerPassword,
      passwordsMatch: p.nodePassword !== undefined && p.nodePassword === p.exp.routerPassword,
      nodePasswordBytes: p.nodePassword ? Buffer.byteLength(p.nodePassword) : 0,
      exportHoldsNodePassword: !!p.nodePassword && texts[i].includes(p.nodePassword),
      node: nodeSide.outcome(p.protocol), router: routerSide.outcome(p.nodeIp),
    }]));
    const routerConfigErrors = router.daemon.configErrors().map((l) => redact(l, secrets));
    return { router: o.router, outcomes, secrets, routerConfigErrors, watchedMs };
  });
}
