/**
 * `BgpPasswordSecret.addPeer` / `SharedBgpPeer` under `pulumi.runtime.setMocks`: one BGPPeer
 * CustomResource per added peer, parented by the secret's component and ordered after its Secret
 * and RBAC, equal to what a `SecuredBgpPeer` with `sharedSecret` registers; refusals with the same
 * problems, before anything is registered; the password only ever a secret.
 */
import { createHash } from 'node:crypto';
import * as pulumi from '@pulumi/pulumi';
import { describe, it, expect } from 'vitest';
import { PasswordPolicy, ValidationError, renderRouterConfig, routerConfigInputFromPeers, type RouterConfigOptions } from 'calico-bgp-auth';
import { BgpPassword, BgpPasswordSecret, SecuredBgpPeer, type SharedBgpPeerArgs } from 'calico-bgp-auth/pulumi';
import { expectNoPlainPassword, expectObjectsValid, expectSamePassword, secretStringData } from './support/assertions';
import { MockStack, Registration, TYPES, startMockStack, valueOf } from './support/mock-stack';
import { validateObject } from '../support/crd-validator';
import { validationError } from '../support/errors';

const TOR = { nodeSelector: "rack == 'r1'", peerIP: '10.1.0.1', asNumber: 65101 };
const RANGE: RouterConfigOptions = { clusterASNumber: 64512, nodeCIDRs: ['10.1.0.0/24'] };
/** A passed-in password, to look for in error messages (never printed). */
const KNOWN = 'Rack-md5.Kq7-zZ42';

/** A password's fingerprint: enough to compare passwords in a failure message without showing them. */
const fingerprint = (pw: string) => createHash('sha256').update(pw).digest('hex').slice(0, 12);
const problemsOf = (e: ValidationError) => e.problems.map(({ field, rule, message }) => ({ field, rule, message }));

/** Waits for the engine, then counts what was registered. */
async function registered(stack: MockStack): Promise<number> {
  await stack.settle();
  return stack.registrations.length;
}

/** The BGPPeer registration named `name`. */
function bgpPeerNamed(stack: MockStack, name: string, type: string = TYPES.bgpPeer): Registration {
  const reg = stack.ofType(type).find((r) => r.name === name);
  if (!reg) throw new Error(`no ${type} named ${name}`);
  return reg;
}

