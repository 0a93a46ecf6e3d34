/**
 * Typed specs of Calico's BGPPeer and BGPConfiguration, every field of the upstream 3.32 CRDs
 * (`api/config/crd/projectcalico.org_bgppeers.yaml`, `..._bgpconfigurations.yaml`). Field names are
 * Calico's. Descriptions follow upstream's.
 */

/** A reference to a key of a Secret in calico-node's namespace. */
export interface SecretKeyRef {
  /** The Secret's name; it must live in calico-node's namespace. */
  readonly name: string;
  /** The key in the Secret's data holding the password. */
  readonly key: string;
}

/** Where a BGP password comes from (`spec.password` / `spec.nodeMeshPassword`). */
export interface BgpPasswordRef {
  /** The Secret key holding the password. */
  readonly secretKeyRef: SecretKeyRef;
}

/** An autonomous system number: an integer 1–4294967295, or asdot text `"a.b"` (emitted as an integer). */
export type AsNumber = number | string;

/** Every field of a BGPPeer's spec except `password`, which the library owns. */
export interface BgpPeerSpec {
  /** The node name of the Calico node this peering is for. Unset with no nodeSelector: every node. */
  readonly node?: string;
  /**
   * Selector for the nodes that should have this peering, in Calico's selector syntax (`rack == 'r1' && has(tor)`);
   * exclusive with `node`.
   */
  readonly nodeSelector?: string;
  /** The peer's IP, optionally with a port: `a.b.c.d`, `a.b.c.d:port`, `IPv6`, or `[IPv6]:port`. */
  readonly peerIP?: string;
  /** The AS number of the peer. Needed with peerIP; must be empty (or 0, Calico's "unset") with peerSelector. */
  readonly asNumber?: AsNumber;
  /** The local AS number for this peering; the default BGPConfiguration's when unset. Since Calico 3.31. */
  readonly localASNumber?: AsNumber;
  /** Selector for remote Calico nodes to peer with, in Calico's selector syntax; exclusive with peerIP and asNumber. */
  readonly peerSelector?: string;
  /** Keep the original next hop (deprecated upstream in favour of nextHopMode; `true` cannot go with nextHopMode). */
  readonly keepOriginalNextHop?: boolean;
  /** How the next hop of received routes is calculated: Auto, Self or Keep. Since Calico 3.31. */
  readonly nextHopMode?: 'Auto' | 'Self' | 'Keep';
  /** Whether and how to set a source address: UseNodeIP (default) or None. */
  readonly sourceAddress?: 'UseNodeIP' | 'None';
  /** Graceful-restart timeout, a Go duration such as `120s`. BIRD's default 120s when unset. */
  readonly maxRestartTime?: string;
  /** Delay between keepalive messages, a Go duration. Since Calico 3.32. */
  readonly keepaliveTime?: string;
  /** How many local AS numbers are allowed in received AS paths (disables loop prevention). */
  readonly numAllowedLocalASNumbers?: number;
  /** GTSM: the number of hops between the peers, 0–255. */
  readonly ttlSecurity?: number;
  /** Gateway through which peerIP is reached (adds a /32 or /128 static route). */
  readonly reachableBy?: string;
  /** Ordered names of BGPFilter resources applied to this peer. */
  readonly filters?: readonly string[];
  /** Selector for the local workload the node peers with; needs asNumber. Since Calico 3.30. */
  readonly localWorkloadSelector?: string;
  /**
   * With peerSelector: whether the reverse peering is generated (Auto) or written by hand (Manual). Since Calico 3.31.
   */
  readonly reversePeering?: 'Auto' | 'Manual';
}

/** A BGP community with a name. */
export interface Community {
  /** The name used in prefixAdvertisements. */
  readonly name?: string;
  /** `aa:nn` (standard community, 16-bit parts) or `aa:nn:mm` (large community, 32-bit parts). */
  readonly value?: string;
}

/** Per-prefix advertisement configuration. */
export interface PrefixAdvertisement {
  /** The prefix. */
  readonly cidr?: string;
  /** Community names (defined in `communities`) or literal values (`aa:nn`, `aa:nn:mm`) attached to it. Required. */
  readonly communities?: readonly string[];
}

/** A CIDR block, as used by the service*IPs fields. */
export interface CidrBlock {
  /** The block. */
  readonly cidr?: string;
}

/** Every field of a BGPConfiguration's spec except `nodeMeshPassword`, which the library owns. */
export interface BgpConfigurationSpec {
  /** The default AS number of the nodes. [Default: 64512] Only on `default`. */
  readonly asNumber?: AsNumber;
  /** Listen on all addresses (None) or only on the node IP (NodeIP). */
  readonly bindMode?: 'None' | 'NodeIP';
  /** Named BGP communities; they need prefixAdvertisements that use them. */
  readonly communities?: readonly Community[];
  /**
   * Interfaces excluded when reading device routes: 1 to 15 of `[a-zA-Z0-9_.*-]` each (`*` a wildcard), not `*` alone.
   */
  readonly ignoredInterfaces?: readonly string[];
  /** Felix's normal IPv4 route metric, 1–2147483646. */
  readonly ipv4NormalRoutePriority?: number;
  /** Felix's normal IPv6 route metric, 1–2147483646. */
  readonly ipv6NormalRoutePriority?: number;
  /** The BGP listen port, 1–65535. [Default: 179] */
  readonly listenPort?: number;
  /** The node's virtual IPv4 address for local workload peering. */
  readonly localWorkloadPeeringIPV4?: string;
  /** The node's virtual IPv6 address for local workload peering. */
  readonly localWorkloadPeeringIPV6?: string;
  /** BIRD log severity: Trace, Debug, Info, Warning, Error or Fatal (any case). */
  readonly logSeverityScreen?: string;
  /** Graceful-restart timeout of mesh peerings, a Go duration. Only on `default`, mesh enabled. */
  readonly nodeMeshMaxRestartTime?: string;
  /** Whether the node-to-node mesh is enabled. [Default: true] Only on `default`. */
  readonly nodeToNodeMeshEnabled?: boolean;
  /** Per-prefix advertisement configuration. */
  readonly prefixAdvertisements?: readonly PrefixAdvertisement[];
  /** Which cluster routes BIRD programs. */
  readonly programClusterRoutes?: 'Enabled' | 'Disabled' | 'EnabledIPIPOnly' | 'EnabledNoEncapOnly';
  /** Service cluster IP blocks to advertise. Only on `default`. */
  readonly serviceClusterIPs?: readonly CidrBlock[];
  /** Service external IP blocks to advertise. Only on `default`. */
  readonly serviceExternalIPs?: readonly CidrBlock[];
  /** Whether LoadBalancer IPs are advertised aggregated. [Default: Enabled] */
  readonly serviceLoadBalancerAggregation?: 'Enabled' | 'Disabled';
  /** Service LoadBalancer IP blocks to advertise. Only on `default`. */
  readonly serviceLoadBalancerIPs?: readonly CidrBlock[];
}
