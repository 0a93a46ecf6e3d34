import { AsNumber } from '../calico';

/**
 * A router syntax the library can render the other end of a secured peering in:
 * - `frr`: FRRouting bgpd configuration (`router bgp` block);
 * - `bird`: BIRD 2 configuration (a `template bgp` and its `protocol bgp` blocks);
 * - `gobgp`: a complete gobgpd TOML configuration file;
 * - `cisco-ios`, `cisco-nxos`, `arista-eos`: configuration-mode CLI snippets;
 * - `junos`: Junos `set` commands.
 */
export type RouterTarget = 'frr' | 'bird' | 'gobgp' | 'cisco-ios' | 'cisco-nxos' | 'junos' | 'arista-eos';

/** Where the password of a peering lives, for the placeholder written instead of it. */
export interface PasswordSecretLocation {
  /** The Secret's namespace (calico-node's namespace). */
  readonly namespace: string;
  /** The Secret's name. */
  readonly name: string;
  /** The key holding the password. */
  readonly key: string;
}

/**
 * What {@link renderRouterConfig} needs to write the router's side of a secured peering: the
 * router, the Calico nodes it accepts, and the password. Build it from a BGPPeer with
 * {@link routerConfigInputFromPeers}, which fills the fields Calico knows.
 */
export interface RouterConfigInput {
  /**
   * The router's own AS number: the AS the BGPPeer's `spec.asNumber` tells Calico to expect.
   * Integer or asdot (`a.b`).
   */
  readonly routerASNumber: AsNumber;
  /**
   * The router's address the Calico nodes connect to: the BGPPeer's `spec.peerIP` without a port.
   * Used as the session's source address where the syntax takes an address.
   */
  readonly routerAddress: string;
  /**
   * The Calico nodes' AS number: the BGPPeer's `spec.localASNumber`, else the default
   * BGPConfiguration's `asNumber` (Calico's default is 64512 when it sets none).
   */
  readonly nodeASNumber: AsNumber;
  /**
   * The nodes' addresses, rendered as explicit neighbours. Exactly one of `nodeAddresses` and
   * `nodeCIDRs` must be given.
   * @default none
   */
  readonly nodeAddresses?: readonly string[];
  /**
   * Blocks holding the nodes' addresses, rendered as dynamic neighbours (FRR and Cisco
   * `bgp listen range`, BIRD `neighbor range`, GoBGP `dynamic-neighbors`, NX-OS prefix peers).
   * The router then waits for the nodes to connect. Host bits must be zero.
   * @default none
   */
  readonly nodeCIDRs?: readonly string[];
  /**
   * The router's BGP identifier, a dotted quad.
   * @default the router address when it is IPv4; with an IPv6 router address, GoBGP needs one and
   * the other syntaxes keep the router's own choice
   */
  readonly routerId?: string;
  /**
   * The name of the peer group (BGP group in Junos, template in BIRD, peer-group in GoBGP): a
   * letter, then letters, digits and `_`, at most 32 characters, so every syntax takes it as is.
   * @default "calico"
   */
  readonly peerGroup?: string;
  /**
   * A one-line description written on the group (printable ASCII without quotes or backslash, at
   * most 80 characters).
   * @default "Calico nodes"
   */
  readonly description?: string;
  /**
   * The password. It is checked against the target's router profile whenever given, even when
   * `includePassword` is false, so an unusable Secret is found before anyone types it in.
   * @default none: the output carries the placeholder
   */
  readonly password?: string;
  /**
   * Write the password itself into the output. The output is then as secret as the password:
   * keep it out of Git, logs and CI artifacts (engines expose it as a secret output).
   * @default false: a clearly marked placeholder naming the Secret is written instead
   */
  readonly includePassword?: boolean;
  /**
   * The Secret holding the password, named in the placeholder.
   * @default none: the placeholder says only that the BGP password goes there
   */
  readonly passwordSecret?: PasswordSecretLocation;
  /**
   * The TTL of eBGP sessions, for nodes that are not directly connected to the router (1 to 255).
   * @default none: directly connected (the router's eBGP default)
   */
  readonly ebgpMultihop?: number;
  /**
   * The BGPPeers this configuration is the router's side of, named with `passwordSecret` when the
   * password does not suit the target. {@link routerConfigInputFromPeers} fills it.
   * @default none
   */
  readonly peerNames?: readonly string[];
}

/** What the library knows about each target. */
export interface RouterTargetInfo {
  /** The product, as its vendor names it. */
  readonly displayName: string;
  /**
   * The router profile whose limits the password must meet (see `ROUTER_PROFILES`); undefined when
   * none could be sourced and the target uses a floor-only policy.
   */
  readonly profile?: string;
  /** A file name extension for the rendered text. */
  readonly fileExtension: string;
  /** How a comment line starts in this syntax. */
  readonly commentPrefix: string;
  /** The document the syntax follows. */
  readonly reference: string;
}

/** Every target and what the library knows about it. */
export const ROUTER_TARGETS: Readonly<Record<RouterTarget, RouterTargetInfo>> = {
  'frr': {
    displayName: 'FRRouting bgpd', profile: 'frr', fileExtension: 'frr.conf', commentPrefix: '!',
    reference: 'FRRouting/frr doc/user/bgp.rst (router bgp, peer-group, bgp listen range, neighbor password)',
  },
  'bird': {
    displayName: 'BIRD 2', profile: 'bird', fileExtension: 'bird.conf', commentPrefix: '#',
    reference: 'CZ-NIC/bird doc/bird.sgml, BGP: local, neighbor [ip | range prefix], password, dynamic name',
  },
  'gobgp': {
    displayName: 'GoBGP', profile: 'gobgp', fileExtension: 'gobgpd.toml', commentPrefix: '#',
    reference: 'osrg/gobgp docs/sources/configuration.md, peer-group.md, dynamic-neighbor.md',
  },
  'cisco-ios': {
    displayName: 'Cisco IOS / IOS-XE', profile: 'cisco-ios', fileExtension: 'ios.txt', commentPrefix: '!',
    reference: 'Cisco IOS-XE IP Routing BGP Configuration Guide, "BGP Dynamic Neighbors"; "neighbor password"',
  },
  'cisco-nxos': {
    displayName: 'Cisco NX-OS', fileExtension: 'nxos.txt', commentPrefix: '!',
    reference: 'Cisco Nexus NX-OS Unicast Routing Command Reference, "neighbor"; Configuration Guide, "Configuring Advanced BGP"',
  },
  'junos': {
    displayName: 'Juniper Junos OS', profile: 'junos', fileExtension: 'junos.set', commentPrefix: '#',
    reference: 'Juniper, "group (Protocols BGP)", "allow (Protocols BGP)", "authentication-key (Protocols BGP and BMP)"',
  },
  'arista-eos': {
    displayName: 'Arista EOS', fileExtension: 'eos.txt', commentPrefix: '!',
    reference: 'aristanetworks/avd eos_cli_config_gen templates/eos/router-bgp.j2 (listen range, peer group)',
  },
};
