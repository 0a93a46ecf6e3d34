import { CalicoInstall } from '../calico';

// The public members of the password units, declared once for both engines: each engine's class
// implements these with its own types (cdk8s: `string` and `ApiObject`; Pulumi: `pulumi.Output<string>`
// and Pulumi resources), so a name, and what it means, cannot drift between the engines.
//
// `Text` is how the engine gives a name (`string`, `pulumi.Output<string>`), `Obj` how it gives a
// Kubernetes object (`ApiObject`, a Pulumi resource), `Password` how it gives the password
// (`string`, a secret `pulumi.Output<string>`).

/** The members every unit with a Secret reference has: a peer and the mesh password. */
export interface PasswordReferenceMembers<Text, Password> {
  /** The name of the Secret holding the password, in calico-node's namespace. */
  readonly secretName: Text;
  /** The key in that Secret holding the password. */
  readonly secretKey: Text;
  /**
   * The password (secret: never log it), for the router on the other end: undefined when the
   * library does not know it (an existing Secret, external-secrets) or could not produce it.
   */
  readonly password: Password | undefined;
}

/** The members of a unit that may own its Secret and RBAC: SecuredBgpPeer and MeshPassword. */
export interface PasswordUnitMembers<Text, Obj, Password> extends PasswordReferenceMembers<Text, Password> {
  /** The install whose namespace holds the Secret and RBAC (calico-node reads Secrets only there). */
  readonly install: CalicoInstall;
  /** The unit's own Secret; undefined with a shared secret, an existing Secret or external-secrets. */
  readonly secret?: Obj;
  /** The Role letting calico-node read exactly that Secret; undefined with a shared secret (it has the Role). */
  readonly role?: Obj;
  /** The RoleBinding granting the Role to calico-node's ServiceAccount; undefined with a shared secret. */
  readonly roleBinding?: Obj;
}

/** The members of a BGPPeer with its password: SecuredBgpPeer and SharedBgpPeer. */
export interface BgpPeerMembers<Text, Obj, Password> extends PasswordReferenceMembers<Text, Password> {
  /** The BGPPeer's name (cluster-scoped). */
  readonly peerName: Text;
  /** The BGPPeer. */
  readonly bgpPeer: Obj;
}

/** The members of a SecuredBgpPeer. */
export interface SecuredBgpPeerMembers<Text, Obj, Password>
  extends PasswordUnitMembers<Text, Obj, Password>, BgpPeerMembers<Text, Obj, Password> {}

/** The members of a MeshPassword. */
export interface MeshPasswordMembers<Text, Obj, Password> extends PasswordUnitMembers<Text, Obj, Password> {
  /** The BGPConfiguration's name: always `default`, the only one that holds the mesh password. */
  readonly configurationName: Text;
  /** The `default` BGPConfiguration carrying `nodeMeshPassword`. */
  readonly bgpConfiguration: Obj;
}

/** The members of a BgpPasswordSecret. */
export interface BgpPasswordSecretMembers<Text, Texts, Obj, Password> {
  /** The Secret's name in calico-node's namespace. */
  readonly secretName: Text;
  /** The Secret's keys: the one shared key, or one per peer with `keyPerPeer`. */
  readonly secretKeys: Texts;
  /** The one password every peer uses (secret); undefined with `keyPerPeer`, an existing Secret or external-secrets. */
  readonly password: Password | undefined;
  /** The install whose namespace holds the Secret and RBAC. */
  readonly install: CalicoInstall;
  /** Whether each peer gets its own key (and password) in the Secret. */
  readonly keyPerPeer: boolean;
  /** The Secret, unless the password is an existing Secret or written by external-secrets. */
  readonly secret?: Obj;
  /** The Role letting calico-node get, list and watch exactly this Secret. */
  readonly role?: Obj;
  /** The RoleBinding granting the Role to calico-node's ServiceAccount. */
  readonly roleBinding?: Obj;
  /** The password of the peer named `peerName` (secret); undefined when the library does not know it. */
  passwordFor(peerName: string): Password | undefined;
}
