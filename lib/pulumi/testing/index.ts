/**
 * Unit-testing Pulumi programs that use the calico-bgp-auth components, the way Pulumi's testing
 * guide does it (`pulumi.runtime.setMocks`, then import the program).
 *
 * A generated password (`BgpPassword.generate()`, the default) is shaped from the `base64` output
 * of a `@pulumi/random` `RandomBytes`. The usual mock (`state: args.inputs`) returns no such output, so
 * the password cannot be made and the components fail with a `ValidationError` that says what the
 * mock must return. {@link calicoBgpAuthMocks} answers the `RandomBytes` for you and passes every
 * other resource to your own mocks.
 *
 * @example
 * import * as pulumi from '@pulumi/pulumi';
 * import { calicoBgpAuthMocks } from 'calico-bgp-auth/pulumi/testing';
 *
 * pulumi.runtime.setMocks(calicoBgpAuthMocks({
 *   newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }),
 *   call: (args) => args.inputs,
 * }));
 * // then import the program under test
 *
 * @module calico-bgp-auth/pulumi/testing
 */
import { createHash, hkdfSync } from 'node:crypto';
import type * as pulumi from '@pulumi/pulumi';

/** The type token of `@pulumi/random`'s `RandomBytes`, where generated passwords take their entropy. */
export const RANDOM_BYTES_TYPE = 'random:index/randomBytes:RandomBytes';

/** The resource mocks of `pulumi.runtime.setMocks` (`@pulumi/pulumi`'s `runtime.Mocks`). */
export type PulumiMocks = pulumi.runtime.Mocks;

/** What a `RandomBytes` mock is asked for: `length`, and `keepers` when set. */
export interface RandomBytesMockArgs {
  /** The resource's name, e.g. `tor-a-entropy`. */
  readonly name: string;
  /** The resource's inputs: `length` (bytes) and `keepers`. */
  readonly inputs: { readonly length?: number; readonly keepers?: Readonly<Record<string, unknown>> };
}

/** Options of {@link calicoBgpAuthMocks} and {@link randomBytesMockState}. */
export interface CalicoBgpAuthMocksOptions {
  /**
   * The bytes a `RandomBytes` returns, given its name, length and keepers.
   *
   * @default bytes derived (HKDF-SHA256) from the name, the length and the keepers: the same program
   * gets the same passwords in every test run, a changed `rotation` or keeper gets new ones, as with
   * the real provider. They are public test values: never use this outside tests.
   */
  readonly entropy?: (args: {
    readonly name: string;
    readonly length: number;
    readonly keepers: Readonly<Record<string, unknown>>;
  }) => Uint8Array;
}

const SALT = Buffer.from('calico-bgp-auth/pulumi/testing/v1');

/** Keepers as stable text (sorted keys), so the same keepers always give the same bytes. */
function canonical(keepers: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.keys(keepers).sort().map((k) => [k, keepers[k]]));
}

function testBytes(args: Parameters<NonNullable<CalicoBgpAuthMocksOptions['entropy']>>[0]): Uint8Array {
  const ikm = createHash('sha256').update(`${args.name}\u0000${canonical(args.keepers)}`).digest();
  return Buffer.from(hkdfSync('sha256', ikm, SALT, Buffer.from(String(args.length)), args.length));
}

/**
 * The state a `RandomBytes` mock returns: its inputs plus `base64` and `hex` of `length` bytes, as
 * the provider's outputs. For mocks you write yourself; {@link calicoBgpAuthMocks} uses it.
 *
 * @throws RangeError when `length` is not an integer from 1 to 8,160 (the derivation's limit).
 *
 * @example
 * import * as pulumi from '@pulumi/pulumi';
 * import { RANDOM_BYTES_TYPE, randomBytesMockState } from 'calico-bgp-auth/pulumi/testing';
 *
 * pulumi.runtime.setMocks({
 *   newResource: (args) => ({
 *     id: `${args.name}_id`,
 *     state: args.type === RANDOM_BYTES_TYPE ? randomBytesMockState(args) : args.inputs,
 *   }),
 *   call: (args) => args.inputs,
 * });
 */
export function randomBytesMockState(args: RandomBytesMockArgs, options: CalicoBgpAuthMocksOptions = {}):
Record<string, unknown> {
  const length = args.inputs.length ?? 0;
  if (!Number.isInteger(length) || length < 1 || length > 8160) {
    throw new RangeError(`RandomBytes '${args.name}': 'length' (${String(args.inputs.length)}) must be an integer from 1 to 8160.`);
  }
  const keepers = args.inputs.keepers ?? {};
  const bytes = Buffer.from((options.entropy ?? testBytes)({ name: args.name, length, keepers }));
  return { ...args.inputs, base64: bytes.toString('base64'), hex: bytes.toString('hex') };
}

/**
 * Mocks for `pulumi.runtime.setMocks` that answer `@pulumi/random`'s `RandomBytes` (where generated
 * passwords take their entropy) with deterministic test bytes, and pass every other resource and
 * call to `mocks`.
 *
 * @param mocks your mocks for everything else; without them a resource's state is its inputs (id
 * `<name>_id`) and a call returns its inputs.
 * @param options where the `RandomBytes` take their bytes from.
 *
 * @example
 * // test/mocks.ts, imported by the test before the program (as in Pulumi's unit-testing guide)
 * import * as pulumi from '@pulumi/pulumi';
 * import { calicoBgpAuthMocks } from 'calico-bgp-auth/pulumi/testing';
 *
 * pulumi.runtime.setMocks(calicoBgpAuthMocks({
 *   newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }),   // your other mocks
 * }), 'project', 'stack');
 */
export function calicoBgpAuthMocks(mocks: Partial<PulumiMocks> = {}, options: CalicoBgpAuthMocksOptions = {}):
PulumiMocks {
  return {
    newResource: (args) => {
      if (args.type === RANDOM_BYTES_TYPE) return { id: `${args.name}_id`, state: randomBytesMockState(args, options) };
      return mocks.newResource ? mocks.newResource(args) : { id: `${args.name}_id`, state: args.inputs };
    },
    call: (args) => (mocks.call ? mocks.call(args) : args.inputs),
  };
}
