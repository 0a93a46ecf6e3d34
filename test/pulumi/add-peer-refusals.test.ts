/**
 * `BgpPasswordSecret.addPeer` under `pulumi.runtime.setMocks`, refusals: bad peers are refused with
 * the problems a `SecuredBgpPeer` gives, before anything is registered.
 */
import { describe, it, expect } from 'vitest';
import { BgpPassword, BgpPasswordSecret, SecuredBgpPeer, type SharedBgpPeerArgs } from 'calico-bgp-auth/pulumi';
import { TOR, KNOWN, bgpPeerNamed, problemsOf, registered } from './support/add-peer';
import { TYPES, startMockStack } from './support/mock-stack';
import { validateObject } from '../support/crd-validator';
import { validationError } from '../support/errors';

describe('BgpPasswordSecret.addPeer (Pulumi): refusals', () => {
  const bad: Array<{ title: string; spec: Record<string, unknown>; rules: string[] }> = [
    { title: 'node and nodeSelector', spec: { ...TOR, node: 'n1' }, rules: ['calico.exclusive'] },
    { title: 'no one to peer with', spec: { nodeSelector: 'all()', asNumber: 65101 }, rules: ['calico.peer-target'] },
    { title: 'peerSelector with asNumber', spec: { peerSelector: 'all()', asNumber: 65101 }, rules: ['calico.as-with-peer-selector'] },
    { title: 'a misspelled field', spec: { ...TOR, peerIp: '10.1.0.1' }, rules: ['calico.unknown-field'] },
    { title: 'a field newer than Calico 3.28', spec: { ...TOR, keepaliveTime: '30s', calicoVersion: '3.28' }, rules: ['calico.field-version'] },
    { title: 'an unknown Calico release', spec: { ...TOR, calicoVersion: '2.6' }, rules: ['calico.version'] },
  ];
  for (const c of bad) {
    it(`refuses ${c.title} with the problems SecuredBgpPeer gives, before registering anything`, async () => {
      // GIVEN a shared secret
      const stack = await startMockStack();
      const rack = new BgpPasswordSecret('rack6', { password: BgpPassword.fromValue(KNOWN) });
      const before = await registered(stack);
      // WHEN the bad spec is added, and given to a SecuredBgpPeer on the same secret
      const spec = c.spec as unknown as SharedBgpPeerArgs;
      const added = validationError(() => rack.addPeer('rack6-tor-a', spec));
      const secured = validationError(() => new SecuredBgpPeer('rack6-tor-a', { ...spec, sharedSecret: rack }));
      // THEN both report the same problems (field, rule, message), by the expected rules
      expect(problemsOf(added)).toEqual(problemsOf(secured));
      expect(added.problems.map((p) => p.rule)).toEqual(expect.arrayContaining(c.rules));
      // AND the message names the added peer and its secret, never the password; nothing was registered
      expect(added.message.startsWith('BGPPeer \'rack6-tor-a\' of BgpPasswordSecret \'rack6\': ')).toBe(true);
      expect(added.message.includes(KNOWN)).toBe(false);
      expect(await registered(stack)).toBe(before);
    });
  }

  it('refuses a field newer than calicoVersion 3.28 by field and rule, and takes the same peer without it', async () => {
    // GIVEN a shared secret
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack7');
    // WHEN a Calico 3.28 peer sets keepaliveTime (Calico 3.32) THEN it is refused on spec.keepaliveTime
    const e = validationError(() => rack.addPeer('rack7-tor-a', { ...TOR, keepaliveTime: '30s', calicoVersion: '3.28' }));
    expect(problemsOf(e)).toEqual([{
      field: 'spec.keepaliveTime', rule: 'calico.field-version',
      message: '\'spec.keepaliveTime\' needs Calico 3.32 or later; \'calicoVersion\' is 3.28, whose CRD would silently drop it.',
    }]);
    // AND without it the peer is added and valid for Calico 3.28's CRD
    rack.addPeer('rack7-tor-a', { ...TOR, calicoVersion: '3.28' });
    await stack.settle();
    expect(validateObject(bgpPeerNamed(stack, 'rack7-tor-a').inputs, { version: 'v3.28.5' })).toEqual([]);
  });

  it('refuses spec.password set by hand (a JavaScript caller): the shared secret owns it', async () => {
    // GIVEN a shared secret
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack6', { password: BgpPassword.fromValue(KNOWN) });
    const before = await registered(stack);
    // WHEN a peer is added with its own spec.password (or a BgpPassword where the spec has none)
    for (const password of [{ secretKeyRef: { name: 's', key: 'k' } }, BgpPassword.fromValue(KNOWN)]) {
      const e = validationError(() => rack.addPeer('rack6-tor-a', { ...TOR, password } as unknown as SharedBgpPeerArgs));
      // THEN it is refused on spec.password by rule calico.password-owned, without the password, registering nothing
      expect(e.problems.map(({ field, rule }) => ({ field, rule }))).toEqual([{ field: 'spec.password', rule: 'calico.password-owned' }]);
      expect(e.message.includes(KNOWN)).toBe(false);
    }
    expect(await registered(stack)).toBe(before);
  });

  it('refuses a name that is not a DNS-1123 subdomain with the problems SecuredBgpPeer gives', async () => {
    // GIVEN a shared secret
    await startMockStack();
    const rack = new BgpPasswordSecret('rack8');
    // WHEN a peer is added under an invalid name THEN it is refused on 'name' as SecuredBgpPeer refuses it
    const added = validationError(() => rack.addPeer('Rack8_Tor', TOR));
    expect(added.problems.map((p) => p.field)).toEqual(['name']);
    expect(problemsOf(added)).toEqual(problemsOf(validationError(() => new SecuredBgpPeer('Rack8_Tor', { ...TOR, sharedSecret: rack }))));
  });

  it('refuses a second peer of the same name on one secret by rule compose.shared-peer-duplicate', async () => {
    // GIVEN a peer added to a shared secret
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack9', { password: BgpPassword.fromValue(KNOWN) });
    rack.addPeer('rack9-tor-a', TOR);
    const before = await registered(stack);
    // WHEN another peer of that name is added, even to another router
    const e = validationError(() => rack.addPeer('rack9-tor-a', { ...TOR, peerIP: '10.9.0.2' }));
    // THEN it is refused on 'name', naming the secret, and nothing is registered
    expect(e.problems.map(({ field, rule }) => ({ field, rule }))).toEqual([{ field: 'name', rule: 'compose.shared-peer-duplicate' }]);
    expect(e.message).toContain('BgpPasswordSecret \'rack9\': A BGPPeer named \'rack9-tor-a\' was already added to this shared secret');
    expect(e.message.includes(KNOWN)).toBe(false);
    expect(await registered(stack)).toBe(before);
    expect(stack.ofType(TYPES.bgpPeer)).toHaveLength(1);
  });

  it('refuses an added peer and a SecuredBgpPeer writing the same BGPPeer, whichever comes first', async () => {
    // GIVEN a peer added to a shared secret
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack10', { password: BgpPassword.fromValue(KNOWN) });
    rack.addPeer('tor-1', TOR);
    // WHEN a SecuredBgpPeer (own or shared secret) would write BGPPeer 'tor-1' THEN the collision names both emitters
    const collision = /BGPPeer 'tor-1' is emitted more than once \(by BGPPeer 'tor-1' of BgpPasswordSecret 'rack10', SecuredBgpPeer 'tor-1'\)/;
    const own = validationError(() => new SecuredBgpPeer('tor-1', TOR));
    expect(own.problems.map((p) => p.rule)).toEqual(['compose.name-collision']);
    expect(own.message).toMatch(collision);
    expect(validationError(() => new SecuredBgpPeer('tor-1', { ...TOR, sharedSecret: rack })).message).toMatch(collision);
    // AND an added peer named like an existing SecuredBgpPeer's BGPPeer is refused too, as is the same name on
    // another secret
    new SecuredBgpPeer('tor-2', { ...TOR, name: 'tor-2-peer' });
    const before = await registered(stack);
    const late = validationError(() => rack.addPeer('tor-2-peer', TOR));
    expect(late.problems.map((p) => p.rule)).toEqual(['compose.name-collision']);
    expect(late.message).toContain('BGPPeer \'tor-2-peer\' is emitted more than once (by SecuredBgpPeer \'tor-2\', BGPPeer \'tor-2-peer\' of BgpPasswordSecret \'rack10\')');
    const other = new BgpPasswordSecret('rack11');
    const twice = await registered(stack);
    expect(validationError(() => other.addPeer('tor-1', TOR)).message)
      .toContain('(by BGPPeer \'tor-1\' of BgpPasswordSecret \'rack10\', BGPPeer \'tor-1\' of BgpPasswordSecret \'rack11\')');
    // (the internal API group names the same stored object)
    expect(validationError(() => other.addPeer('tor-1', { ...TOR, apiFlavor: 'crd.projectcalico.org/v1' })).problems.map((p) => p.rule)).toEqual(['compose.name-collision']);
    // AND nothing of the refused peers was registered, no message holds the password
    expect(await registered(stack)).toBe(twice);
    expect(twice).toBeGreaterThan(before);
    expect([own, late].some((e) => e.message.includes(KNOWN))).toBe(false);
    expect(stack.ofType(TYPES.bgpPeer).map((r) => r.inputs.metadata.name).sort()).toEqual(['tor-1', 'tor-2-peer']);
  });
});
