/**
 * `BgpPasswordSecret.addPeer` under `pulumi.runtime.setMocks`, the resources: one BGPPeer
 * CustomResource per added peer, parented by the secret's component and ordered after its Secret
 * and RBAC, equal to what a `SecuredBgpPeer` with `sharedSecret` registers; with an existing Secret,
 * only the BGPPeer.
 */
import { describe, it, expect } from 'vitest';
import { BgpPassword, BgpPasswordSecret, SecuredBgpPeer, type SharedBgpPeerArgs } from 'calico-bgp-auth/pulumi';
import { TOR, RANGE, bgpPeerNamed, bothWays } from './support/add-peer';
import { expectObjectsValid } from './support/assertions';
import { TYPES, startMockStack, valueOf } from './support/mock-stack';
import { validateObject } from '../support/crd-validator';
import { validationError } from '../support/errors';

describe('BgpPasswordSecret.addPeer (Pulumi): resources', () => {
  it('passes resource options on, but keeps the secret as parent and its Secret, Role and RoleBinding as dependencies', async () => {
    // GIVEN a shared secret and an unrelated resource a caller might try to parent or order the peer on
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack1', { name: 'rack1-md5' });
    const other = new BgpPasswordSecret('other', { name: 'other-md5' });
    // WHEN a peer is added with options, some of which (parent, dependsOn) it must not take
    rack.addPeer('rack1-tor-a', TOR, { aliases: [{ name: 'rack1-tor-a-old' }], parent: other, dependsOn: [other] } as never);
    await stack.settle();
    // THEN the BGPPeer is still the secret's child, ordered after exactly its Secret and RBAC
    const reg = bgpPeerNamed(stack, 'rack1-tor-a');
    const component = stack.ofType(TYPES.shared).find((r) => r.name === 'rack1')!;
    expect(reg.parent).toBe(component.urn);
    const own = [TYPES.secret, TYPES.role, TYPES.roleBinding]
      .map((t) => stack.ofType(t).find((r) => r.parent === component.urn)!.urn);
    expect([...reg.dependencies].sort()).toEqual([...own].sort());
  });

  it('registers one BGPPeer per added peer under the secret\'s component, after its Secret, Role and RoleBinding, and nothing else', async () => {
    // GIVEN a shared secret
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack1', { name: 'rack1-md5' });
    // WHEN three peers are added to it
    const names = ['rack1-tor-a', 'rack1-tor-b', 'rack1-tor-c'];
    const peers = names.map((n, i) => rack.addPeer(n, { ...TOR, peerIP: `10.1.0.${i + 1}` }));
    await stack.settle();
    // THEN the program registers the component, its RandomBytes, Secret, Role, RoleBinding and 3 BGPPeers: no
    // component per peer
    expect(stack.registrations.map((r) => r.type).sort()).toEqual([
      TYPES.shared, TYPES.randomBytes, TYPES.secret, TYPES.role, TYPES.roleBinding,
      TYPES.bgpPeer, TYPES.bgpPeer, TYPES.bgpPeer,
    ].sort());
    const [component] = stack.ofType(TYPES.shared);
    const shared = [TYPES.secret, TYPES.role, TYPES.roleBinding].map((t) => stack.ofType(t)[0].urn);
    for (const [i, name] of names.entries()) {
      const reg = bgpPeerNamed(stack, name);
      // AND each BGPPeer is a child of the BgpPasswordSecret, named after the peer, and is the peer's bgpPeer
      expect(reg.parent).toBe(component.urn);
      expect(reg.urn).toBe(`urn:pulumi:stack::project::${TYPES.shared}$${TYPES.bgpPeer}::${name}`);
      expect(await valueOf(peers[i].bgpPeer.urn)).toBe(reg.urn);
      // AND it is ordered after the Secret, Role and RoleBinding calico-node needs to read its password
      expect([...reg.dependencies].sort()).toEqual([...shared].sort());
      // AND it is cluster-scoped, reads the shared key and passes the CRD schema with its CEL rules
      expect(reg.inputs.metadata).toEqual({ name, labels: { 'app.kubernetes.io/managed-by': 'calico-bgp-auth' } });
      expect(reg.inputs.spec.password).toEqual({ secretKeyRef: { name: 'rack1-md5', key: 'password' } });
      expect(validateObject(reg.inputs), name).toEqual([]);
    }
    expectObjectsValid(stack);
  });

  type SecretArgs = ConstructorParameters<typeof BgpPasswordSecret>[1];
  const cases: Array<{ title: string; spec: SharedBgpPeerArgs; secret: SecretArgs; type?: string }> = [
    { title: 'a top-of-rack peer', spec: TOR, secret: { name: 'rack-md5' } },
    {
      title: 'a peer with most optional fields, on a manifest install',
      spec: { node: 'node-1', peerIP: '10.1.0.9:1790', asNumber: 65101, keepOriginalNextHop: true, maxRestartTime: '2m', sourceAddress: 'None', ttlSecurity: 1 },
      secret: { install: 'manifest', key: 'md5' },
    },
    { title: 'a Calico 3.28 peer of the internal API group', spec: { ...TOR, calicoVersion: '3.28', apiFlavor: 'crd.projectcalico.org/v1' }, secret: {}, type: 'kubernetes:crd.projectcalico.org/v1:BGPPeer' },
    { title: 'a peer with its own key', spec: TOR, secret: { keyPerPeer: true, peerNames: ['other', 'tor-x'] } },
    { title: 'a peer of an existing Secret', spec: TOR, secret: { password: BgpPassword.fromExistingSecret({ name: 'tor-md5', key: 'k' }) } },
  ];
  for (const c of cases) {
    it(`registers the BGPPeer a SecuredBgpPeer with sharedSecret registers: ${c.title}`, async () => {
      // GIVEN the same spec added to a shared secret and given to a SecuredBgpPeer on the same shared secret
      const [added, secured] = await bothWays('tor-x', c.spec, c.secret);
      // THEN both register the same type, resource name and inputs; only the parent differs
      expect(added.type).toBe(c.type ?? TYPES.bgpPeer);
      expect(added.type).toBe(secured.type);
      expect(added.name).toBe(secured.name);
      expect(added.inputs).toEqual(secured.inputs);
      expect(added.urn).toContain(`${TYPES.shared}$`);
      expect(secured.urn).toContain(`${TYPES.peer}$`);
      expect(validateObject(added.inputs, { version: c.spec.calicoVersion === '3.28' ? 'v3.28.5' : 'v3.32.1' })).toEqual([]);
    });
  }
});

