/**
 * Runs many BGPPeer sessions at once, the way a cluster would use the library's output: for every
 * BGPPeer in each emitted set, the calico-node emulator renders what confd renders for a node the
 * BGPPeer selects (password read from the Secret in the install's namespace through calico-node's
 * RBAC, fail-open otherwise), into ONE calico-node BIRD (BIRD 1.6, confd's files); the other ends are
 * router daemons (one per router AS, each in its own namespace) holding the password the user
 * configured.
 *
 * One BIRD stands in for the nodes each BGPPeer selects: every peering gets its own node address
 * (a /32 on the node's side of the link), since TCP-MD5 keys are per remote address and the
 * routers must tell the sessions apart (see {@link mergedNodeFiles}).
 *
 * The whole batch lives in one topology, cleaned up in `finally`; every wait is bounded.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderRouterConfig, routerConfigInputFromPeers, type BgpPeerSpec, type SecretKeyRef } from 'calico-bgp-auth';
import { startCalicoNodeBird, MAX_WAIT_MS } from './bird';
import {
  calicoNodeFiles, calicoNodeObject, confdBgpConfig, isCalico, labelsSatisfying, snapshotSecrets,
  type BirdBGPConfig, type BirdBGPPeer, type CalicoInstall, type CalicoNodeFiles, type K8sObject,
} from './calico-node';
import { run, sleep, withTopology, type Topology } from './netns';
import { composeRouterConfig, parseBirdSummary, startMultiRouter, type MultiRouter, type MultiRouterSpec, type NeighborState } from './multi-router';
import { redact } from './redact';
import { recordSession } from './report';
import type { RouterKind } from './router';

/** Calico's AS number when BGPConfiguration `default` sets none. */
export const CALICO_DEFAULT_AS = 64512;

/** What the test expects of one BGPPeer, and what the user configured on the router for it. */
export interface PeerExpectation {
  /** Identifies the case in the results; never a password. */
  readonly caseId: string;
  /** The password configured on the router (none: the router has no TCP-MD5 for this node). */
  readonly routerPassword: string | undefined;
  /** Whether the session must come up; decides how long the batch waits. */
  readonly expect: 'established' | 'down';
}

/** One emitted set of objects (one chart or stack), resolved as one cluster would. */
export interface EmittedSet {
  readonly label: string;
  readonly objects: readonly K8sObject[];
  readonly install: CalicoInstall;
  /** Every BGPPeer of the set, by `metadata.name`. A BGPPeer missing here is an error. */
  readonly peers: Readonly<Record<string, PeerExpectation>>;
}

/** One side of a session over the watch window. */
export interface SideOutcome {
  readonly state: string;
  readonly info?: string;
  readonly everEstablished: boolean;
  /** Milliseconds from the start of the daemons to the first Established seen. */
  readonly establishedAfterMs?: number;
}

/** What happened to one BGPPeer. Holds no password. */
export interface PeerOutcome {
  readonly caseId: string;
  readonly setLabel: string;
  readonly peerName: string;
  /** The emulator's confd-style warnings (fail-open). */
  readonly warnings: readonly string[];
  /** Whether the node-side BIRD protocol got a `password` line. */
  readonly nodeHasPassword: boolean;
  /** Whether the router has a password for this node. */
  readonly routerHasPassword: boolean;
  /** Whether the password calico-node resolved equals the router's, byte for byte. */
  readonly passwordsMatch: boolean;
  /** Byte length of the password calico-node resolved (0 without one). */
  readonly nodePasswordBytes: number;
  readonly node: SideOutcome;
  readonly router: SideOutcome;
}

/** What a batch produced. */
export interface PeeringBatchResult {
  readonly router: RouterKind;
  readonly outcomes: ReadonlyMap<string, PeerOutcome>;
  /** Every password of the batch, for redacting diagnostics. */
  readonly secrets: readonly string[];
  /** Config lines a router refused (FRR skips them). */
  readonly routerConfigErrors: readonly string[];
  /** From starting the daemons to the end of the watch. */
  readonly watchedMs: number;
}

/** Options of {@link runPeeringBatch}. */
export interface PeeringBatchOptions {
  readonly router: RouterKind;
  readonly sets: readonly EmittedSet[];
  /** Sessions expected down are watched at least this long. @default 7000 */
  readonly downWatchMs?: number;
  /** Names the batch in the e2e report. @default 'peering batch' */
  readonly suite?: string;
  /** The longest the batch waits for the sessions expected up. @default 30000 */
  readonly maxWaitMs?: number;
}

