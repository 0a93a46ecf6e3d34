import { IConstruct } from 'constructs';
import { ExternalSecretOptions, ExternalSecretsGeneratorOptions, bindGeneratedPassword, bindStoredPassword } from './external-secrets-password';
import type { BgpPasswordBinding, BgpPasswordContext } from './password-binding';
import { warnUnseeded } from './unseeded-warning';
import { DEFAULT_PASSWORD_KEY } from '../calico';
import { Problem, capture } from '../errors';
import { PasswordPolicy, derivePassword, parseSeed, seedFromEnvironment } from '../password';

/** Options of {@link BgpPassword.generate}. */
export interface GeneratedBgpPasswordOptions {
  /**
   * What the password must look like, e.g. `PasswordPolicy.forRouter('cisco-ios')` when the other
   * end is a Cisco IOS router.
   *
   * @default PasswordPolicy.DEFAULT (32 characters from letters, digits and `-_.+=@%,:`)
   */
  readonly policy?: PasswordPolicy;
  /**
   * Secret seed material (at least 256 bits, hex or base64 text, or bytes) from which the password is
   * derived with HKDF-SHA256, per construct path and Secret key: every synth then writes the same
   * password, so applying the output again does not reset the BGP session. Random material only
   * (`openssl rand -hex 32`): a pattern, a phrase or a repeated block is refused (`seed.low-entropy`).
   *
   * The seed is as secret as every password derived from it: read it from a secret store or a file
   * outside Git, never write it in the source.
   *
   * @default the seed in the environment variable `CALICO_BGP_AUTH_SEED`, else in the file named by
   * `CALICO_BGP_AUTH_SEED_FILE`; with neither, a fresh random password at every synth (and a warning)
   */
  readonly seed?: string | Uint8Array;
  /**
   * Bump to change a derived password on purpose (rotation): each value gives an unrelated password.
   * Without a seed every synth changes the password anyway.
   *
   * @default 0
   */
  readonly rotation?: number;
}

/** Options of {@link BgpPassword.fromValue}. */
export interface BgpPasswordValueOptions {
  /**
   * The policy the value is checked against, on top of the floor rules that always apply.
   *
   * @default PasswordPolicy.floorOnly() (only the floor rules: 1 to 80 bytes, no `"`, no control
   * character, no surrounding whitespace)
   */
  readonly policy?: PasswordPolicy;
}

/** Props of {@link BgpPassword.fromExistingSecret}. */
export interface ExistingBgpPasswordSecretProps {
  /** The Secret's name; it must live in calico-node's namespace (the install's). */
  readonly name: string;
  /** The key in the Secret's data holding the password. @default "password" */
  readonly key?: string;
}

/**
 * Where a BGP password comes from. Pass one to `SecuredBgpPeer`, `MeshPassword` or
 * `BgpPasswordSecret` as `password`.
 *
 * - {@link BgpPassword.generate}: generated at synth time, stable when a seed is set;
 * - {@link BgpPassword.fromValue}: a value you chose (it lands in the synthesized YAML);
 * - {@link BgpPassword.fromExistingSecret}: a Secret that already exists in the cluster;
 * - {@link BgpPassword.fromExternalSecretsGenerator}: generated in the cluster by external-secrets;
 * - {@link BgpPassword.fromExternalSecret}: copied by external-secrets from your secret store.
 *
 * `generate` and `fromValue` write the password into a Secret in the synthesized YAML: whoever
 * reads that output (a Git repository, CI logs) reads the password. The other sources keep it out.
 *
 * @example
 * ```ts
 * import { App, Chart } from 'cdk8s';
 * import { BgpPassword, PasswordPolicy, SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';
 *
 * const chart = new Chart(new App(), 'bgp');
 * const spec = { asNumber: 65101, nodeSelector: "rack == 'r1'" };
 * // Generated at synth (stable with CALICO_BGP_AUTH_SEED), for the router on the other end.
 * new SecuredBgpPeer(chart, 'tor-a', { ...spec, peerIP: '10.1.0.1', password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('frr') }) });
 * // Already in the cluster: only the RBAC and the BGPPeer are emitted.
 * new SecuredBgpPeer(chart, 'tor-b', { ...spec, peerIP: '10.1.0.2', password: BgpPassword.fromExistingSecret({ name: 'tor-b-password' }) });
 * // Copied from your secret store by external-secrets: no password in the YAML.
 * new SecuredBgpPeer(chart, 'tor-c', { ...spec, peerIP: '10.1.0.3', password: BgpPassword.fromExternalSecret({
 *   store: { name: 'vault', kind: 'ClusterSecretStore' }, remoteRef: { key: 'network/bgp/tor-c', property: 'password' },
 * }) });
 * ```
 */
