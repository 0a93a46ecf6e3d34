/**
 * A router daemon (BIRD 2, FRR bgpd or GoBGP) with many neighbours at once, so that one daemon
 * serves a whole matrix of peerings instead of one daemon per case. Each neighbour is one Calico
 * node address; the router answers it from the BGPPeer's `peerIP`, which lives on the router's
 * side of the link. TCP-MD5 keys are per remote address, so every neighbour has its own password.
 *
 * States are read for all neighbours with one query per poll. Nothing here prints a password:
 * FRR's and GoBGP's JSON are parsed for the state fields only.
 */
import { renderBirdConfig } from './bird';
import { run, type Topology } from './netns';
import { startBirdRouter, startFrr, startGobgp, type Router, type RouterKind } from './router';

/** One neighbour of the router: a Calico node as the router sees it. */
export interface RouterNeighbor {
  /** The node's address (the router's neighbour). */
  readonly nodeIp: string;
  /** BIRD only: the router's protocol for this neighbour. */
  readonly birdProtocol?: string;
}

/** A router and all its neighbours. */
export interface MultiRouterSpec {
  readonly kind: RouterKind;
  readonly ns: string;
  readonly neighbors: readonly RouterNeighbor[];
  /** The daemon's whole configuration (see {@link composeRouterConfig}). */
  readonly configText: string;
}

/** BGP state of a neighbour as the router reports it. */
export interface NeighborState { readonly state: string; readonly info?: string }

/** A running router with many neighbours. */
export interface MultiRouter {
  readonly spec: MultiRouterSpec;
  readonly daemon: Router;
  /** The state of every neighbour, by node address (missing when the daemon does not list it). */
  states(): Promise<Map<string, NeighborState>>;
}

/**
 * One daemon configuration from several renderings of the library's router export (one per
 * peering, each with its own peer group name): what an operator gets by pasting each snippet into
 * the router's configuration.
 * - FRR: the `router bgp` blocks are concatenated (re-entering the same AS adds to it), after a
 *   preamble that logs to stdout;
 * - BIRD: the templates and protocols are concatenated after a preamble (log, router id, device);
 * - GoBGP: the first file as is, then every other file from its first `[[peer-groups]]` on (a TOML
 *   file has one `[global.config]`).
 */
export function composeRouterConfig(kind: RouterKind, routerId: string, renderings: readonly string[]): string {
  switch (kind) {
    case 'frr':
      return ['frr defaults traditional', 'hostname router', 'log stdout informational', '!', ...renderings].join('\n');
    case 'bird':
      return renderBirdConfig({ routerId, protocols: [...renderings] });
    case 'gobgp':
      return renderings.map((r, i) => {
        if (i === 0) return r;
        const at = r.indexOf('[[peer-groups]]');
        if (at < 0) throw new Error('a GoBGP rendering without [[peer-groups]]');
        return r.slice(at);
      }).join('\n');
  }
}

const BGP_STATES = ['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established', 'Close', 'Passive'];

/**
 * Parses `birdc show protocols` (the summary table) into BGP states by protocol name. A protocol
 * counts as Established only when BIRD shows it `up` with `Established` in its info column, or
 * `wait` / `feed` with it: BIRD 1.6 started with `-R`, as calico-node starts it, holds an
 * Established protocol of a graceful-restart capable peer in `wait` until graceful-restart recovery
 * ends (up to 240 s while another such peer is still down); the session is up meanwhile.
 */
export function parseBirdSummary(out: string): Map<string, NeighborState> {
  const states = new Map<string, NeighborState>();
  for (const line of out.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 4 || parts[1] !== 'BGP') continue;
    const rest = parts.slice(4); // the "Since" column (one or two tokens), then the info column
    const at = rest.findIndex((t) => BGP_STATES.includes(t) || t === 'Error:');
    const bgp = rest.find((t) => BGP_STATES.includes(t));
    const state = ['up', 'wait', 'feed'].includes(parts[3]) && bgp === 'Established' ? 'Established' : bgp === 'Established' ? 'Down' : bgp ?? 'Down';
    states.set(parts[0], { state, info: at >= 0 ? rest.slice(at).join(' ') : '' });
  }
  return states;
}

const GOBGP_STATES = ['Unknown', 'Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'];

function gobgpState(raw: unknown): string {
  if (typeof raw === 'number') return GOBGP_STATES[raw] ?? 'Unknown';
  const s = String(raw ?? 'unknown').replace(/^SESSION_STATE_/i, '').toLowerCase();
  return GOBGP_STATES.find((k) => k.toLowerCase() === s) ?? 'Unknown';
}

/** Starts the router of `spec` in `spec.ns`. */
export async function startMultiRouter(topo: Topology, spec: MultiRouterSpec): Promise<MultiRouter> {
  const { configText } = spec;
  const first = spec.neighbors[0]?.nodeIp ?? '0.0.0.0';
  const birdProtocol = (n: RouterNeighbor) => n.birdProtocol ?? `n_${n.nodeIp.replace(/[.:]/g, '_')}`;
  switch (spec.kind) {
    case 'bird': {
      const daemon = await startBirdRouter(topo, {
        ns: spec.ns,
        configText,
        protocolName: spec.neighbors[0] ? birdProtocol(spec.neighbors[0]) : undefined,
      });
      return {
        spec, daemon,
        states: async () => {
          const byProto = parseBirdSummary(await daemon.bird.birdc('show', 'protocols').catch(() => ''));
          return new Map(spec.neighbors.flatMap((n) => {
            const s = byProto.get(birdProtocol(n));
            return s ? [[n.nodeIp, s] as const] : [];
          }));
        },
      };
    }
    case 'frr': {
      const daemon = await startFrr(topo, { ns: spec.ns, neighborIp: first, configText });
      return {
        spec, daemon,
        states: async () => {
          let j: Record<string, any> = {};
          try {
            j = JSON.parse((await run('vtysh', ['--vty_socket', daemon.dir, '-d', 'bgpd', '-c', 'show bgp neighbors json'], 5000)).stdout);
          } catch { /* not answering yet */ }
          return new Map(Object.entries(j).filter(([, v]) => v && typeof v === 'object' && 'bgpState' in v)
            .map(([ip, v]) => [ip, { state: String(v.bgpState) }]));
        },
      };
    }
    case 'gobgp': {
      const daemon = await startGobgp(topo, { ns: spec.ns, neighborIp: first, configText });
      const target = `unix://${daemon.dir}/api.sock`;
      return {
        spec, daemon,
        states: async () => {
          let j: any[] = [];
          try {
            const parsed = JSON.parse((await run('gobgp', ['--target', target, '-j', 'neighbor'], 5000)).stdout);
            j = Array.isArray(parsed) ? parsed : [];
          } catch { /* not answering yet */ }
          // The JSON carries conf.auth_password: only the address and the state are read.
          return new Map(j.map((n) => [String(n?.conf?.neighbor_address ?? n?.state?.neighbor_address ?? ''), { state: gobgpState(n?.state?.session_state) }]));
        },
      };
    }
  }
}
