/**
 * The router's side of a secured peering: neighbour configuration for FRR, BIRD 2, GoBGP, Cisco
 * IOS / IOS-XE and NX-OS, Junos and Arista EOS, rendered from what the BGPPeer knows.
 */
export { ROUTER_TARGETS } from './types';
export type { PasswordSecretLocation, RouterConfigInput, RouterTarget, RouterTargetInfo } from './types';
export { checkRouterPassword, routerTargetPolicy } from './password';
/** For the engines and the CLI (stripped from the published declarations, as the functions are). @internal */
export { routerTargetGenerationPolicy } from './password';
/** For the engines (stripped from the published declarations, as the functions are). @internal */
export { keyPerPeerProblem, passwordUnavailableProblem } from './engine-rules';
export { DEFAULT_PEER_GROUP, DEFAULT_ROUTER_DESCRIPTION, checkRouterConfigInput, passwordPlaceholder } from './model';
export { ROUTER_TARGET_NAMES, renderRouterConfig, routerConfigFileName } from './render';
export { checkRouterConfigPeers, routerConfigInputFromPeers } from './from-peers';
export type { RouterConfigFromPeersProps, RouterConfigOptions, RouterPeerSource } from './from-peers';
