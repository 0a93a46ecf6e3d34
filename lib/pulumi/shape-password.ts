import { PasswordPolicy, derivePassword } from '../password';

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
 */
export function shapePassword(entropyBase64: string, options: ShapePasswordOptions): string {
  return derivePassword({
    seed: Buffer.from(entropyBase64, 'base64'),
    context: `calico-bgp-auth/pulumi\u0000${options.context}`,
    rotation: options.rotation,
    policy: options.policy,
  });
}