/** A BGPPeer of a batch, rendered by the calico-node emulator and given its node address. */
export interface Planned {
  readonly exp: PeerExpectation;
  readonly set: EmittedSet;
  readonly peerName: string;
  readonly nodeIp: string;
  readonly nodeAs: number;
  readonly peerIp: string;
  readonly peerAs: number;
  /** The protocol confd named it (`Global_<ip>`, `Node_<ip>`, ...). */
  readonly protocol: string;
  /** The peering as confd renders it on the node. */
  readonly birdPeer: BirdBGPPeer;
  readonly spec: BgpPeerSpec;
  readonly secretKeyRef: SecretKeyRef;
  readonly nodePassword: string | undefined;
  readonly warnings: string[];
}

/** The node AS a set's cluster uses: BGPConfiguration `default`'s asNumber, else Calico's default. */
export function clusterAsNumber(objects: readonly K8sObject[]): number {
  const config = objects.find((o) => o.kind === 'BGPConfiguration' && o.metadata?.name === 'default');
  return Number(config?.spec?.asNumber ?? CALICO_DEFAULT_AS);
}

/**
 * Renders every BGPPeer of every set through the calico-node emulator (confd's processing of the
 * set's objects, Secrets read through calico-node's RBAC) for a node of its own: a Calico Node with
 * its own address, named as the BGPPeer's `node`, labelled to match its `nodeSelector`. Throws on
 * what it cannot emulate.
 */
export function planPeerings(sets: readonly EmittedSet[]): Planned[] {
  const planned: Planned[] = [];
  for (const set of sets) {
    const clusterObjects = set.objects.filter((o) => !isCalico(o, 'Node'));
    for (const p of clusterObjects.filter((o) => isCalico(o, 'BGPPeer'))) {
      const peerName = String(p.metadata?.name);
      const exp = set.peers[peerName];
      if (!exp) throw new Error(`set ${set.label}: BGPPeer ${peerName} has no expectation`);
      const { password, ...spec } = p.spec ?? {};
      const peerIp = String(spec.peerIP ?? '');
      if (!/^\d+\.\d+\.\d+\.\d+$/.test(peerIp)) {
        throw new Error(`set ${set.label}: BGPPeer ${peerName}: peerIP '${peerIp}' is not a bare IPv4 address (not emulated)`);
      }
      const k = planned.length;
      if (k >= 250) throw new Error('too many peerings in one batch');
      const nodeIp = `10.99.0.${k + 1}`;
      const nodeName = spec.node ? String(spec.node) : `batch-node-${k}`;
      const node = calicoNodeObject({
        name: nodeName,
        ipv4: nodeIp,
        labels: spec.nodeSelector ? labelsSatisfying(String(spec.nodeSelector)) : undefined,
      });
      const warnings: string[] = [];
      const config = confdBgpConfig({
        objects: [...clusterObjects, node], nodeName, ipVersion: 4, secrets: snapshotSecrets(set.objects, set.install),
        warn: (m) => { if (m.startsWith(`Can't read password for BGPPeer ${peerName}: `) && !warnings.includes(m)) warnings.push(m); },
      });
      const birdPeer = config.peers.find((x) => x.source === peerName && x.ip === peerIp);
      if (!birdPeer) throw new Error(`set ${set.label}: calico-node renders no peering for BGPPeer ${peerName}`);
      planned.push({
        exp,
        set,
        peerName,
        nodeIp,
        nodeAs: Number(config.asNumber),
        peerIp,
        peerAs: Number(spec.asNumber),
        protocol: birdPeer.name,
        birdPeer,
        spec,
        secretKeyRef: password?.secretKeyRef,
        nodePassword: birdPeer.password,
        warnings,
      });
    }
    const seen = new Set(planned.filter((p) => p.set === set).map((p) => p.peerName));
    const unused = Object.keys(set.peers).filter((n) => !seen.has(n));
    if (unused.length) throw new Error(`set ${set.label}: no BGPPeer named ${unused.join(', ')}`);
  }
  const ips = planned.map((p) => p.peerIp);
  const dup = ips.find((ip, i) => ips.indexOf(ip) !== i);
  if (dup) throw new Error(`peerIP ${dup} is used by two BGPPeers of one batch`);
  const clash = ips.find((ip) => ip.startsWith('10.99.0.') || ip.startsWith('10.77.'));
  if (clash) throw new Error(`peerIP ${clash} collides with the batch's own addresses`);
  return planned;
}

