import * as pulumi from '@pulumi/pulumi';
import { ExternalSecretOptions, ExternalSecretsGeneratorOptions } from '../external-secrets';
import { ExistingBgpPasswordSecretProps, BgpPasswordValueOptions, GeneratedPasswordOptions, PASSWORD_SOURCES, PasswordSource } from '../source';

/** Options of {@link BgpPassword.generate}: the core's, plus the `keepers` of the `RandomBytes`. */
export interface GeneratedBgpPasswordOptions extends GeneratedPasswordOptions {
  /**
   * More `keepers` for the `RandomBytes` that holds the entropy: any change to them replaces it
   * and so rotates the password, as with every `@pulumi/random` resource.
   *
   * @default no keepers besides `rotation`
   */
  readonly keepers?: Readonly<Record<string, pulumi.Input<string>>>;
}

/** A password source as the Pulumi components read it: the core's, with a `pulumi.Input` value. @internal */
export type PulumiPasswordSource = PasswordSource<pulumi.Input<string>, GeneratedBgpPasswordOptions>;

/**
 * The source of a BGP password for {@link SecuredBgpPeer}, {@link MeshPassword} and
 * {@link BgpPasswordSecret}.
 *
 * - {@link BgpPassword.generate} (the default): randomness from `@pulumi/random` kept in Pulumi
 *   state, shaped by the core into a password that meets the policy. Stable across `pulumi up`;
 *   rotates only when `rotation` or `keepers` change.
 * - {@link BgpPassword.fromValue}: a value you pass, typically a config secret
 *   (`config.requireSecret(...)`), checked against the policy.
 * - {@link BgpPassword.fromExistingSecret}: a Secret that already exists in calico-node's namespace;
 *   only the RBAC and the Calico object are emitted.
 * - {@link BgpPassword.fromExternalSecretsGenerator}: generated once in the cluster by external-secrets.
 * - {@link BgpPassword.fromExternalSecret}: copied by external-secrets from your secret store.
 *
 * @example
 * ```ts
 * import * as pulumi from '@pulumi/pulumi';
 * import { BgpPassword, PasswordPolicy, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
 *
 * const spec = { asNumber: 65101, nodeSelector: "rack == 'r1'" };
 * // Entropy kept in Pulumi state (a RandomBytes), shaped for the router on the other end.
 * const junos = BgpPassword.generate({ policy: PasswordPolicy.forRouter('junos') });
 * new SecuredBgpPeer('tor-a', { ...spec, peerIP: '10.1.0.1', password: junos });
 * // A config secret (pulumi config set --secret torBPassword ...).
 * const fromConfig = BgpPassword.fromValue(new pulumi.Config().requireSecret('torBPassword'));
 * new SecuredBgpPeer('tor-b', { ...spec, peerIP: '10.1.0.2', password: fromConfig });
 * // Already in the cluster: only the RBAC and the BGPPeer are created.
 * const existing = BgpPassword.fromExistingSecret({ name: 'tor-c-password' });
 * new SecuredBgpPeer('tor-c', { ...spec, peerIP: '10.1.0.3', password: existing });
 * ```
 */
export class BgpPassword {
  /** A password generated from entropy that Pulumi keeps in state (`@pulumi/random` `RandomBytes`). */
  public static generate(options: GeneratedBgpPasswordOptions = {}): BgpPassword {
    return new BgpPassword(PASSWORD_SOURCES.generate(options));
  }

  /**
   * A password you provide. A plain string is checked when the component is constructed; an
   * `Output` (a config secret) is checked when its value is known, and a value that breaks the
   * policy fails the deployment with the same message before anything is written. Messages never
   * contain the value.
   *
   * A plain string in a program ends up in Git: prefer `config.requireSecret('bgpPassword')`.
   * Either way the components mark the value secret in Pulumi state and outputs.
   */
  public static fromValue(value: pulumi.Input<string>, options: BgpPasswordValueOptions = {}): BgpPassword {
    return new BgpPassword(PASSWORD_SOURCES.fromValue(value, options));
  }

  /**
   * A Secret that already exists in calico-node's namespace (`calico-system` for operator installs,
   * `kube-system` for manifest installs). No Secret is emitted; the Role, RoleBinding and the Calico
   * object are. If the Secret or key does not exist, calico-node brings the session up without a
   * password, so create it first.
   */
  public static fromExistingSecret(props: ExistingBgpPasswordSecretProps): BgpPassword {
    return new BgpPassword(PASSWORD_SOURCES.fromExistingSecret(props));
  }

  /**
   * A password generated in the cluster, once, by the external-secrets Password generator: a
   * `Password` generator constrained so that everything it can produce meets the floor rules and
   * the policy, and an ExternalSecret writing it into the Secret the Calico object references
   * (`refreshPolicy: CreatedOnce`, immutable, orphaned: never regenerated on its own). No password
   * is in the program, its state or its outputs; the component's `password` output is undefined.
   * Needs external-secrets v0.16 or later in the cluster.
   */
  public static fromExternalSecretsGenerator(options: ExternalSecretsGeneratorOptions = {}): BgpPassword {
    return new BgpPassword(PASSWORD_SOURCES.fromExternalSecretsGenerator(options));
  }

  /**
   * A password copied by external-secrets from your secret store (Vault, a cloud secret manager)
   * into the Secret the Calico object references. No password is in the program, its state or its
   * outputs. The value is copied byte for byte: it must meet the floor rules (no `"`, no trailing
   * newline).
   */
  public static fromExternalSecret(options: ExternalSecretOptions): BgpPassword {
    return new BgpPassword(PASSWORD_SOURCES.fromExternalSecret(options));
  }

  // A private field (#): a value source may hold a plain-string password, which printing a
  // BgpPassword must never show (as in the cdk8s BgpPassword).
  readonly #source: PulumiPasswordSource;

  private constructor(source: PulumiPasswordSource) {
    this.#source = source;
  }

  /** Where the password comes from: the core's model, which this class binds to Pulumi. @internal */
  public get source(): PulumiPasswordSource {
    return this.#source;
  }
}
