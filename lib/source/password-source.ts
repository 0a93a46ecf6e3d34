import { BgpPasswordValueOptions, ExistingBgpPasswordSecretProps, GeneratedPasswordOptions } from './options';
import { DEFAULT_PASSWORD_KEY, SecretKeyRef } from '../calico';
import { Problem } from '../errors';
import type { ExternalSecretOptions, ExternalSecretsGeneratorOptions } from '../external-secrets';
import { PasswordPolicy, checkPasswordRotation } from '../password';

/**
 * Where a BGP password comes from, as both engines' `BgpPassword` holds it: the engines only bind
 * it (cdk8s to constructs at synth, Pulumi to resources), the core decides everything else.
 *
 * - `generated`: produced by the library from randomness (cdk8s: a seed or a fresh random; Pulumi:
 *   `RandomBytes` in state), shaped by `policy`;
 * - `value`: a value the user gives (`Value`: a string in cdk8s, a `pulumi.Input<string>` in Pulumi);
 * - `existing`: a Secret already in the cluster;
 * - `external-generator` / `external-store`: a Secret external-secrets writes (generated in the
 *   cluster, or copied from the user's store).
 *
 * `generated` and `value` are *inline*: the unit writes the password into a Secret it emits. The
 * others are *referenced*: the unit emits only the RBAC (and the external-secrets objects).
 *
 * @internal
 */
export type PasswordSource<Value = string, Generated extends GeneratedPasswordOptions = GeneratedPasswordOptions> =
  | {
    readonly kind: 'generated';
    /** The options as given (an engine reads its own extras, `seed` or `keepers`, from them). */
    readonly options: Generated;
    readonly policy: PasswordPolicy;
    readonly rotation: number;
  }
  | { readonly kind: 'value'; readonly value: Value; readonly policy: PasswordPolicy }
  | { readonly kind: 'existing'; readonly ref: SecretKeyRef }
  | { readonly kind: 'external-generator'; readonly options: ExternalSecretsGeneratorOptions }
  | { readonly kind: 'external-store'; readonly options: ExternalSecretOptions };

/** A source the unit writes into a Secret it emits. @internal */
export type InlinePasswordSource<Value = string,
  Generated extends GeneratedPasswordOptions = GeneratedPasswordOptions> =
  Extract<PasswordSource<Value, Generated>, { readonly kind: 'generated' | 'value' }>;

/**
 * The five sources with their defaults applied, one constructor per `BgpPassword` factory: the
 * engines' factories call these and wrap the result.
 *
 * @internal
 */
export const PASSWORD_SOURCES = {
  generate<G extends GeneratedPasswordOptions>(options: G): PasswordSource<never, G> {
    return { kind: 'generated', options, policy: options.policy ?? PasswordPolicy.DEFAULT, rotation: options.rotation ?? 0 };
  },
  fromValue<V>(value: V, options: BgpPasswordValueOptions = {}): PasswordSource<V, never> {
    return { kind: 'value', value, policy: options.policy ?? PasswordPolicy.floorOnly() };
  },
  fromExistingSecret(props: ExistingBgpPasswordSecretProps): PasswordSource<never, never> {
    return { kind: 'existing', ref: { name: props.name, key: props.key ?? DEFAULT_PASSWORD_KEY } };
  },
  fromExternalSecretsGenerator(options: ExternalSecretsGeneratorOptions = {}): PasswordSource<never, never> {
    return { kind: 'external-generator', options };
  },
  fromExternalSecret(options: ExternalSecretOptions): PasswordSource<never, never> {
    return { kind: 'external-store', options };
  },
} as const;

/** Whether the unit writes the password into a Secret it emits (`generated`, `value`). @internal */
export function isInline<V, G extends GeneratedPasswordOptions>(
  source: PasswordSource<V, G>): source is InlinePasswordSource<V, G> {
  return source.kind === 'generated' || source.kind === 'value';
}

/**
 * Whether the source gives each Secret key its own, unrelated value, as `keyPerPeer` requires:
 * only a generated password does (a value is one value; one external-secrets set writes one key).
 *
 * @internal
 */
export function isDistinctPerKey(source: PasswordSource<unknown, GeneratedPasswordOptions>): boolean {
  return source.kind === 'generated';
}

/**
 * The problems of a source known as soon as it is used, with the field they belong to: a value
 * against its policy (unless `isDeferred` says it is known only later: the engine checks it then,
 * with the same sentence), a generated password's `rotation`.
 *
 * @internal
 */
export function checkPasswordSource<V>(source: PasswordSource<V, GeneratedPasswordOptions>, field: string,
  isDeferred: (value: V) => boolean = () => false): Problem[] {
  switch (source.kind) {
    case 'value':
      return isDeferred(source.value) ? [] : source.policy.check(source.value as unknown as string, field);
    case 'generated':
      return checkPasswordRotation(source.rotation);
    default:
      return [];
  }
}