export abstract class BgpPassword {
  /**
   * A password generated at synth time by the policy's unbiased sampler.
   *
   * With a seed (the `seed` option, or `CALICO_BGP_AUTH_SEED` / `CALICO_BGP_AUTH_SEED_FILE`), the
   * password is derived from the seed, the path of the construct that owns the Secret and the Secret
   * key: repeated synths write byte-identical YAML. Renaming or moving that construct, or changing
   * `rotation`, changes the password.
   *
   * Without a seed, every synth writes a new password, and applying it resets every BGP session
   * using it (TCP-MD5 has no key rollover); a warning says so once per app.
   */
  public static generate(options: GeneratedBgpPasswordOptions = {}): BgpPassword {
    return new GeneratedBgpPassword(options);
  }

  /**
   * A password you chose, checked against `policy` and the floor rules when the app is validated
   * (the value never appears in a message).
   *
   * **The value is written in plain text into the synthesized YAML** (a Secret's `stringData`), and
   * from there into Git when the output is committed. Prefer `generate` with a seed kept outside
   * Git, or `fromExistingSecret`.
   */
  public static fromValue(value: string, options: BgpPasswordValueOptions = {}): BgpPassword {
    return new ValueBgpPassword(value, options.policy ?? PasswordPolicy.floorOnly());
  }

  /**
   * A Secret that already exists in calico-node's namespace. No Secret is emitted (the password
   * stays out of the YAML); the Role, RoleBinding and the Calico object are.
   */
  public static fromExistingSecret(props: ExistingBgpPasswordSecretProps): BgpPassword {
    return new ExistingSecretBgpPassword(props.name, props.key ?? DEFAULT_PASSWORD_KEY);
  }

  /**
   * A password generated in the cluster, once, by the external-secrets Password generator: emits a
   * `Password` generator constrained so that everything it can produce meets the floor rules and the
   * policy, and an ExternalSecret that writes it into the Secret the Calico object references
   * (`refreshPolicy: CreatedOnce`, immutable, orphaned: it is never regenerated on its own). No
   * password is in the synthesized YAML. Needs external-secrets v0.16 or later in the cluster.
   *
   * The password exists only in the cluster: for a router peer, read it from the Secret to
   * configure the router (`prepareRotation` stages a new one before the switch).
   */
  public static fromExternalSecretsGenerator(options: ExternalSecretsGeneratorOptions = {}): BgpPassword {
    return new ExternalSecretsGeneratorBgpPassword(options);
  }

  /**
   * A password copied by external-secrets from your secret store (Vault, a cloud secret manager)
   * into the Secret the Calico object references. No password is in the synthesized YAML. The
   * value is copied byte for byte: it must meet the floor rules (no `"`, no trailing newline).
   */
  public static fromExternalSecret(options: ExternalSecretOptions): BgpPassword {
    return new ExternalSecretBgpPassword(options);
  }

  /**
   * Whether the source gives each Secret key its own, unrelated value (required by
   * `BgpPasswordSecret`'s `keyPerPeer`).
   *
   * @internal
   */
  public abstract readonly _distinctPerKey: boolean;

