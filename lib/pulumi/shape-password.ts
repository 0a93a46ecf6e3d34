import { Problem, problem, throwIfProblems } from '../errors';
import { MIN_SEED_BYTES, PasswordPolicy, derivePassword } from '../password';

/**
 * How many random bytes a generated password draws from `@pulumi/random`'s `RandomBytes`: 512 bits,
 * twice the core's minimum seed (`MIN_SEED_BYTES`), so every policy's password is a full-entropy
 * function of it.
 */
export const ENTROPY_BYTES = 64;

/** Options of {@link shapePassword}. */
export interface ShapePasswordOptions {
  /**
   * What the password is for, e.g. the Secret key. One entropy gives unrelated passwords for
   * different contexts (a key-per-peer secret draws all its keys from one `RandomBytes`).
   */
  readonly context: string;
  /** Bump to rotate the password on purpose. @default 0 */
  readonly rotation?: number;
  /** The policy the password must meet. @default PasswordPolicy.DEFAULT */
  readonly policy?: PasswordPolicy;
  /**
   * The `RandomBytes` the entropy comes from, named in errors (e.g. `tor-a-entropy`).
   *
   * @default "the RandomBytes"
   */
  readonly entropySource?: string;
}

const RANDOM_BYTES_TYPE = 'random:index/randomBytes:RandomBytes';
const MOCK_HINT = `Under pulumi.runtime.setMocks, newResource must answer type '${RANDOM_BYTES_TYPE}' with state.base64 holding inputs.length (${ENTROPY_BYTES}) random bytes: `
  + 'use calicoBgpAuthMocks() from \'calico-bgp-auth/pulumi/testing\', or randomBytesMockState(args) in your own mocks.';

/**
 * Problems of the entropy a generated password is shaped from (never quoting it): missing (a mock that
 * returns only the inputs), too short, or a handful of repeated byte values (fixed mock bytes).
 */
export function checkEntropy(entropyBase64: unknown, entropySource = 'the RandomBytes'): Problem[] {
  const name = entropySource === 'the RandomBytes' ? entropySource : `RandomBytes '${entropySource}'`;
  if (typeof entropyBase64 !== 'string' || entropyBase64.trim() === '') {
    const got = typeof entropyBase64 === 'string' ? 'an empty string' : entropyBase64 === undefined ? 'missing' : `a ${typeof entropyBase64}, not base64 text`;
    return [problem('entropy', 'entropy.missing', `${name} gave no entropy: its 'base64' output is ${got}. ${MOCK_HINT}`)];
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(entropyBase64.trim())) {
    return [problem('entropy', 'entropy.encoding', `${name} gave entropy that is not base64 text. ${MOCK_HINT}`)];
  }
  const bytes = Buffer.from(entropyBase64, 'base64');
  if (bytes.length < MIN_SEED_BYTES) {
    return [problem('entropy', 'entropy.too-short',
      `${name} gave ${bytes.length * 8} bits of entropy; at least ${MIN_SEED_BYTES * 8} bits are needed (the components ask for ${ENTROPY_BYTES} bytes). ${MOCK_HINT}`)];
  }
  if (new Set(bytes).size < 8) {
    return [problem('entropy', 'entropy.weak', `${name} gave bytes that repeat a handful of values, not random ones. ${MOCK_HINT}`)];
  }
  return [];
}

/**
 * Shapes entropy kept in Pulumi state into a password that meets `policy` exactly, first-character
 * rules included (which `RandomPassword` cannot express). The entropy is the `base64` output of a
 * `RandomBytes`; the core's HKDF derivation feeds the same unbiased sampler as every other generated
 * password, so the Pulumi path honours the same policies and router profiles as the cdk8s path.
 *
 * Pure: the same entropy, context, rotation and policy always give the same password, so a
 * `pulumi up` that does not replace the `RandomBytes` keeps the password.
 *
 * @param entropyBase64 at least 32 random bytes, base64-encoded (never logged or put in an error).
 * @throws ValidationError (rules `entropy.*`, field `entropy`) when the entropy is missing, shorter than
 * 256 bits or not random: under mocks, the message says what the `RandomBytes` mock must return.
 *
 * @example
 * import { randomBytes } from 'node:crypto';
 * import { PasswordPolicy } from 'calico-bgp-auth';
 * import { shapePassword } from 'calico-bgp-auth/pulumi';
 *
 * const entropy = randomBytes(64).toString('base64');
 * const password = shapePassword(entropy, { context: 'password', policy: PasswordPolicy.forRouter('junos') });
 */
export function shapePassword(entropyBase64: string, options: ShapePasswordOptions): string {
  throwIfProblems(checkEntropy(entropyBase64, options.entropySource));
  return derivePassword({
    seed: Buffer.from(entropyBase64, 'base64'),
    context: `calico-bgp-auth/pulumi\u0000${options.context}`,
    rotation: options.rotation,
    policy: options.policy,
  });
}
