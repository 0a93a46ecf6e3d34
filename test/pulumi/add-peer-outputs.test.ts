/**
 * `BgpPasswordSecret.addPeer` under `pulumi.runtime.setMocks`, outputs and secrets: the names and
 * the password an added peer exposes (the password only ever a secret), one key and password per
 * peer with `keyPerPeer`.
 */
import * as pulumi from '@pulumi/pulumi';
import { describe, it, expect } from 'vitest';
import { PasswordPolicy } from 'calico-bgp-auth';
import { BgpPassword, BgpPasswordSecret } from 'calico-bgp-auth/pulumi';
import { TOR, KNOWN, bgpPeerNamed, fingerprint, problemsOf, registered } from './support/add-peer';
import { expectNoPlainPassword, expectObjectsValid, expectSamePassword, secretStringData } from './support/assertions';
import { TYPES, startMockStack, valueOf } from './support/mock-stack';
import { validationError } from '../support/errors';

describe('BgpPasswordSecret.addPeer (Pulumi): outputs and secrets', () => {
  it('exposes the BGPPeer, Secret and key names, and the shared password as a secret output', async () => {
    // GIVEN a shared secret with its own key, and a peer added to it
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack2', { name: 'rack2-md5', key: 'md5', password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('cisco-ios') }) });
    const peer = rack.addPeer('rack2-tor-a', TOR);
    await stack.settle();
    // THEN the names resolve to what the BGPPeer reads, and are not secret
    expect(await valueOf(peer.peerName)).toBe('rack2-tor-a');
    expect(await valueOf(peer.secretName)).toBe('rack2-md5');
    expect(await valueOf(peer.secretKey)).toBe('md5');
    for (const name of [peer.peerName, peer.secretName, peer.secretKey]) {
      expect(await pulumi.isSecret(name)).toBe(false);
    }
    // AND the password is a secret output equal to the secret's password and the Secret's value
    expect(await pulumi.isSecret(peer.password!)).toBe(true);
    const password = await valueOf(peer.password!);
    expectSamePassword(password, await valueOf(rack.password!), 'added peer vs shared secret');
    expectSamePassword(password, secretStringData(stack.ofType(TYPES.secret)[0]).md5, 'added peer vs Secret');
    expect(PasswordPolicy.forRouter('cisco-ios').check(password)).toEqual([]);
    expectNoPlainPassword(stack, [password]);
  });

  it('marks a passed-in plain password secret on the added peer too', async () => {
    // GIVEN a shared secret holding a plain string
    const stack = await startMockStack();
    const peer = new BgpPasswordSecret('rack3', { password: BgpPassword.fromValue(KNOWN) }).addPeer('rack3-tor-a', TOR);
    await stack.settle();
    // THEN the peer's password output is secret and nothing carries the value in the clear
    expect(await pulumi.isSecret(peer.password!)).toBe(true);
    expectSamePassword(await valueOf(peer.password!), KNOWN, 'added peer vs value');
    expectNoPlainPassword(stack, [KNOWN]);
  });

  it('with keyPerPeer gives each added peer its own key and its own password', async () => {
    // GIVEN a key-per-peer secret listing three peers
    const stack = await startMockStack();
    const names = ['rack4-tor-a', 'rack4-tor-b', 'rack4-tor-c'];
    const rack = new BgpPasswordSecret('rack4', { name: 'rack4-md5', keyPerPeer: true, peerNames: names });
    // WHEN the three are added
    const peers = names.map((n, i) => rack.addPeer(n, { ...TOR, peerIP: `10.4.0.${i + 1}` }));
    await stack.settle();
    // THEN each BGPPeer reads the key named after it, and secretKey says so
    const data = secretStringData(stack.ofType(TYPES.secret)[0]);
    expect(Object.keys(data).sort()).toEqual(names);
    for (const [i, name] of names.entries()) {
      expect(bgpPeerNamed(stack, name).inputs.spec.password).toEqual({ secretKeyRef: { name: 'rack4-md5', key: name } });
      expect(await valueOf(peers[i].secretKey)).toBe(name);
      expect(await pulumi.isSecret(peers[i].password!)).toBe(true);
    }
    // AND each password is its key's value, and the three differ (compared by fingerprint)
    const passwords = await Promise.all(peers.map((p) => valueOf(p.password!)));
    names.forEach((name, i) => expectSamePassword(passwords[i], data[name], `${name} vs its key`));
    expect(new Set(passwords.map(fingerprint)).size).toBe(3);
    expect(rack.password).toBeUndefined();
    expectNoPlainPassword(stack, passwords);
    expectObjectsValid(stack);
  });

  it('with keyPerPeer refuses a name not in peerNames, naming the peer and the secret, before registering anything', async () => {
    // GIVEN a key-per-peer secret listing one peer
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack5', { keyPerPeer: true, peerNames: ['rack5-tor-a'] });
    const before = await registered(stack);
    // WHEN an unlisted peer is added
    const e = validationError(() => rack.addPeer('rack5-tor-z', TOR));
    // THEN one problem on 'name' by rule pulumi.shared-secret-peer, the message prefixed by the peer and its secret
    expect(problemsOf(e)).toEqual([{
      field: 'name', rule: 'pulumi.shared-secret-peer',
      message: 'BGPPeer \'rack5-tor-z\' has no key in BgpPasswordSecret \'rack5\' (peerNames: rack5-tor-a); add \'rack5-tor-z\' to its \'peerNames\'.',
    }]);
    expect(e.message.startsWith('BGPPeer \'rack5-tor-z\' of BgpPasswordSecret \'rack5\': ')).toBe(true);
    // AND nothing was registered, and the listed peer can still be added
    expect(await registered(stack)).toBe(before);
    rack.addPeer('rack5-tor-a', TOR);
    expect(await registered(stack)).toBe(before + 1);
  });
});