/**
 * ONE calico-node BIRD standing in for many nodes: confd's bird.cfg with the given peerings, each
 * rendered for its own node (own source address). The template's `local as` is the most common node
 * AS; a peering of a node in another AS carries `local as <its AS>;` (what confd renders for a
 * BGPPeer's localASNumber), so every session keeps its own node's AS.
 */
export function mergedNodeFiles(
  routerId: string,
  peers: ReadonlyArray<{ readonly peer: BirdBGPPeer; readonly nodeAs: number }>,
): CalicoNodeFiles {
  const count = new Map<number, number>();
  for (const p of peers) count.set(p.nodeAs, (count.get(p.nodeAs) ?? 0) + 1);
  const templateAs = [...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? CALICO_DEFAULT_AS;
  const config: BirdBGPConfig = {
    nodeName: 'batch',
    nodeIp: routerId,
    nodeIpv6: '',
    asNumber: String(templateAs),
    routerId,
    debugMode: '{ states }',
    peerDebugMode: 'debug { states, routes, filters, events };',
    peers: peers
      .map((p) => ({
        ...p.peer,
        localAsNumber: p.peer.localAsNumber ?? (p.nodeAs !== templateAs ? String(p.nodeAs) : undefined),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
  return calicoNodeFiles(config);
}

/** Runs `lines` (ip commands without the leading `ip`) in namespace `ns` with one `ip -batch` call. */
export async function ipBatch(topo: Topology, ns: string, lines: string[]): Promise<void> {
  const file = path.join(topo.subdir('ip'), 'batch');
  writeFileSync(file, `${lines.join('\n')}\n`);
  await run('ip', ['-n', ns, '-batch', file]);
}

/** The first Established seen of each side (by key), and its last state. */
export class Tracker {
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, NeighborState>();
  constructor(private readonly started: number) {}
  see(key: string, s: NeighborState | undefined): void {
    this.last.set(key, s ?? { state: 'Unknown' });
    if (s?.state === 'Established' && !this.first.has(key)) this.first.set(key, Date.now() - this.started);
  }
  up(key: string): boolean { return this.last.get(key)?.state === 'Established'; }
  outcome(key: string): SideOutcome {
    const s = this.last.get(key) ?? { state: 'Unknown' };
    return {
      state: s.state,
      info: s.info,
      everEstablished: this.first.has(key),
      establishedAfterMs: this.first.get(key),
    };
  }
}

/**
 * The router's configuration from the library's own router export, one rendering per peering (peer
 * group `calico_<i>`), holding the password the user configured. The nodes are one address each,
 * reached through a device route rather than a connected subnet, hence a TTL of 2 for eBGP.
 */
function routerConfig(kind: RouterKind, routerId: string, peers: readonly Planned[]): string {
  return composeRouterConfig(kind, routerId, peers.map((p, i) => {
    if (p.exp.routerPassword === undefined) throw new Error(`case ${p.exp.caseId}: the router export needs a password`);
    return renderRouterConfig(
      kind,
      routerConfigInputFromPeers({
        peers: [{ name: p.peerName, spec: p.spec }],
        secretKeyRef: p.secretKeyRef,
        install: p.set.install,
        clusterASNumber: p.nodeAs,
        nodeAddresses: [p.nodeIp],
        routerId,
        peerGroup: `calico_${i}`,
        password: p.exp.routerPassword,
        includePassword: true,
        ebgpMultihop: p.nodeAs === p.peerAs ? undefined : 2,
      }),
    );
  }));
}

/** Every password of a batch (calico-node's and the routers'), for redacting diagnostics. */
export function batchSecrets(planned: readonly Planned[]): string[] {
  return [...new Set(planned.flatMap((p) => [p.nodePassword, p.exp.routerPassword]).filter((s): s is string => !!s))];
}

/** Starts the ONE calico-node BIRD (BIRD 1.6, confd's files): a peering per BGPPeer, from its own node address. */
export function startNodeBird(topo: Topology, ns: string, planned: readonly Planned[]) {
  return startCalicoNodeBird(topo, { ns, label: 'node', files: mergedNodeFiles('10.77.0.1', planned.map((p) => ({ peer: p.birdPeer, nodeAs: p.nodeAs }))) });
}

/**
 * Records every session of a batch in the e2e report: observed `established` when both ends ended
 * Established, `down` when neither end ever was (what the tests assert for each verdict).
 */
export function recordOutcomes(
  suite: string,
  router: string,
  planned: readonly Planned[],
  outcomes: ReadonlyMap<string, PeerOutcome>,
): void {
  for (const p of planned) {
    const o = outcomes.get(p.exp.caseId)!;
    const up = o.node.state === 'Established' && o.router.state === 'Established';
    const never = !o.node.everEstablished && !o.router.everEstablished;
    recordSession({
      suite,
      case: p.exp.caseId,
      router,
      expected: p.exp.expect,
      observed: up ? 'established' : never ? 'down' : 'other',
    });
  }
}

/** What happened to one planned BGPPeer, from both sides' trackers. Holds no password. */
export function peerOutcome(p: Planned, nodeSide: Tracker, routerSide: Tracker): PeerOutcome {
  return {
    caseId: p.exp.caseId, setLabel: p.set.label, peerName: p.peerName, warnings: p.warnings,
    nodeHasPassword: !!p.nodePassword, routerHasPassword: !!p.exp.routerPassword,
    passwordsMatch: p.nodePassword !== undefined && p.nodePassword === p.exp.routerPassword,
    nodePasswordBytes: p.nodePassword ? Buffer.byteLength(p.nodePassword) : 0,
    node: nodeSide.outcome(p.protocol), router: routerSide.outcome(p.nodeIp),
  };
}

/** Runs every BGPPeer of `sets` against routers of one kind and reports each session. */
export async function runPeeringBatch(o: PeeringBatchOptions): Promise<PeeringBatchResult> {
  const planned = planPeerings(o.sets);
  const secrets = batchSecrets(planned);
  const downWatchMs = o.downWatchMs ?? 7000;
  const maxWaitMs = Math.min(o.maxWaitMs ?? MAX_WAIT_MS, MAX_WAIT_MS);

  return withTopology(async (topo) => {
    const nodeNs = await topo.addNamespace('node');
    const byAs = new Map<number, Planned[]>();
    for (const p of planned) byAs.set(p.peerAs, [...(byAs.get(p.peerAs) ?? []), p]);

    const routerSpecs: MultiRouterSpec[] = [];
    for (const [routerAs, peers] of byAs) {
      const ns = await topo.addNamespace('r');
      const link = await topo.link(nodeNs, ns);
      await ipBatch(topo, nodeNs, peers.flatMap((p) => [`addr add ${p.nodeIp}/32 dev ${link.aIf}`,
        `route add ${p.peerIp}/32 dev ${link.aIf} src ${p.nodeIp}`]));
      await ipBatch(topo, ns, peers.flatMap((p) => [`addr add ${p.peerIp}/32 dev ${link.bIf}`,
        `route add ${p.nodeIp}/32 dev ${link.bIf} src ${p.peerIp}`]));
      routerSpecs.push({ kind: o.router, ns, neighbors: peers.map((p, i) => ({ nodeIp: p.nodeIp, birdProtocol: `calico_${i}_1` })), configText: routerConfig(o.router, link.bIp, peers) });
    }

    const started = Date.now();
    const node = await startNodeBird(topo, nodeNs, planned);
    const routers: MultiRouter[] = await Promise.all(routerSpecs.map((s) => startMultiRouter(topo, s)));

    const nodeSide = new Tracker(started);
    const routerSide = new Tracker(started);
    const mustUp = planned.filter((p) => p.exp.expect === 'established');
    for (;;) {
      const [nodeStates, ...routerStates] = await Promise.all([
        node.birdc('show', 'protocols').then(parseBirdSummary, () => new Map<string, NeighborState>()),
        ...routers.map((r) => r.states()),
      ]);
      for (const p of planned) nodeSide.see(p.protocol, nodeStates.get(p.protocol));
      routers.forEach((r, i) =>
        r.spec.neighbors.forEach((n) => routerSide.see(n.nodeIp, routerStates[i].get(n.nodeIp))),
      );
      const elapsed = Date.now() - started;
      const allUp = mustUp.every((p) => nodeSide.up(p.protocol) && routerSide.up(p.nodeIp));
      if ((allUp && elapsed >= downWatchMs) || elapsed >= maxWaitMs) break;
      await sleep(300);
    }
    const watchedMs = Date.now() - started;

    const outcomes = new Map<string, PeerOutcome>(
      planned.map((p) => [p.exp.caseId, peerOutcome(p, nodeSide, routerSide)]),
    );
    recordOutcomes(o.suite ?? 'peering batch', o.router, planned, outcomes);
    const routerConfigErrors = routers.flatMap((r) => r.daemon.configErrors().map((l) => redact(l, secrets)));
    return { router: o.router, outcomes, secrets, routerConfigErrors, watchedMs };
  });
}
