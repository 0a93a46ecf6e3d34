import { RemoteRef, SecretStoreRef } from './manifests';
import { PasswordPolicy } from '../password';

/** Options of `BgpPassword.fromExternalSecretsGenerator`. */
export interface ExternalSecretsGeneratorOptions {
  /**
   * The policy every generated password meets. A policy the external-secrets Password generator
   * cannot express is refused with the reason (a first-character rule, a minimum of uppercase or
   * lowercase letters, forbidden letters...): adapt a router profile with
   * `passwordGeneratorPolicyForRouter('frr')`.
   *
   * @default DEFAULT_GENERATOR_POLICY (32 characters: 16 letters, 8 digits, 8 of `-_.+=@%,:`)
   */
  readonly policy?: PasswordPolicy;
  /**
   * Bump by one to rotate: a new Secret `<secretName>-r<N>` gets a fresh password and the Calico
   * object switches to it (the old Secret is left behind: delete it once both ends use the new
   * password). Rotation 0 uses the plain Secret name. See docs/ROTATION.md.
   *
   * @default 0
   */
  readonly rotation?: number;
  /**
   * Stage a later rotation's password (its generator and ExternalSecret, and with cdk8s its RBAC;
   * Pulumi's `dependsOn` orders the new Role itself) while the Calico object keeps `rotation`: read
   * the new password from its Secret, prepare the other end, then set `rotation` to this value and
   * drop `prepareRotation` (the staged objects carry over unchanged).
   *
   * @default nothing staged
   */
  readonly prepareRotation?: number;
}

/** Options of `BgpPassword.fromExternalSecret`. */
export interface ExternalSecretOptions {
  /** The SecretStore (in calico-node's namespace) or ClusterSecretStore holding the password. */
  readonly store: SecretStoreRef;
  /** Which value of the store holds the password; it is copied byte for byte, unchecked. */
  readonly remoteRef: RemoteRef;
  /**
   * Bump to make the ExternalSecret re-read the store now (after you changed the value there).
   *
   * @default 0
   */
  readonly rotation?: number;
  /**
   * Follow the store periodically instead of only when the ExternalSecret changes: a store change
   * then resets the session whenever the refresh falls.
   *
   * @default no periodic refresh (refreshPolicy OnChange)
   */
  readonly refreshInterval?: string;
}
