/**
 * The fabric the benchmark builds: every node peers with the two top-of-rack switches of its rack
 * (one BGPPeer per node and switch, `node` set, the switch's `peerIP` and AS number).
 *
 * Shapes:
 * - `own`: each peer has its own Secret (and its own Role and RoleBinding): a `SecuredBgpPeer` each;
 * - `rack`: the peers of a rack share one BgpPasswordSecret (one Secret, Role and RoleBinding per
 *   rack), each peer reading the rack's single password, added with `BgpPasswordSecret.addPeer`
 *   (a BGPPeer object under the secret, no construct or component per peer);
 * - `rack-secured`: `rack` with a `SecuredBgpPeer` (`sharedSecret`) per peer: the same output, plus
 *   a construct or component per peer. Measured for information (the goal is set on `own` and
 *   `rack`): it shows what the construct per peer costs.
 * - `rack-charts` (cdk8s only, not in the default run): `rack` with each rack in its own Chart.
 *   cdk8s validates the whole app and resolves every dependency once per chart, so this layout
 *   costs O(charts × objects) even by hand.
 */
import { createHash, hkdfSync } from 'node:crypto';

/** Nodes per rack; with two switches a rack carries `2 * NODES_PER_RACK` peers. */
export const NODES_PER_RACK = 10;
/** Top-of-rack switches per rack. */
export const SWITCHES_PER_RACK = 2;
/** Peers sharing one Secret in the `rack` shape. */
export const PEERS_PER_RACK = NODES_PER_RACK * SWITCHES_PER_RACK;

/** How the peers get their password Secrets. */
export type FabricShape = 'own' | 'rack' | 'rack-secured' | 'rack-charts';
/** The shapes of the default run. */
export const SHAPES: readonly FabricShape[] = ['own', 'rack', 'rack-secured'];
/** The shapes the goals apply to (the others are measured for information). */
export const GOAL_SHAPES: readonly FabricShape[] = ['own', 'rack'];

/** One BGPPeer of the fabric. */
export interface FabricPeer {
  readonly name: string;
  readonly rack: string;
  readonly node: string;
  readonly peerIP: string;
  readonly asNumber: number;
}

/** The `n` peers of the fabric, in a stable order (rack by rack, node by node, switch a then b). */
export function fabricPeers(n: number): FabricPeer[] {
  const peers: FabricPeer[] = [];
  for (let i = 0; i < n; i++) {
    const nodeIndex = Math.floor(i / SWITCHES_PER_RACK);
    const tor = i % SWITCHES_PER_RACK;
    const rackIndex = Math.floor(nodeIndex / NODES_PER_RACK);
    const rack = `rack-${String(rackIndex).padStart(4, '0')}`;
    const node = `node-${String(nodeIndex).padStart(5, '0')}`;
    peers.push({
      name: `${node}-tor-${'ab'[tor]}`,
      rack,
      node,
      peerIP: `10.${rackIndex >> 8}.${rackIndex & 255}.${1 + tor}`,
      asNumber: 4_200_000_000 + rackIndex,
    });
  }
  return peers;
}

/** The racks of a list of peers, in first-seen order, with their peers. */
export function racksOf(peers: readonly FabricPeer[]): Map<string, FabricPeer[]> {
  const racks = new Map<string, FabricPeer[]>();
  for (const p of peers) {
    const list = racks.get(p.rack);
    if (list) list.push(p);
    else racks.set(p.rack, [p]);
  }
  return racks;
}

/**
 * The benchmark's derivation seed: fixed, public, used for nothing else (a real seed is secret). A
 * seed makes the synth stable, as a production synth is.
 */
export const BENCH_SEED = createHash('sha256').update('calico-bgp-auth benchmark seed, not a secret').digest('hex');

const BASELINE_SALT = Buffer.from('hand-written baseline');

/**
 * What a hand-written app would do for a stable password with `node:crypto` alone: HKDF-SHA256 of
 * the seed and a context, 24 bytes, base64url (32 characters). No policy, no unbiased sampler.
 */
export function handWrittenPassword(seed: Buffer, context: string): string {
  return Buffer.from(hkdfSync('sha256', seed, BASELINE_SALT, context, 24)).toString('base64url');
}
