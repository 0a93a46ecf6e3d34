/**
 * calico-bgp-auth/pulumi/testing: programs using the components unit-test under
 * `pulumi.runtime.setMocks` as Pulumi's guide shows, and the usual mocks fail with a message that
 * says what to return instead of a TypeError deep inside the password shaping.
 */
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { PasswordPolicy, ValidationError } from 'calico-bgp-auth';
import { BgpPassword, BgpPasswordSecret, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import { RANDOM_BYTES_TYPE, calicoBgpAuthMocks, randomBytesMockState } from 'calico-bgp-auth/pulumi/testing';
import { TYPES, startMockStack } from './support/mock-stack';

/** The value of an Output, or its rejection. */
function settled<T>(output: pulumi.Output<T>): Promise<{ value?: T; error?: unknown }> {
  const promise = (output as unknown as { promise(): Promise<T> }).promise();
  return promise.then((value) => ({ value }), (error) => ({ error }));
}

/** Runs `fn` with unhandled rejections collected (a failing input rejects every resource built from it). */
async function collectingUnhandled(fn: () => Promise<void>): Promise<unknown[]> {
  const saved = process.listeners('unhandledRejection');
  const seen: unknown[] = [];
  process.removeAllListeners('unhandledRejection');
  const collect = (reason: unknown) => { seen.push(reason); };
  process.on('unhandledRejection', collect);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    process.removeListener('unhandledRejection', collect);
    for (const l of saved) process.on('unhandledRejection', l);
  }
  return seen;
}

/** Pulumi's guide's mocks: every resource's state is its inputs. */
const GUIDE_MOCKS: pulumi.runtime.Mocks = {
  newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }),
  call: (args) => args.inputs,
};

