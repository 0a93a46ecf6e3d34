import { IConstruct } from 'constructs';
import { emitExternalObjects } from './external-secrets-password';
import { warnUnseeded } from './unseeded-warning';
import { SecretKeyRef, SecretPlacement } from '../calico';
import { Problem, capture } from '../errors';
import type { ExternalSecretOptions, ExternalSecretsGeneratorOptions } from '../external-secrets';
import { derivePassword, parseSeed, seedFromEnvironment } from '../password';
import {
  BgpPasswordValueOptions, ExistingBgpPasswordSecretProps, GeneratedPasswordOptions, GivenSecretProps,
  InlinePasswordSource, PASSWORD_SOURCES, PasswordSource, PasswordTarget, checkPasswordSource, isDistinctPerKey,
  isInline, resolvePasswordSource,
} from '../source';

/** Options of {@link BgpPassword.generate}: the core's, and the seed the password derives from. */
export interface GeneratedBgpPasswordOptions extends GeneratedPasswordOptions {
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
}

/** A cdk8s password source: the core's model, a value being a string. @internal */
export type Cdk8sPasswordSource = PasswordSource<string, GeneratedBgpPasswordOptions>;

/**
 * A source bound to the construct that owns (or references) the Secret.
 *
 * @internal
 */
export interface BgpPasswordBinding {
  /** `own`: the construct emits the Secret holding `value`; `existing`: it exists or external-secrets writes it. */
  readonly placement: SecretPlacement;
  /** The Secret and key the Calico object references. */
  readonly secretKeyRef: SecretKeyRef;
  /** The password, for `own` only; undefined when it could not be produced (see problems). */
  readonly value?: string;
  /** The external-secrets objects emitted for the source: the Calico object depends on them. */
  readonly dependables: readonly IConstruct[];
  /** Problems of the source and of the props it overrides; never carrying the password. */
  readonly problems: readonly Problem[];
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
 * new SecuredBgpPeer(chart, 'tor-a', {
 *   ...spec, peerIP: '10.1.0.1', password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('frr') }),
 * });
 * // Already in the cluster: only the RBAC and the BGPPeer are emitted.
 * new SecuredBgpPeer(chart, 'tor-b', {
 *   ...spec, peerIP: '10.1.0.2', password: BgpPassword.fromExistingSecret({ name: 'tor-b-password' }),
 * });
 * // Copied from your secret store by external-secrets: no password in the YAML.
 * new SecuredBgpPeer(chart, 'tor-c', { ...spec, peerIP: '10.1.0.3', password: BgpPassword.fromExternalSecret({
 *   store: { name: 'vault', kind: 'ClusterSecretStore' },
 *   remoteRef: { key: 'network/bgp/tor-c', property: 'password' },
 * }) });
 * ```
 */
export class BgpPassword {
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
    return new BgpPassword(PASSWORD_SOURCES.generate(options));
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
    return new BgpPassword(PASSWORD_SOURCES.fromValue(value, options));
  }

  /**
   * A Secret that already exists in calico-node's namespace. No Secret is emitted (the password
   * stays out of the YAML); the Role, RoleBinding and the Calico object are.
   */
  public static fromExistingSecret(props: ExistingBgpPasswordSecretProps): BgpPassword {
    return new BgpPassword(PASSWORD_SOURCES.fromExistingSecret(props));
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
    return new BgpPassword(PASSWORD_SOURCES.fromExternalSecretsGenerator(options));
  }

  /**
   * A password copied by external-secrets from your secret store (Vault, a cloud secret manager)
   * into the Secret the Calico object references. No password is in the synthesized YAML. The
   * value is copied byte for byte: it must meet the floor rules (no `"`, no trailing newline).
   */
  public static fromExternalSecret(options: ExternalSecretOptions): BgpPassword {
    return new BgpPassword(PASSWORD_SOURCES.fromExternalSecret(options));
  }

  // A private field (#): a value source holds the password, which printing a BgpPassword must never show.
  readonly #source: Cdk8sPasswordSource;
  #textSeed?: { readonly seed?: Buffer; readonly problems: readonly Problem[] };

  private constructor(source: Cdk8sPasswordSource) {
    this.#source = source;
  }

  /** The core's description of the source. @internal */
  public get _source(): Cdk8sPasswordSource {
    return this.#source;
  }

  /**
   * Whether the source gives each Secret key its own, unrelated value (required by
   * `BgpPasswordSecret`'s `keyPerPeer`).
   *
   * @internal
   */
  public get _distinctPerKey(): boolean {
    return isDistinctPerKey(this._source);
  }

  /**
   * Binds the source to `scope`, the construct that owns the Secret `target` names: the core
   * resolves where the Secret is (`given`: the Secret props the user set, which an existing Secret
   * must not contradict); this produces an inline password and emits the external-secrets objects
   * the core planned, under `scope`.
   *
   * @internal
   */
  public _bind(scope: IConstruct, target: PasswordTarget, given: GivenSecretProps = {}): BgpPasswordBinding {
    const source = this._source;
    const problems = checkPasswordSource(source, 'password');
    const resolution = resolvePasswordSource(source, target, given);
    const value = isInline(source) && problems.length === 0
      ? this.produce(source, scope, resolution.secretKeyRef.key, problems)
      : undefined;
    problems.push(...resolution.problems);
    const dependables = resolution.external ? emitExternalObjects(scope, resolution.external, target.key) : [];
    return { placement: resolution.placement, secretKeyRef: resolution.secretKeyRef, value, dependables, problems };
  }

  /**
   * The password of an inline source: the value as given, or a generated one. With a seed (the
   * option, else the environment) it derives from the seed, the owning construct's path and the
   * Secret key: stable across synths, distinct per Secret key. Without one it is fresh at every
   * synth, and the app warns once.
   */
  private produce(source: InlinePasswordSource<string, GeneratedBgpPasswordOptions>, scope: IConstruct, key: string,
    problems: Problem[]): string | undefined {
    if (source.kind === 'value') return source.value;
    const given = source.options.seed;
    const seed = given !== undefined
      ? this.parsedSeed(given, problems)
      : capture(problems, () => seedFromEnvironment());
    if (problems.length > 0) return undefined;
    if (!seed) {
      warnUnseeded(scope);
      return source.policy.generate();
    }
    const { rotation, policy } = source;
    return capture(problems, () => derivePassword({ seed, context: `${scope.node.path}/${key}`, rotation, policy }));
  }

  /**
   * The seed option, decoded and checked: a text seed once per source (see bench/README.md, "cdk8s:
   * a text seed decoded once"), bytes at every bind (the caller may still change them).
   */
  private parsedSeed(given: string | Uint8Array, problems: Problem[]): Buffer | undefined {
    if (typeof given !== 'string') return capture(problems, () => parseSeed(given, 'seed'));
    if (!this.#textSeed) {
      const found: Problem[] = [];
      this.#textSeed = { seed: capture(found, () => parseSeed(given, 'seed')), problems: found };
    }
    problems.push(...this.#textSeed.problems);
    return this.#textSeed.seed;
  }
}
