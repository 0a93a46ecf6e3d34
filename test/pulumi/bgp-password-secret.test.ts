import * as pulumi from '@pulumi/pulumi';
import { describe, it, expect } from 'vitest';
import { PasswordPolicy } from 'calico-bgp-auth';
import { BgpPassword, BgpPasswordSecret, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import { childrenOf, expectDifferentPasswords, expectNoPlainPassword, expectObjectsValid, expectSamePassword, secretStringData } from './support/assertions';
import { TYPES, startMockStack, valueOf } from './support/mock-stack';

const rackPeer = (ip: string) => ({ nodeSelector: "rack == 'r1'", peerIP: ip, asNumber: 65101 });

describe('BgpPasswordSecret (Pulumi)', () => {
  it('K peers sharing one key emit K BGPPeers plus one Secret, Role and RoleBinding', async () => {
    // GIVEN a rack secret with a Cisco IOS password and three peers sharing it
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack1', { password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('cisco-ios') }) });
    const peers = ['10.1.0.1', '10.1.0.2', '10.1.0.3'].map((ip, i) => new SecuredBgpPeer(`rack1-tor-${i}`, { ...rackPeer(ip), sharedSecret: rack }));
    await stack.settle();
    // THEN 3 BGPPeers and exactly one Secret, Role and RoleBinding, children of the rack secret
    expect(stack.ofType(TYPES.bgpPeer)).toHaveLength(3);
    const rackUrn = stack.ofType(TYPES.shared)[0].urn;
    expect(childrenOf(stack, rackUrn).map((r) => r.type).sort())
      .toEqual([TYPES.randomBytes, TYPES.role, TYPES.roleBinding, TYPES.secret].sort());
    for (const t of [TYPES.secret, TYPES.role, TYPES.roleBinding]) expect(stack.ofType(t)).toHaveLength(1);
    // AND each peer has only its BGPPeer, which depends on the shared Secret, Role and RoleBinding
    const shared = [TYPES.secret, TYPES.role, TYPES.roleBinding].map((t) => stack.ofType(t)[0].urn);
    for (const peer of stack.ofType(TYPES.peer)) {
      const children = childrenOf(stack, peer.urn);
      expect(children.map((c) => c.type)).toEqual([TYPES.bgpPeer]);
      expect(children[0].dependencies).toEqual(expect.arrayContaining(shared));
      expect(children[0].inputs.spec.password).toEqual({ secretKeyRef: { name: 'bgp-password-rack1', key: 'password' } });
    }
    // AND the Role names exactly that Secret
    expect(stack.ofType(TYPES.role)[0].inputs.rules[0].resourceNames).toEqual(['bgp-password-rack1']);
    // AND every peer's password output is the shared one, secret, meeting the profile
    const password = await valueOf(rack.password!);
    expect(PasswordPolicy.forRouter('cisco-ios').check(password)).toEqual([]);
    for (const p of peers) {
      expect(await pulumi.isSecret(p.password!)).toBe(true);
      expectSamePassword(await valueOf(p.password!), password, 'peer vs rack password');
    }
    expectNoPlainPassword(stack, [password]);
    expectObjectsValid(stack);
  });

  it('with keyPerPeer, gives every listed peer its own key and an unrelated password from one RandomBytes', async () => {
    // GIVEN a key-per-peer secret for two top-of-rack switches
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack2', { name: 'rack2-md5', keyPerPeer: true, peerNames: ['rack2-tor-a', 'rack2-tor-b'] });
    const a = new SecuredBgpPeer('rack2-tor-a', { ...rackPeer('10.2.0.1'), sharedSecret: rack });
    const b = new SecuredBgpPeer('rack2-tor-b', { ...rackPeer('10.2.0.2'), sharedSecret: rack });
    await stack.settle();
    // THEN one RandomBytes, one Secret with a key per peer, each BGPPeer referencing its key
    expect(stack.ofType(TYPES.randomBytes)).toHaveLength(1);
    const data = secretStringData(stack.ofType(TYPES.secret)[0]);
    expect(Object.keys(data).sort()).toEqual(['rack2-tor-a', 'rack2-tor-b']);
    const refs = stack.ofType(TYPES.bgpPeer).map((r) => r.inputs.spec.password.secretKeyRef);
    expect(refs).toEqual(expect.arrayContaining([{ name: 'rack2-md5', key: 'rack2-tor-a' }, { name: 'rack2-md5', key: 'rack2-tor-b' }]));
    // AND the passwords differ, match the Secret, and are secret outputs (the one-password output is unset)
    const [pa, pb] = [await valueOf(a.password!), await valueOf(b.password!)];
    expectDifferentPasswords(pa, pb, 'two keys of one secret');
    expectSamePassword(pa, data['rack2-tor-a'], 'peer a vs Secret');
    expectSamePassword(pb, data['rack2-tor-b'], 'peer b vs Secret');
    expect(rack.password).toBeUndefined();
    expect(await pulumi.isSecret(rack.passwordFor('rack2-tor-a')!)).toBe(true);
    expectNoPlainPassword(stack, [pa, pb]);
    expectObjectsValid(stack);
  });

  it('shares an existing Secret: one Role and RoleBinding, no Secret', async () => {
    // GIVEN an existing Secret shared by two peers
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack3', { password: BgpPassword.fromExistingSecret({ name: 'rack3-md5', key: 'md5' }) });
    new SecuredBgpPeer('rack3-tor-a', { ...rackPeer('10.3.0.1'), sharedSecret: rack });
    new SecuredBgpPeer('rack3-tor-b', { ...rackPeer('10.3.0.2'), sharedSecret: rack });
    await stack.settle();
    // THEN no Secret, one Role naming the existing one, BGPPeers referencing its key
    expect(stack.ofType(TYPES.secret)).toEqual([]);
    expect(stack.ofType(TYPES.role)).toHaveLength(1);
    expect(stack.ofType(TYPES.bgpPeer).map((r) => r.inputs.spec.password.secretKeyRef)).toEqual([{ name: 'rack3-md5', key: 'md5' }, { name: 'rack3-md5', key: 'md5' }]);
    expect(await valueOf(rack.secretName)).toBe('rack3-md5');
    expectObjectsValid(stack);
  });

  it('puts a peer into the shared secret\'s install unless told otherwise, and refuses a different namespace', async () => {
    // GIVEN a rack secret for a manifest install
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack4', { install: 'manifest' });
    // WHEN a peer does not set install THEN it follows the secret (kube-system)
    new SecuredBgpPeer('rack4-tor-a', { ...rackPeer('10.4.0.1'), sharedSecret: rack });
    await stack.settle();
    expect(stack.ofType(TYPES.secret)[0].inputs.metadata.namespace).toBe('kube-system');
    // WHEN a peer sets the operator install THEN it is refused: calico-node reads only its namespace
    expect(() => new SecuredBgpPeer('rack4-tor-b', { ...rackPeer('10.4.0.2'), sharedSecret: rack, install: 'operator' }))
      .toThrow('\'install\' says calico-node runs in namespace \'calico-system\', but the peer\'s shared Secret \'bgp-password-rack4\' lives in \'kube-system\'');
  });

  it('refuses contradictory props with sentences naming the props', async () => {
    await startMockStack();
    const rack = new BgpPasswordSecret('rack5', { keyPerPeer: true, peerNames: ['rack5-tor-a'] });
    expect(() => new SecuredBgpPeer('rack5-tor-a', { ...rackPeer('10.5.0.1'), sharedSecret: rack, password: BgpPassword.generate() }))
      .toThrow('Only one of \'password\' and \'sharedSecret\' may be set');
    expect(() => new SecuredBgpPeer('rack5-tor-z', { ...rackPeer('10.5.0.9'), sharedSecret: rack }))
      .toThrow('BGPPeer \'rack5-tor-z\' has no key in BgpPasswordSecret \'rack5\' (peerNames: rack5-tor-a); add \'rack5-tor-z\' to its \'peerNames\'.');
    expect(() => new BgpPasswordSecret('rack6', { keyPerPeer: true, password: BgpPassword.fromValue('Abc-123-xyz'), peerNames: ['a'] }))
      .toThrow('\'keyPerPeer\' needs a generated password');
    expect(() => new BgpPasswordSecret('rack7', { keyPerPeer: true })).toThrow('\'peerNames\' must list the BGPPeers sharing the secret');
    expect(() => new BgpPasswordSecret('rack8', { peerNames: ['a'] })).toThrow('\'peerNames\' can only be set with \'keyPerPeer\'');
    expect(() => new BgpPasswordSecret('rack9', { keyPerPeer: true, key: 'k', peerNames: ['a'] })).toThrow('Only one of \'key\' and \'keyPerPeer\' may be set');
    expect(() => new BgpPasswordSecret('rack10', { key: 'bad key' })).toThrow('\'key\' (bad key) must be a Secret data key');
  });
});
