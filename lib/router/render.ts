import { renderAristaEos } from './arista-eos';
import { renderBird } from './bird';
import { renderCiscoIos } from './cisco-ios';
import { renderCiscoNxos } from './cisco-nxos';
import { renderFrr } from './frr';
import { renderGobgp } from './gobgp';
import { renderJunos } from './junos';
import { RouterPeering, resolveRouterPeering } from './model';
import { ROUTER_TARGETS, RouterConfigInput, RouterTarget } from './types';

const RENDERERS: Readonly<Record<RouterTarget, (p: RouterPeering) => string>> = {
  'frr': renderFrr,
  'bird': renderBird,
  'gobgp': renderGobgp,
  'cisco-ios': renderCiscoIos,
  'cisco-nxos': renderCiscoNxos,
  'junos': renderJunos,
  'arista-eos': renderAristaEos,
};

/** Every target {@link renderRouterConfig} knows, in a stable order. */
export const ROUTER_TARGET_NAMES: readonly RouterTarget[] = Object.keys(ROUTER_TARGETS) as RouterTarget[];

/**
 * The router's side of a secured peering, as configuration text for `target`: the neighbour
 * (or peer group and listen ranges) for the Calico nodes, with the password, ready to paste or load.
 *
 * Pure and deterministic: the same input always gives the same text. Every problem of the input,
 * including a password the target's router profile refuses, is raised first as one
 * `ValidationError` naming each field and rule; no message ever carries the password.
 *
 * Unless `input.includePassword` is true the output holds a placeholder naming the Secret, and is
 * not secret. With it, the output is as secret as the password.
 *
 * @param target the router syntax, e.g. `frr` or `junos` (see {@link ROUTER_TARGETS}).
 * @param input the peering; build it from a BGPPeer with {@link routerConfigInputFromPeers}.
 *
 * @example
 * ```ts
 * import { renderRouterConfig, routerConfigInputFromPeers } from 'calico-bgp-auth';
 *
 * // The FRR side of a BGPPeer whose password is in calico-system/bgp-password-tor-a, key `password`.
 * const input = routerConfigInputFromPeers({
 *   peers: [{ name: 'tor-a', spec: { peerIP: '10.1.0.1', asNumber: 65101, nodeSelector: "rack == 'r1'" } }],
 *   secretKeyRef: { name: 'bgp-password-tor-a', key: 'password' },
 *   nodeCIDRs: ['10.1.0.0/24'], clusterASNumber: 64512,
 * });
 * const frr = renderRouterConfig('frr', input);   // a placeholder names the Secret: not secret
 * ```
 */
export function renderRouterConfig(target: RouterTarget, input: RouterConfigInput): string {
  const peering = resolveRouterPeering(target, input);
  return RENDERERS[target](peering);
}

/** A file name for the rendered text of `target`, e.g. `tor-a.frr.conf`. */
export function routerConfigFileName(target: RouterTarget, baseName: string): string {
  return `${baseName}.${ROUTER_TARGETS[target].fileExtension}`;
}
