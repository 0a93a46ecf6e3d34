import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { GeneratedBgpPasswordOptions } from './bgp-password';
import { checkEntropy, shapePassword, ENTROPY_BYTES } from './shape-password';
import { throwIfProblems } from '../errors';
import { InlinePasswordSource } from '../source';

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
export function passwordOutputs(source: InlinePasswordSource<pulumi.Input<string>, GeneratedBgpPasswordOptions>,
  props: PasswordOutputsProps): Record<string, pulumi.Output<string>> {
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
    keepers: { ...source.options.keepers, rotation: String(source.rotation) },
  }, { parent: props.parent });
  // The provider marks `base64` secret; mocks and older providers may not, so mark the result too.
  return Object.fromEntries(props.keys.map((key) => [key,
    pulumi.secret(entropy.base64.apply((b64) => {
      throwIfProblems(checkEntropy(b64, `${props.name}-entropy`), props.errorContext);
      return shapePassword(b64, { context: key, rotation: source.rotation, policy: source.policy });
    }))]));
}