  /**
   * Binds the source to the construct that owns the Secret.
   *
   * @internal
   */
  public abstract _bind(scope: IConstruct, context: BgpPasswordContext): BgpPasswordBinding;
}

class GeneratedBgpPassword extends BgpPassword {
  public readonly _distinctPerKey = true;
  readonly #options: GeneratedBgpPasswordOptions;
  // A seed given as text, decoded once: one source bound by thousands of peers would decode and
  // check it at every bind. Bytes are decoded at every bind (the caller may still change them).
  #textSeed?: { readonly seed?: Buffer; readonly problems: readonly Problem[] };

  constructor(options: GeneratedBgpPasswordOptions) {
    super();
    this.#options = options;
  }

  public _bind(scope: IConstruct, context: BgpPasswordContext): BgpPasswordBinding {
    const problems: Problem[] = [];
    const { policy = PasswordPolicy.DEFAULT, rotation } = this.#options;
    const seed = this.#options.seed !== undefined ? this.parsedSeed(problems) : capture(problems, () => seedFromEnvironment());
    let value: string | undefined;
    if (problems.length === 0) {
      if (seed) {
        // Context: the owning construct's path and the key; stable across synths, distinct per Secret key.
        value = capture(problems, () => derivePassword({ seed, context: `${scope.node.path}/${context.secretKey}`, rotation, policy }));
      } else {
        warnUnseeded(scope);
        value = policy.generate();
      }
    }
    return { delivery: 'inline', secretKeyRef: { name: context.secretName, key: context.secretKey }, value, dependables: [], problems };
  }

  private parsedSeed(problems: Problem[]): Buffer | undefined {
    const given = this.#options.seed!;
    if (typeof given !== 'string') return capture(problems, () => parseSeed(given, 'seed'));
    if (!this.#textSeed) {
      const found: Problem[] = [];
      this.#textSeed = { seed: capture(found, () => parseSeed(given, 'seed')), problems: found };
    }
    problems.push(...this.#textSeed.problems);
    return this.#textSeed.seed;
  }
}

class ValueBgpPassword extends BgpPassword {
  public readonly _distinctPerKey = false;
  readonly #value: string;
  readonly #policy: PasswordPolicy;

  constructor(value: string, policy: PasswordPolicy) {
    super();
    this.#value = value;
    this.#policy = policy;
  }

  public _bind(_scope: IConstruct, context: BgpPasswordContext): BgpPasswordBinding {
    const problems = this.#policy.check(this.#value, context.field);
    return { delivery: 'inline', secretKeyRef: { name: context.secretName, key: context.secretKey }, value: this.#value, dependables: [], problems };
  }
}

class ExistingSecretBgpPassword extends BgpPassword {
  public readonly _distinctPerKey = false;

  constructor(private readonly name: string, private readonly key: string) {
    super();
  }

  public _bind(): BgpPasswordBinding {
    // The names are checked by the core's plan (placement `existing`).
    return { delivery: 'reference', secretKeyRef: { name: this.name, key: this.key }, dependables: [], problems: [] };
  }
}

class ExternalSecretsGeneratorBgpPassword extends BgpPassword {
  // One generator and ExternalSecret write one Secret key; two ExternalSecrets must not share a Secret.
  public readonly _distinctPerKey = false;

  constructor(private readonly options: ExternalSecretsGeneratorOptions) {
    super();
  }

  public _bind(scope: IConstruct, context: BgpPasswordContext): BgpPasswordBinding {
    return bindGeneratedPassword(scope, context, this.options);
  }
}

class ExternalSecretBgpPassword extends BgpPassword {
  public readonly _distinctPerKey = false;

  constructor(private readonly options: ExternalSecretOptions) {
    super();
  }

  public _bind(scope: IConstruct, context: BgpPasswordContext): BgpPasswordBinding {
    return bindStoredPassword(scope, context, this.options);
  }
}
