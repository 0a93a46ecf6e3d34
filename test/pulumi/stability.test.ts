import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { PasswordPolicy } from 'calico-bgp-auth';
import { BgpPassword, MeshPassword, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import { expectDifferentPasswords, expectSamePassword, secretStringData } from './support/assertions';
import { MockStack, TYPES, startMockStack } from './support/mock-stack';

/**
 * Entropy as the random provider keeps it in state: the same RandomBytes with the same keepers
 * keeps its bytes from one `pulumi up` to the next, and a keeper change replaces them.
 */
function stateful(length: number, name: string, keepers: Record<string, string>): string {
  const seed = JSON.stringify([name, Object.entries(keepers).sort()]);
  let out = Buffer.alloc(0);
  for (let i = 0; out.length < length; i++) out = Buffer.concat([out, createHash('sha256').update(`${seed}/${i}`).digest()]);
  return out.subarray(0, length).toString('base64');
}

/** One `pulumi up` of a small program; returns the Secret values by Secret name. */
async function up(program: () => void): Promise<{ stack: MockStack; values: Map<string, string> }> {
  const stack = await startMockStack({ entropy: stateful });
  program();
  await stack.settle();
  const values = new Map(stack.ofType(TYPES.secret)
    .map((r) => [r.inputs.metadata.name as string, secretStringData(r).password]));
  return { stack, values };
}

const peer = { peerIP: '10.1.0.1', asNumber: 65101 };

describe('generated passwords across pulumi up', () => {
  it('stay the same while the RandomBytes state is kept', async () => {
    // GIVEN two runs of the same program over the same provider state
    const program = () => { new SecuredBgpPeer('tor-a', peer); new MeshPassword('mesh'); };
    const first = await up(program);
    const second = await up(program);
    // THEN every Secret holds the same password
    expect([...first.values.keys()].sort()).toEqual(['bgp-mesh-password', 'bgp-password-tor-a']);
    for (const [name, value] of first.values) expectSamePassword(value, second.values.get(name), name);
  });

  it('rotate when `rotation` or a keeper changes (the RandomBytes keepers change, so the provider replaces it)', async () => {
    const base = await up(() => new SecuredBgpPeer('tor-a', peer));
    const rotated = await up(() => new SecuredBgpPeer('tor-a', { ...peer, password: BgpPassword.generate({ rotation: 1 }) }));
    const rekept = await up(() => new SecuredBgpPeer('tor-a', { ...peer, password: BgpPassword.generate({ keepers: { switch: 'sw-2' } }) }));
    // THEN the keepers sent to the provider differ, and so do the passwords
    expect(rotated.stack.ofType(TYPES.randomBytes)[0].inputs.keepers).toEqual({ rotation: '1' });
    expect(rekept.stack.ofType(TYPES.randomBytes)[0].inputs.keepers).toEqual({ rotation: '0', switch: 'sw-2' });
    const value = (r: { values: Map<string, string> }) => r.values.get('bgp-password-tor-a')!;
    expectDifferentPasswords(value(base), value(rotated), 'rotation 0 vs 1');
    expectDifferentPasswords(value(base), value(rekept), 'keeper added');
  });

  it('follow a policy change from the same entropy, so the password always meets the current policy', async () => {
    const before = await up(() => new SecuredBgpPeer('tor-a', peer));
    const dell = PasswordPolicy.forRouter('dell-os9');
    const after = await up(() => new SecuredBgpPeer('tor-a', { ...peer, password: BgpPassword.generate({ policy: dell }) }));
    // THEN the RandomBytes is unchanged (same keepers) but the password is reshaped to the new profile
    expect(after.stack.ofType(TYPES.randomBytes)[0].inputs).toEqual(before.stack.ofType(TYPES.randomBytes)[0].inputs);
    expect(dell.check(after.values.get('bgp-password-tor-a')!).map((p) => p.rule)).toEqual([]);
  });
});
