/**
 * The Pulumi example: a rack fabric for an operator install of Calico (see Pulumi.yaml for the
 * commands). Every generated password is kept in Pulumi state (`@pulumi/random` RandomBytes), so
 * `pulumi up` is stable; bump `passwordRotation` to rotate them.
 */
import * as pulumi from '@pulumi/pulumi';
import { RackFabric } from './rack-fabric';

const config = new pulumi.Config();

const fabric = new RackFabric('fabric', {
  install: 'operator',
  asNumber: 64512,
  serviceClusterIPs: [{ cidr: '10.96.0.0/12' }],
  rotation: config.getNumber('passwordRotation') ?? 0,
  racks: [
    { name: 'r1', torAsNumber: 65101, torIPs: ['10.10.1.1', '10.10.1.2'] },
    { name: 'r2', torAsNumber: 65102, torIPs: ['10.10.2.1', '10.10.2.2'] },
  ],
  routeReflector: {
    peerIP: '10.255.0.10',
    asNumber: 64512,
    nodeSelector: "bgp-edge == 'true'",
    // `pulumi config set --secret routeReflectorPassword ...`; generated for Junos when unset.
    password: config.getSecret('routeReflectorPassword'),
  },
});

/** What each switch must be configured with, by BGPPeer name (secret: `pulumi stack output --show-secrets`). */
export const torPasswords = pulumi.secret(fabric.torPasswords);
/** The route reflector's password (secret). */
export const routeReflectorPassword = fabric.routeReflectorPeer.password;
/** Where calico-node reads each peer's password, for the runbook (not secret). */
export const secretRefs = pulumi.all([...fabric.torPeers, fabric.routeReflectorPeer].map((p) => pulumi.all({ peer: p.peerName, secret: p.secretName, key: p.secretKey })));
