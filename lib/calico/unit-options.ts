import { CalicoInstallInput } from './install';
import { ApiFlavor } from './manifests';
import { CalicoVersion } from './versions';

// The props every password unit takes in both engines, declared once here: the cdk8s props and the
// Pulumi args extend these interfaces and keep only what differs (`password`, cdk8s `sharedSecret`,
// Pulumi `peerNames`), so the two skins cannot drift apart in a name, a type or a default.

/** Where calico-node runs: the option every password unit (and a shared secret) takes. */
export interface CalicoInstallOptions {
  /**
   * How Calico was installed, which decides where calico-node reads Secrets (only in its own
   * namespace) and so where the Secret, Role and RoleBinding go: `operator` (calico-system),
   * `manifest` (calico.yaml or the Helm chart: kube-system), or `{ namespace, serviceAccount }`.
   * A BgpPasswordSecret and the peers sharing it must use the same install.
   *
   * @default "operator"; for a SecuredBgpPeer with `sharedSecret`, the shared secret's install
   */
  readonly install?: CalicoInstallInput;
}

/**
 * The options a SecuredBgpPeer and a MeshPassword share in both engines: the install, the Calico
 * release and API the BGPPeer or BGPConfiguration is written for, and the Secret holding the
 * password.
 */
export interface PasswordUnitOptions extends CalicoInstallOptions {
  /**
   * The Calico release the BGPPeer or BGPConfiguration is written for: a field newer than it is
   * refused (the older CRD would drop it silently).
   *
   * @default "3.32"
   */
  readonly calicoVersion?: CalicoVersion;
  /**
   * The API the BGPPeer or BGPConfiguration is written for. `crd.projectcalico.org/v1` is Calico's
   * internal storage API: writing it bypasses Calico's validation and defaulting.
   *
   * @default "projectcalico.org/v3"
   */
  readonly apiFlavor?: ApiFlavor;
  /**
   * The name of the unit's own Secret holding the password. Leave it unset with a shared secret or
   * `BgpPassword.fromExistingSecret`: they name the Secret themselves.
   *
   * @default `bgp-password-<BGPPeer name>` for a SecuredBgpPeer, "bgp-mesh-password" for a MeshPassword
   */
  readonly secretName?: string;
  /**
   * The key in that Secret.
   *
   * @default "password"
   */
  readonly secretKey?: string;
}

// A Record over the interface's keys: adding an option without listing it here fails to compile.
const OPTION_KEYS: Record<keyof PasswordUnitOptions, true> = {
  install: true,
  calicoVersion: true,
  apiFlavor: true,
  secretName: true,
  secretKey: true,
};

/** The names of {@link PasswordUnitOptions}: props of a unit that are not part of its Calico spec. @internal */
export const PASSWORD_UNIT_OPTION_KEYS: readonly (keyof PasswordUnitOptions)[] = Object.keys(
  OPTION_KEYS,
) as (keyof PasswordUnitOptions)[];

/**
 * The Calico spec carried by a unit's props: every prop except `ownKeys`, in the order given.
 *
 * @internal
 */
export function specOfProps<S>(props: object, ownKeys: readonly string[]): S {
  const spec: Record<string, unknown> = { ...props };
  for (const k of ownKeys) delete spec[k];
  return spec as S;
}

/**
 * The options of a peer added to a shared secret (`BgpPasswordSecret.addPeer`) in both engines: the
 * Calico release and API its BGPPeer is written for. Its install, Secret and key are the shared
 * secret's.
 */
export type SharedPeerOptions = Pick<PasswordUnitOptions, 'calicoVersion' | 'apiFlavor'>;

const SHARED_PEER_KEYS: Record<keyof SharedPeerOptions, true> = { calicoVersion: true, apiFlavor: true };

/** The names of {@link SharedPeerOptions}: props of an added peer that are not part of its BGPPeer spec. @internal */
export const SHARED_PEER_OPTION_KEYS: readonly (keyof SharedPeerOptions)[] = Object.keys(
  SHARED_PEER_KEYS,
) as (keyof SharedPeerOptions)[];