describe('Pulumi unit tests of programs using the components', () => {
  it('GIVEN the guide\'s mocks (state: args.inputs) WHEN a peer generates its password THEN it fails with a ValidationError naming the RandomBytes and what the mock must return, not a TypeError', async () => {
    const stack = await startMockStack({ mocks: GUIDE_MOCKS });
    let result: { value?: string; error?: unknown } = {};
    const unhandled = await collectingUnhandled(async () => {
      const peer = new SecuredBgpPeer('tor-a', { peerIP: '10.1.0.1', asNumber: 65101 });
      result = await settled(peer.password!);
      await stack.settleFailing();
    });
    expect(result.error).toBeInstanceOf(ValidationError);
    const err = result.error as ValidationError;
    expect(err.problems.map((p) => `${p.field} ${p.rule}`)).toEqual(['entropy entropy.missing']);
    expect(err.message).toContain(`SecuredBgpPeer 'tor-a': RandomBytes 'tor-a-entropy' gave no entropy: its 'base64' output is missing. Under pulumi.runtime.setMocks, newResource must answer type '${RANDOM_BYTES_TYPE}' with state.base64 holding inputs.length (64) random bytes: use calicoBgpAuthMocks() from 'calico-bgp-auth/pulumi/testing', or randomBytesMockState(args) in your own mocks.`);
    for (const e of unhandled) expect(e).not.toBeInstanceOf(TypeError);
    // AND nothing holding the password, nor the BGPPeer, reached the engine
    expect(stack.ofType(TYPES.secret)).toEqual([]);
    expect(stack.ofType(TYPES.bgpPeer)).toEqual([]);
  });

  it('GIVEN mocks returning fixed bytes THEN the message is about the RandomBytes, not a seed the user never set', async () => {
    const stack = await startMockStack({ mocks: { ...GUIDE_MOCKS, newResource: (args) => ({ id: 'x', state: { ...args.inputs, base64: Buffer.alloc(64).toString('base64') } }) } });
    let result: { value?: string; error?: unknown } = {};
    await collectingUnhandled(async () => {
      result = await settled(new SecuredBgpPeer('tor-b', { peerIP: '10.1.0.2', asNumber: 65101 }).password!);
      await stack.settleFailing();
    });
    expect((result.error as ValidationError).problems.map((p) => p.rule)).toEqual(['entropy.weak']);
    expect((result.error as Error).message).toContain('RandomBytes \'tor-b-entropy\' gave bytes that repeat a handful of values');
    expect((result.error as Error).message).not.toMatch(/seed/i);
  });

  it('GIVEN calicoBgpAuthMocks around the guide\'s mocks THEN passwords are made, meet their policy, are secrets, and other resources reach the user\'s mocks', async () => {
    // GIVEN the user's mocks, recording what reaches them
    const seen: string[] = [];
    const calls: string[] = [];
    const mocks = calicoBgpAuthMocks({
      newResource: (args) => { seen.push(args.type); return { id: `${args.name}_id`, state: args.inputs }; },
      call: (args) => { calls.push(args.token); return args.inputs; },
    });
    const stack = await startMockStack({ mocks });
    // WHEN a program declares a peer and a shared secret with one key per peer
    const peer = new SecuredBgpPeer('tor-a', { peerIP: '10.1.0.1', asNumber: 65101, password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('cisco-ios') }) });
    const rack = new BgpPasswordSecret('rack', { keyPerPeer: true, peerNames: ['r1', 'r2'] });
    const [p, r1, r2] = await Promise.all([peer.password!, rack.addPeer('r1', { peerIP: '10.1.1.1', asNumber: 65101 }).password!, rack.addPeer('r2', { peerIP: '10.1.1.2', asNumber: 65101 }).password!].map((o) => settled(o)));
    await stack.settle();
    // THEN
    expect(PasswordPolicy.forRouter('cisco-ios').check(p.value!)).toEqual([]);
    expect(PasswordPolicy.DEFAULT.check(r1.value!)).toEqual([]);
    expect(r1.value).not.toBe(r2.value);
    expect(await pulumi.isSecret(peer.password!)).toBe(true);
    // AND the RandomBytes were answered by the helper, everything else by the user's mocks
    expect(seen).not.toContain(RANDOM_BYTES_TYPE);
    expect(seen).toEqual(expect.arrayContaining([TYPES.peer, TYPES.shared, TYPES.secret, TYPES.bgpPeer]));
    expect(stack.ofType(TYPES.randomBytes)).toHaveLength(2);
    expect(calls).toEqual([]);
  });

  it('GIVEN the same program in two runs THEN the passwords are the same; a rotation changes them', async () => {
    const passwordIn = async (rotation: number) => {
      const stack = await startMockStack({ mocks: calicoBgpAuthMocks() });
      const password = (await settled(new SecuredBgpPeer('edge', { peerIP: '10.0.0.1', asNumber: 65000, password: BgpPassword.generate({ rotation }) }).password!)).value;
      await stack.settle();
      return password;
    };
    const first = await passwordIn(0);
    expect(await passwordIn(0)).toBe(first);
    expect(await passwordIn(1)).not.toBe(first);
  });

  it('GIVEN randomBytesMockState THEN it returns the inputs with base64 and hex of the asked length, from the entropy option when given', () => {
    const state = randomBytesMockState({ name: 'x-entropy', inputs: { length: 64, keepers: { rotation: '0' } } });
    expect(state).toMatchObject({ length: 64, keepers: { rotation: '0' } });
    const bytes = Buffer.from(state.base64 as string, 'base64');
    expect(bytes).toHaveLength(64);
    expect(state.hex).toBe(bytes.toString('hex'));
    expect(new Set(bytes).size).toBeGreaterThan(30);
    // AND the keepers decide the bytes, as the provider replaces the resource when they change
    expect(randomBytesMockState({ name: 'x-entropy', inputs: { length: 64, keepers: { rotation: '1' } } }).base64).not.toBe(state.base64);
    expect(randomBytesMockState({ name: 'x-entropy', inputs: { length: 64, keepers: { rotation: '0' } } }).base64).toBe(state.base64);
    // AND the caller's bytes when given
    expect(randomBytesMockState({ name: 'y', inputs: { length: 3 } }, { entropy: () => Uint8Array.of(1, 2, 3) }).hex).toBe('010203');
    expect(() => randomBytesMockState({ name: 'z', inputs: {} })).toThrow('RandomBytes \'z\': \'length\' (undefined) must be an integer from 1 to 8160.');
  });
});