/** The BGPPeer registration of `spec` added to a fresh shared secret, and the one a SecuredBgpPeer on such a secret registers. */
async function bothWays(name: string, spec: SharedBgpPeerArgs, secretArgs: ConstructorParameters<typeof BgpPasswordSecret>[1]): Promise<[Registration, Registration]> {
  let stack = await startMockStack();
  new BgpPasswordSecret('rack', secretArgs).addPeer(name, spec);
  await stack.settle();
  const added = stack.registrations.find((r) => r.type.endsWith(':BGPPeer'))!;
  stack = await startMockStack();
  new SecuredBgpPeer(name, { ...spec, sharedSecret: new BgpPasswordSecret('rack', secretArgs) });
  await stack.settle();
  const secured = stack.registrations.find((r) => r.type.endsWith(':BGPPeer'))!;
  return [added, secured];
}

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
    const own = [TYPES.secret, TYPES.role, TYPES.roleBinding].map((t) => stack.ofType(t).find((r) => r.parent === component.urn)!.urn);
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
    // THEN the program registers the component, its RandomBytes, Secret, Role, RoleBinding and 3 BGPPeers: no component per peer
    expect(stack.registrations.map((r) => r.type).sort()).toEqual(
      [TYPES.shared, TYPES.randomBytes, TYPES.secret, TYPES.role, TYPES.roleBinding, TYPES.bgpPeer, TYPES.bgpPeer, TYPES.bgpPeer].sort());
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

  const cases: Array<{ title: string; spec: SharedBgpPeerArgs; secret: ConstructorParameters<typeof BgpPasswordSecret>[1]; type?: string }> = [
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
    for (const name of [peer.peerName, peer.secretName, peer.secretKey]) expect(await pulumi.isSecret(name)).toBe(false);
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
    // AND an added peer named like an existing SecuredBgpPeer's BGPPeer is refused too, as is the same name on another secret
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

describe('BgpPasswordSecret.addPeer (Pulumi): router side', () => {
  /** What the core renders for these BGPPeers (operator install). */
  const coreRender = (peers: Array<{ name: string; spec: object }>, options: RouterConfigOptions, password?: string) =>
    renderRouterConfig('frr', routerConfigInputFromPeers({ ...options, peers, secretKeyRef: { name: 'spine-md5', key: 'password' }, install: 'operator', password }));
  const rackA = { ...TOR, nodeSelector: "rack == 'a'" };
  const rackB = { ...TOR, nodeSelector: "rack == 'b'" };

  it('renders an added peer\'s side with a placeholder (not secret) or, asked to, its password (secret)', async () => {
    // GIVEN a peer added to a shared secret
    const stack = await startMockStack();
    const spine = new BgpPasswordSecret('spine', { name: 'spine-md5', password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('frr') }) });
    const peer = spine.addPeer('rack-a', rackA);
    // WHEN its FRR side is asked for, with and without the password
    const placeholder = peer.routerConfig('frr', RANGE);
    const withPassword = peer.routerConfig('frr', { ...RANGE, includePassword: true });
    await stack.settle();
    const password = await valueOf(peer.password!);
    // THEN the placeholder text is the core's rendering, names the Secret, holds no password and is not secret
    expect(await valueOf(placeholder)).toBe(coreRender([{ name: 'rack-a', spec: rackA }], RANGE));
    expect(await valueOf(placeholder)).toContain('<BGP-PASSWORD from Secret calico-system/spine-md5 key password>');
    expect((await valueOf(placeholder)).includes(password)).toBe(false);
    expect(await pulumi.isSecret(placeholder)).toBe(false);
    // AND with the password it is secret, holds the password and is the core's rendering (compared without printing)
    expect(await pulumi.isSecret(withPassword)).toBe(true);
    expect((await valueOf(withPassword)).includes(password), 'the text holds the shared password').toBe(true);
    expect((await valueOf(withPassword)) === coreRender([{ name: 'rack-a', spec: rackA }], { ...RANGE, includePassword: true }, password),
      'the added peer and the core render the same text').toBe(true);
  });

  it('includes the added peers in the shared secret\'s router side, beside SecuredBgpPeers sharing it', async () => {
    // GIVEN two peers added to a shared secret and a SecuredBgpPeer sharing it, all to one spine
    const stack = await startMockStack();
    const spine = new BgpPasswordSecret('spine', { name: 'spine-md5', password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('frr') }) });
    spine.addPeer('rack-a', rackA);
    spine.addPeer('rack-b', rackB);
    const rackC = { ...TOR, nodeSelector: "rack == 'c'" };
    new SecuredBgpPeer('rack-c', { ...rackC, sharedSecret: spine });
    // WHEN the secret's FRR side is asked for
    const text = spine.routerConfig('frr', RANGE);
    const withPassword = spine.routerConfig('frr', { ...RANGE, includePassword: true });
    await stack.settle();
    // THEN it is the core's rendering of all three BGPPeers, secret only with the password
    const peers = [{ name: 'rack-a', spec: rackA }, { name: 'rack-b', spec: rackB }, { name: 'rack-c', spec: rackC }];
    expect(await valueOf(text)).toBe(coreRender(peers, RANGE));
    expect(await pulumi.isSecret(text)).toBe(false);
    expect(await pulumi.isSecret(withPassword)).toBe(true);
    expect((await valueOf(withPassword)) === coreRender(peers, { ...RANGE, includePassword: true }, await valueOf(spine.password!))).toBe(true);
  });

  it('with keyPerPeer renders each added peer\'s own password only', async () => {
    // GIVEN two added peers with a key each
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack13', { keyPerPeer: true, peerNames: ['tor-1', 'tor-2'], password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('frr') }) });
    const [t1, t2] = [rack.addPeer('tor-1', TOR), rack.addPeer('tor-2', { ...TOR, peerIP: '10.1.0.2' })];
    // WHEN each side is asked for with the password
    const [c1, c2] = [t1, t2].map((p) => p.routerConfig('frr', { ...RANGE, includePassword: true }));
    await stack.settle();
    const [p1, p2] = [await valueOf(t1.password!), await valueOf(t2.password!)];
    // THEN each holds its own password and not the other's
    expect((await valueOf(c1)).includes(p1) && !(await valueOf(c1)).includes(p2), 'tor-1 gets its own password only').toBe(true);
    expect((await valueOf(c2)).includes(p2) && !(await valueOf(c2)).includes(p1), 'tor-2 gets its own password only').toBe(true);
    expect(await pulumi.isSecret(c2)).toBe(true);
  });
});
