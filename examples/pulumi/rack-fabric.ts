import { CalicoInstallInput, CidrBlock, PasswordPolicy } from 'calico-bgp-auth';
import { BgpPassword, BgpPasswordSecret, MeshPassword, SecuredBgpPeer, SharedBgpPeer } from 'calico-bgp-auth/pulumi';
import * as pulumi from '@pulumi/pulumi';

/** One rack: its nodes carry the label `rack=<name>` and peer with the rack's two top-of-rack switches. */
export interface RackArgs {
  /** The rack's name, as in the nodes' `rack` label. */
  readonly name: string;
  /** The AS number of the rack's top-of-rack switches. */
  readonly torAsNumber: number;
  /** The IP addresses of the two top-of-rack switches. */
  readonly torIPs: readonly [string, string];
}

/** The datacenter route reflector the edge nodes peer with. */
export interface RouteReflectorArgs {
  /** Its IP address. */
  readonly peerIP: string;
  /** Its AS number (the cluster's, for iBGP route reflection). */
  readonly asNumber: number;
  /** Which nodes peer with it. */
  readonly nodeSelector: string;
  /** Its password, when it already has one (e.g. a config secret). @default generated for Junos */
  readonly password?: pulumi.Input<string>;
}

/** Arguments of a {@link RackFabric}. */
export interface RackFabricArgs {
  /** The cluster's AS number. */
  readonly asNumber: number;
  /** The racks. */
  readonly racks: readonly RackArgs[];
  /** The route reflector peering. */
  readonly routeReflector: RouteReflectorArgs;
  /** Service cluster IP blocks advertised to the fabric. @default none */
  readonly serviceClusterIPs?: readonly CidrBlock[];
  /** Bump to rotate every generated password (coordinate with the switches: TCP-MD5 has no rollover). @default 0 */
  readonly rotation?: number;
  /** How Calico was installed. @default "operator" */
  readonly install?: CalicoInstallInput;
}

/**
 * A platform team's template for a rack-based BGP fabric: a password on the node-to-node mesh, two
 * top-of-rack peerings per rack sharing one Secret per rack (one key per switch, each its own
 * password), and one route reflector peering. The same shape as the cdk8s example's RackFabric.
 *
 * The switch peerings are added with `BgpPasswordSecret.addPeer`, which registers a BGPPeer (a child
 * of the rack's secret) without a component per peer: the shape that scales to thousands of racks.
 * The route reflector, a single peering with its own Secret, is a `SecuredBgpPeer`.
 */
export class RackFabric extends pulumi.ComponentResource {
  /** The mesh password component. */
  public readonly mesh: MeshPassword;
  /** Every top-of-rack peering, rack by rack. */
  public readonly torPeers: SharedBgpPeer[] = [];
  /** Each switch's password (secret), by BGPPeer name. */
  public readonly torPasswords: Record<string, pulumi.Output<string>> = {};
  /** The route reflector peering. */
  public readonly routeReflectorPeer: SecuredBgpPeer;

  constructor(name: string, args: RackFabricArgs, opts?: pulumi.ComponentResourceOptions) {
    super('example:index:RackFabric', name, {}, opts);
    const { install, rotation } = args;
    const parent = { parent: this };
    this.mesh = new MeshPassword(`${name}-mesh`, {
      install,
      password: BgpPassword.generate({ rotation }),
      asNumber: args.asNumber,
      nodeMeshMaxRestartTime: '120s',
      serviceClusterIPs: args.serviceClusterIPs,
    }, parent);

    for (const rack of args.racks) {
      const peerNames = rack.torIPs.map((_, i) => `${rack.name}-tor-${i + 1}`);
      // The switches run SONiC (FRR): its profile leaves out the space and '?'.
      const secret = new BgpPasswordSecret(`${name}-${rack.name}-tors`, {
        name: `bgp-password-${rack.name}-tors`,
        install,
        keyPerPeer: true,
        peerNames,
        password: BgpPassword.generate({ rotation, policy: PasswordPolicy.forRouter('sonic') }),
      }, parent);
      // The BGPPeer is named after the switch, and so is its key in the rack's Secret.
      rack.torIPs.forEach((peerIP, i) => {
        const peer = secret.addPeer(peerNames[i], {
          nodeSelector: `rack == '${rack.name}'`,
          peerIP,
          asNumber: rack.torAsNumber,
          maxRestartTime: '120s',
        });
        this.torPasswords[peerNames[i]] = peer.password!;
        this.torPeers.push(peer);
      });
    }

    const { password, ...routeReflector } = args.routeReflector;
    const junos = PasswordPolicy.forRouter('junos');
    this.routeReflectorPeer = new SecuredBgpPeer('datacenter-route-reflector', {
      install,
      password: password === undefined ? BgpPassword.generate({ rotation, policy: junos }) : BgpPassword.fromValue(password, { policy: PasswordPolicy.routerLimits('junos') }),
      ...routeReflector,
    }, parent);
    this.registerOutputs({ torPasswords: pulumi.secret(this.torPasswords), routeReflectorPassword: this.routeReflectorPeer.password });
  }
}
