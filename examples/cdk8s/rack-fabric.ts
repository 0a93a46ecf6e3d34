import { BgpPassword, BgpPasswordSecret, MeshPassword, SecuredBgpPeer, SharedBgpPeer } from 'calico-bgp-auth/cdk8s';
import { CalicoInstallInput, CidrBlock, PasswordPolicy } from 'calico-bgp-auth';
import { Construct } from 'constructs';

/** One rack: its nodes carry the label `rack=<name>` and peer with the rack's two top-of-rack switches. */
export interface RackProps {
  /** The rack's name, as in the nodes' `rack` label. */
  readonly name: string;
  /** The AS number of the rack's top-of-rack switches. */
  readonly torAsNumber: number;
  /** The IP addresses of the two top-of-rack switches. */
  readonly torIPs: readonly [string, string];
}

/** The datacenter route reflector the edge nodes peer with. */
export interface RouteReflectorProps {
  /** Its IP address. */
  readonly peerIP: string;
  /** Its AS number (the cluster's, for iBGP route reflection). */
  readonly asNumber: number;
  /** Which nodes peer with it. */
  readonly nodeSelector: string;
}

/** Props of a {@link RackFabric}. */
export interface RackFabricProps {
  /** The cluster's AS number. */
  readonly asNumber: number;
  /** The racks. */
  readonly racks: readonly RackProps[];
  /** The route reflector peering. */
  readonly routeReflector: RouteReflectorProps;
  /** Service cluster IP blocks advertised to the fabric. @default none */
  readonly serviceClusterIPs?: readonly CidrBlock[];
  /** Seed the passwords derive from. @default the CALICO_BGP_AUTH_SEED environment variable */
  readonly seed?: string | Uint8Array;
  /** How Calico was installed. @default "operator" */
  readonly install?: CalicoInstallInput;
}

/**
 * A platform team's template for a rack-based BGP fabric: a password on the node-to-node mesh, two
 * top-of-rack peerings per rack sharing one Secret per rack (one key per switch, each its own
 * password), and one route reflector peering.
 *
 * The switch peerings are added with `BgpPasswordSecret.addPeer`, which emits a BGPPeer without a
 * construct per peer: the shape that scales to thousands of racks. The route reflector, a single
 * peering with its own Secret, is a `SecuredBgpPeer`.
 */
export class RackFabric extends Construct {
  /** The mesh password. */
  public readonly mesh: MeshPassword;
  /** Every top-of-rack peering, rack by rack. */
  public readonly torPeers: SharedBgpPeer[] = [];
  /** The route reflector peering. */
  public readonly routeReflectorPeer: SecuredBgpPeer;

  constructor(scope: Construct, id: string, props: RackFabricProps) {
    super(scope, id);
    const { install, seed } = props;
    this.mesh = new MeshPassword(this, 'mesh', {
      install,
      password: BgpPassword.generate({ seed }),
      asNumber: props.asNumber,
      nodeMeshMaxRestartTime: '120s',
      serviceClusterIPs: props.serviceClusterIPs,
    });

    for (const rack of props.racks) {
      // The switches run SONiC (FRR): its profile leaves out the space and '?'.
      const secret = new BgpPasswordSecret(this, `${rack.name}-tors`, {
        name: `bgp-password-${rack.name}-tors`,
        install,
        keyPerPeer: true,
        password: BgpPassword.generate({ seed, policy: PasswordPolicy.forRouter('sonic') }),
      });
      // The BGPPeer is named after the switch, and so is its key in the rack's Secret.
      rack.torIPs.forEach((peerIP, i) => {
        this.torPeers.push(secret.addPeer(`${rack.name}-tor-${i + 1}`, {
          nodeSelector: `rack == '${rack.name}'`,
          peerIP,
          asNumber: rack.torAsNumber,
          maxRestartTime: '120s',
        }));
      });
    }

    this.routeReflectorPeer = new SecuredBgpPeer(this, 'route-reflector', {
      name: 'datacenter-route-reflector',
      install,
      password: BgpPassword.generate({ seed, policy: PasswordPolicy.forRouter('junos') }),
      ...props.routeReflector,
    });
  }
}