describe('BgpPasswordSecret.addPeer (Pulumi): existing Secret', () => {
  it('adds only the BGPPeer, after the Role and RoleBinding in kube-system for a manifest install, without a password output', async () => {
    // GIVEN an existing Secret shared on a manifest install
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack12', { install: 'manifest', password: BgpPassword.fromExistingSecret({ name: 'tor-md5', key: 'md5' }) });
    // WHEN a peer is added
    const peer = rack.addPeer('rack12-tor-a', TOR);
    await stack.settle();
    // THEN there is no Secret and no RandomBytes; the RBAC lives in kube-system for calico-node's ServiceAccount there
    expect(stack.ofType(TYPES.secret)).toEqual([]);
    expect(stack.ofType(TYPES.randomBytes)).toEqual([]);
    const [role] = stack.ofType(TYPES.role);
    const [binding] = stack.ofType(TYPES.roleBinding);
    expect(role.inputs.metadata.namespace).toBe('kube-system');
    expect(role.inputs.rules[0].resourceNames).toEqual(['tor-md5']);
    expect(binding.inputs.metadata.namespace).toBe('kube-system');
    expect(binding.inputs.subjects).toEqual([{ kind: 'ServiceAccount', name: 'calico-node', namespace: 'kube-system' }]);
    // AND the cluster-scoped BGPPeer reads the existing key and depends on exactly the Role and RoleBinding
    const reg = bgpPeerNamed(stack, 'rack12-tor-a');
    expect(reg.inputs.metadata.namespace).toBeUndefined();
    expect(reg.inputs.spec.password).toEqual({ secretKeyRef: { name: 'tor-md5', key: 'md5' } });
    expect([...reg.dependencies].sort()).toEqual([role.urn, binding.urn].sort());
    // AND the peer has no password, its names are the existing Secret's
    expect(peer.password).toBeUndefined();
    expect(await valueOf(peer.secretName)).toBe('tor-md5');
    expect(await valueOf(peer.secretKey)).toBe('md5');
    expectObjectsValid(stack);
    // AND its router side renders the placeholder naming the Secret, and refuses to include the password
    expect(await valueOf(peer.routerConfig('frr', RANGE))).toContain('<BGP-PASSWORD from Secret kube-system/tor-md5 key md5>');
    expect(validationError(() => peer.routerConfig('frr', { ...RANGE, includePassword: true })).problems.map((p) => p.rule)).toEqual(['router.password-unavailable']);
  });
});
