import * as pulumi from '@pulumi/pulumi';
import { describe, it, expect } from 'vitest';
import { PasswordPolicy, ValidationError } from 'calico-bgp-auth';
import { BgpPassword, BgpPasswordSecret, MeshPassword, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import { TYPES, startMockStack } from './support/mock-stack';
import { collectingUnhandled, rejectionOf } from './support/assertions';

const BAD = 'line one\nline "two"';

describe('values known only at deployment (Pulumi Outputs)', () => {
  it('fails the deployment with the core\'s message when a config secret breaks the floor, before the Secret or BGPPeer is written', async () => {
    // GIVEN a config-secret-like Output whose value holds a newline and a quote
    const stack = await startMockStack();
    let peer: SecuredBgpPeer | undefined;
    const unhandled = await collectingUnhandled(async () => {
      // WHEN a peer uses it
      peer = new SecuredBgpPeer('rr-1', { peerIP: '10.0.0.10', asNumber: 64512, password: BgpPassword.fromValue(pulumi.secret(BAD)) });
      await stack.settleFailing();
    });
    // THEN the password output rejects with a ValidationError naming the component and the rules
    const err = await rejectionOf(peer!.password!);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems.map((p) => p.rule).sort()).toEqual(['password.double-quote', 'password.newline']);
    expect((err as Error).message).toContain('SecuredBgpPeer \'rr-1\': \'password\' must not contain a double quote');
    // AND the rejection reached the runtime (a real run fails), its message without the value
    expect(unhandled.length).toBeGreaterThan(0);
    for (const e of [err, ...unhandled]) expect(String((e as Error)?.message ?? e).includes('line one')).toBe(false);
    // AND neither the Secret nor the BGPPeer was registered, so calico-node never sees a broken peer
    expect(stack.ofType(TYPES.secret)).toEqual([]);
    expect(stack.ofType(TYPES.bgpPeer)).toEqual([]);
  });

  it('checks a later value against the policy given, for the mesh and for shared secrets', async () => {
    // GIVEN values that meet the floor but not the router profiles they are checked against
    const stack = await startMockStack();
    let mesh: MeshPassword | undefined;
    let rack: BgpPasswordSecret | undefined;
    await collectingUnhandled(async () => {
      mesh = new MeshPassword('mesh', { password: BgpPassword.fromValue(pulumi.output('9Starts-with-digit'), { policy: PasswordPolicy.forRouter('cisco-ios') }) });
      rack = new BgpPasswordSecret('rack1', { password: BgpPassword.fromValue(pulumi.output('Sh0r-'), { policy: PasswordPolicy.forRouter('aws-direct-connect') }) });
      await stack.settleFailing();
    });
    // THEN each fails with the profile's rule
    expect(((await rejectionOf(mesh!.password!)) as ValidationError).problems.map((p) => p.rule)).toEqual(['policy.first-character']);
    expect(((await rejectionOf(rack!.password!)) as ValidationError).problems.map((p) => p.rule)).toEqual(['policy.min-length']);
    expect(stack.ofType(TYPES.secret)).toEqual([]);
  });

  it('lets a later value that meets the policy through, secret', async () => {
    // GIVEN a good value known only later
    const stack = await startMockStack();
    const peer = new SecuredBgpPeer('rr-2', { peerIP: '10.0.0.11', asNumber: 64512, password: BgpPassword.fromValue(pulumi.output('Good-later,value')) });
    await stack.settle();
    // THEN it resolves, secret, and the Secret and BGPPeer are registered
    expect(await rejectionOf(peer.password!)).toBeUndefined();
    expect(await pulumi.isSecret(peer.password!)).toBe(true);
    expect(stack.ofType(TYPES.secret)).toHaveLength(1);
    expect(stack.ofType(TYPES.bgpPeer)).toHaveLength(1);
  });
});
