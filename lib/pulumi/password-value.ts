import { randomBytes } from 'node:crypto';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { PasswordSource } from './bgp-password';
import { ENTROPY_BYTES, checkEntropy, shapePassword } from './shape-password';
import { Problem, ValidationError, throwIfProblems } from '../errors';

/**
 * Problems of a password source that are known at construction: a plain value against its policy,
 * a generated password's `rotation` (checked by the core's derivation, with its message). An
 * `Output` value is checked later, in {@link passwordOutputs}.
 *
 * @internal
 */
export function checkPasswordSource(source: PasswordSource, field = 'password'): Problem[] {
  switch (source.kind) {
    case 'value':
      // An Output or a promise is checked once its value is known (passwordOutputs); anything else now.
      return pulumi.Output.isInstance(source.value) || source.value instanceof Promise ? [] : source.policy.check(source.value as string, field);
    case 'generated':
      try {
        // A dry run on throwaway entropy: the core owns the rotation rule and its message.
        shapePassword(randomBytes(ENTROPY_BYTES).toString('base64'), { context: 'check', rotation: source.rotation, policy: source.policy });
        return [];
      } catch (e) {
        if (e instanceof ValidationError) return [...e.problems];
        throw e;
      }
    default:
      return [];
  }
}

/** Inputs of {@link passwordOutputs}. @internal */
export interface PasswordOutputsProps {
  /** The component the `RandomBytes` is a child of. */
  readonly parent: pulumi.Resource;
  /** The component's name; the `RandomBytes` is `<name>-entropy`. */
  readonly name: string;
  /** The Secret keys to produce passwords for. */
  readonly keys: readonly string[];
  /** Prefix of the error when a value known only later breaks the policy, e.g. `SecuredBgpPeer 'tor-a'`. */
  readonly errorContext: string;
  /** The field problems are reported under. @default "password" */
  readonly field?: string;
}

/**
 * The password of every key, each a secret `Output`. A generated source draws one `RandomBytes`
 * (keepers: `rotation` and the user's) and derives each key's password from it with the key as
 * context; a value source checks the value once it is known and throws the core's message, which
 * fails the deployment before the Secret is written.
 *
 * @internal
 */
export function passwordOutputs(source: Extract<PasswordSource, { kind: 'generated' | 'value' }>, props: PasswordOutputsProps): Record<string, pulumi.Output<string>> {
  if (source.kind === 'value') {
    const field = props.field ?? 'password';
    // One check, one error: every input built from the value (the Secret, the outputs, the router
    // side) rejects with this same ValidationError, whose message never holds the value.
    const checked = pulumi.output(source.value).apply((value) => {
      throwIfProblems(source.policy.check(value, field), props.errorContext);
      return value;
    });
    // Mark it secret whatever the value's origin: a plain string is not secret by itself.
    return Object.fromEntries(props.keys.map((key) => [key, pulumi.secret(checked)]));
  }
  const entropy = new random.RandomBytes(`${props.name}-entropy`, {
    length: ENTROPY_BYTES,
    keepers: { ...source.keepers, rotation: String(source.rotation) },
  }, { parent: props.parent });
  // The provider marks `base64` secret; mocks and older providers may not, so mark the result too.
  return Object.fromEntries(props.keys.map((key) => [key,
    pulumi.secret(entropy.base64.apply((b64) => {
      throwIfProblems(checkEntropy(b64, `${props.name}-entropy`), props.errorContext);
      return shapePassword(b64, { context: key, rotation: source.rotation, policy: source.policy });
    }))]));
}
