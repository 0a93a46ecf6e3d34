import { inspect } from 'node:util';
import * as pulumi from '@pulumi/pulumi';
import { describe, it, expect } from 'vitest';
import { BgpPassword, BgpPasswordSecret, MeshPassword, PasswordUnit, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import { TYPES, startMockStack, valueOf } from './support/mock-stack';

const MANIFEST = { flavor: 'manifest', namespace: 'kube-system', serviceAccount: 'calico-node' };
const OPERATOR = { flavor: 'operator', namespace: 'calico-system', serviceAccount: 'calico-node' };

describe('the public members the Pulumi components share with the cdk8s constructs', () => {
  it('SecuredBgpPeer and MeshPassword are PasswordUnits: install resolved, the Secret, RBAC and Calico object as resources', async () => {
    // GIVEN a peer on a manifest install and the mesh on the default one
    const stack = await startMockStack();
    const peer = new SecuredBgpPeer('tor-a', { peerIP: '10.1.0.1', asNumber: 65101, install: 'manifest' });
    const mesh = new MeshPassword('mesh');
    await stack.settle();
    // THEN both share the unit's members, the install resolved
    expect(peer).toBeInstanceOf(PasswordUnit);
    expect(mesh).toBeInstanceOf(PasswordUnit);
    expect(peer.install).toEqual(MANIFEST);
    expect(mesh.install).toEqual(OPERATOR);
    // AND the resources are the registered children
    const units = [[peer, peer.bgpPeer, TYPES.bgpPeer], [mesh, mesh.bgpConfiguration, TYPES.bgpConfiguration]] as const;
    for (const [unit, calico, type] of units) {
      const urns = await Promise.all([unit.secret!, unit.role!, unit.roleBinding!, calico].map((r) => valueOf(r.urn)));
      const types = urns.map((urn) => stack.byUrn(urn)!.type);
      expect(types).toEqual([TYPES.secret, TYPES.role, TYPES.roleBinding, type]);
    }
    expect(await valueOf(peer.secretName)).toBe('bgp-password-tor-a');
    expect(await valueOf(mesh.secretKey)).toBe('password');
    expect(await valueOf(mesh.configurationName)).toBe('default');
  });

  it('a peer on a shared secret has its install, Secret name and password, and no Secret or RBAC of its own', async () => {
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack', { install: 'manifest', keyPerPeer: true, peerNames: ['tor-a'] });
    const peer = new SecuredBgpPeer('tor-a', { peerIP: '10.1.0.1', asNumber: 65101, sharedSecret: rack });
    await stack.settle();
    expect(peer.install).toEqual(MANIFEST);
    expect([peer.secret, peer.role, peer.roleBinding]).toEqual([undefined, undefined, undefined]);
    expect(await valueOf(peer.secretName)).toBe(await valueOf(rack.secretName));
    expect(await valueOf(peer.password!)).toBe(await valueOf(rack.passwordFor('tor-a')!));
  });

  it('BgpPasswordSecret has its install and keyPerPeer', async () => {
    await startMockStack();
    const perPeer = new BgpPasswordSecret('rack1', { keyPerPeer: true, peerNames: ['a', 'b'], install: { namespace: 'calico' } });
    const one = new BgpPasswordSecret('rack2', { password: BgpPassword.fromExistingSecret({ name: 'rack2-md5' }) });
    expect([perPeer.keyPerPeer, one.keyPerPeer]).toEqual([true, false]);
    expect(perPeer.install).toEqual({ flavor: 'custom', namespace: 'calico', serviceAccount: 'calico-node' });
    expect(one.install).toEqual(OPERATOR);
    expect(await valueOf(perPeer.secretKeys)).toEqual(['a', 'b']);
    expect(pulumi.Output.isInstance(one.secretName)).toBe(true);
  });

  it('GIVEN a BgpPassword from a plain value WHEN printed or serialized THEN the value does not show', () => {
    // GIVEN a value source (a plain string, as a program may pass one)
    const value = 'Plain-Value-In-Program-42';
    const password = BgpPassword.fromValue(value);
    // WHEN printed as a program's log line would
    const printed = [
      inspect(password), inspect(password, { depth: 6 }), JSON.stringify(password), Object.keys(password).join(),
    ];
    // THEN the value is nowhere (the source is a private field behind an internal getter)
    for (const text of printed) expect(text.includes(value)).toBe(false);
  });
});
