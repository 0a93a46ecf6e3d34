import * as pulumi from '@pulumi/pulumi';
import { describe, it, expect } from 'vitest';
import { PasswordPolicy, ValidationError } from 'calico-bgp-auth';
import { BgpPassword, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import { childrenOf, expectNoPlainPassword, expectObjectsValid, expectSamePassword, secretStringData } from './support/assertions';
import { TYPES, startMockStack, valueOf } from './support/mock-stack';

const TOR = { nodeSelector: "rack == 'r1'", peerIP: '10.1.0.1', asNumber: 65101 };

describe('SecuredBgpPeer (Pulumi)', () => {
  it('emits a Secret, Role, RoleBinding and BGPPeer as children, the BGPPeer depending on the other three', async () => {
    // GIVEN a mocked stack
    const stack = await startMockStack();
    // WHEN a peer with a generated password is declared
    const peer = new SecuredBgpPeer('tor-a', TOR);
    await stack.settle();
    // THEN the component has the library's type token and every object is its child
    const [component] = stack.ofType(TYPES.peer);
    expect(component.name).toBe('tor-a');
    const children = childrenOf(stack, component.urn);
    expect(children.map((c) => c.type).sort())
      .toEqual([TYPES.bgpPeer, TYPES.randomBytes, TYPES.role, TYPES.roleBinding, TYPES.secret].sort());
    const [secret] = stack.ofType(TYPES.secret);
    const [role] = stack.ofType(TYPES.role);
    const [binding] = stack.ofType(TYPES.roleBinding);
    const [bgpPeer] = stack.ofType(TYPES.bgpPeer);
    // AND the BGPPeer is ordered after everything calico-node needs to read its password
    expect(bgpPeer.dependencies).toEqual(expect.arrayContaining([secret.urn, role.urn, binding.urn]));
    expect(peer.bgpPeer).toBeDefined();
    // AND the inputs are the core's objects, names explicit
    expect(bgpPeer.inputs).toEqual({
      apiVersion: 'projectcalico.org/v3',
      kind: 'BGPPeer',
      metadata: { name: 'tor-a', labels: { 'app.kubernetes.io/managed-by': 'calico-bgp-auth' } },
      spec: { ...TOR, password: { secretKeyRef: { name: 'bgp-password-tor-a', key: 'password' } } },
    });
    expect(secret.inputs.metadata).toEqual({
      name: 'bgp-password-tor-a', namespace: 'calico-system',
      labels: { 'app.kubernetes.io/managed-by': 'calico-bgp-auth', 'calico-bgp-auth/bgp-password': 'true' },
    });
    expect(secret.inputs.type).toBe('Opaque');
    expect(Object.keys(secretStringData(secret))).toEqual(['password']);
    expect(role.inputs.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['bgp-password-tor-a'], verbs: ['get', 'list', 'watch'] }]);
    expect(binding.inputs.subjects).toEqual([{ kind: 'ServiceAccount', name: 'calico-node', namespace: 'calico-system' }]);
    expect(binding.inputs.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.inputs.metadata.name });
    // AND every object validates against the upstream CRDs (CEL included) and the Kubernetes models
    expectObjectsValid(stack);
  });

  it('exposes the names it chose and the password as a secret output, equal to the Secret\'s value', async () => {
    // GIVEN a peer with a custom Secret name and key
    const stack = await startMockStack();
    const peer = new SecuredBgpPeer('tor-b', { ...TOR, name: 'rack1-tor-b', secretName: 'rack1-tor-b-md5', secretKey: 'md5' });
    await stack.settle();
    // THEN the outputs carry the names
    expect(await valueOf(peer.peerName)).toBe('rack1-tor-b');
    expect(await valueOf(peer.secretName)).toBe('rack1-tor-b-md5');
    expect(await valueOf(peer.secretKey)).toBe('md5');
    // AND the password output is secret, the name outputs are not
    expect(await pulumi.isSecret(peer.password!)).toBe(true);
    expect(await pulumi.isSecret(peer.peerName)).toBe(false);
    const password = await valueOf(peer.password!);
    expectSamePassword(password, secretStringData(stack.ofType(TYPES.secret)[0]).md5, 'password output vs Secret');
    // AND the registered component outputs mark it secret too, and nothing else carries it
    expectNoPlainPassword(stack, [password]);
    expect(stack.componentOutputs.get(stack.ofType(TYPES.peer)[0].urn)).toMatchObject({ peerName: 'rack1-tor-b', secretName: 'rack1-tor-b-md5', secretKey: 'md5' });
  });

  it('keeps the entropy in a RandomBytes whose keepers carry the rotation, and shapes it with the policy', async () => {
    // GIVEN a peer for a Dell OS9 router (first character must be a letter, no spaces), rotated once
    const stack = await startMockStack();
    const policy = PasswordPolicy.forRouter('dell-os9');
    const peer = new SecuredBgpPeer('tor-c', { ...TOR, password: BgpPassword.generate({ policy, rotation: 1, keepers: { router: 'sw-1' } }) });
    await stack.settle();
    // THEN the RandomBytes asks for 64 bytes and is replaced when the rotation or a keeper changes
    const [bytes] = stack.ofType(TYPES.randomBytes);
    expect(bytes.inputs).toEqual({ length: 64, keepers: { rotation: '1', router: 'sw-1' } });
    // AND the password meets the profile
    expect(policy.check(await valueOf(peer.password!))).toEqual([]);
  });

  it('uses a password passed in, typically a config secret, and marks it secret', async () => {
    // GIVEN a value from a secret Output and one from a plain string
    const stack = await startMockStack();
    const fromConfig = new SecuredBgpPeer('rr-1', { peerIP: '10.0.0.10', asNumber: 64512, password: BgpPassword.fromValue(pulumi.secret('Rr-shared,key-2024')) });
    const fromString = new SecuredBgpPeer('rr-2', { peerIP: '10.0.0.11', asNumber: 64512, password: BgpPassword.fromValue('Rr-other,key-2024') });
    await stack.settle();
    // THEN no RandomBytes is created, both Secrets hold the value, and both password outputs are secret
    expect(stack.ofType(TYPES.randomBytes)).toEqual([]);
    const secret = (name: string) =>
      secretStringData(stack.ofType(TYPES.secret).find((r) => r.inputs.metadata.name === name)!);
    expectSamePassword(secret('bgp-password-rr-1').password, 'Rr-shared,key-2024', 'config value');
    expectSamePassword(secret('bgp-password-rr-2').password, 'Rr-other,key-2024', 'plain value');
    expect(await pulumi.isSecret(fromConfig.password!)).toBe(true);
    expect(await pulumi.isSecret(fromString.password!)).toBe(true);
    expectNoPlainPassword(stack, ['Rr-shared,key-2024', 'Rr-other,key-2024']);
  });

  it('references an existing Secret: RBAC and BGPPeer only, no password output', async () => {
    // GIVEN a Secret created out of band
    const stack = await startMockStack();
    const peer = new SecuredBgpPeer('tor-d', { ...TOR, install: 'manifest', password: BgpPassword.fromExistingSecret({ name: 'tor-md5', key: 'tor-d' }) });
    await stack.settle();
    // THEN no Secret and no RandomBytes are emitted, the Role names the existing Secret in kube-system
    expect(stack.ofType(TYPES.secret)).toEqual([]);
    expect(stack.ofType(TYPES.randomBytes)).toEqual([]);
    const [role] = stack.ofType(TYPES.role);
    expect(role.inputs.metadata.namespace).toBe('kube-system');
    expect(role.inputs.rules[0].resourceNames).toEqual(['tor-md5']);
    // AND the BGPPeer references it and depends on the Role and RoleBinding
    const [bgpPeer] = stack.ofType(TYPES.bgpPeer);
    expect(bgpPeer.inputs.spec.password).toEqual({ secretKeyRef: { name: 'tor-md5', key: 'tor-d' } });
    expect(bgpPeer.dependencies).toEqual(expect.arrayContaining([role.urn, stack.ofType(TYPES.roleBinding)[0].urn]));
    expect(peer.password).toBeUndefined();
    expect(await valueOf(peer.secretName)).toBe('tor-md5');
    expectObjectsValid(stack);
  });

  it('writes the internal API group when asked, still cluster-scoped and valid', async () => {
    // GIVEN apiFlavor crd.projectcalico.org/v1
    const stack = await startMockStack();
    new SecuredBgpPeer('tor-e', { ...TOR, apiFlavor: 'crd.projectcalico.org/v1' });
    await stack.settle();
    // THEN the BGPPeer is a CustomResource of that group, without a namespace
    const [bgpPeer] = stack.ofType('kubernetes:crd.projectcalico.org/v1:BGPPeer');
    expect(bgpPeer.inputs.metadata.namespace).toBeUndefined();
    expectObjectsValid(stack);
  });

  it('throws the core\'s messages at construction for plain values, every problem at once, before registering anything', async () => {
    // GIVEN a spec breaking two CEL rules and a password value breaking the floor
    const stack = await startMockStack();
    const bad = () => new SecuredBgpPeer('tor-f', {
      node: 'n1', nodeSelector: 'all()', peerIP: '10.1.0.1', asNumber: 65101, password: BgpPassword.fromValue('has"quote'),
    });
    // THEN one ValidationError names the component, the fields and the rules
    expect(bad).toThrow(ValidationError);
    try {
      bad();
    } catch (e) {
      const err = e as ValidationError;
      expect(err.problems.map((p) => p.rule).sort()).toEqual(['calico.exclusive', 'password.double-quote']);
      expect(err.message).toContain('SecuredBgpPeer \'tor-f\': Only one of \'spec.node\' and \'spec.nodeSelector\' may be set.');
      // AND the value is not in the message
      expect(err.message.includes('has"quote')).toBe(false);
    }
    await stack.settle();
    expect(stack.registrations).toEqual([]);
  });

  it('refuses a bad rotation, a bad name and a custom install with a bad namespace with the core\'s messages', async () => {
    await startMockStack();
    expect(() => new SecuredBgpPeer('tor-g', { ...TOR, password: BgpPassword.generate({ rotation: -1 }) })).toThrow('\'rotation\' (-1) must be a non-negative integer.');
    expect(() => new SecuredBgpPeer('Tor_G', TOR)).toThrow('\'name\' (Tor_G) must be a DNS-1123 subdomain');
    expect(() => new SecuredBgpPeer('tor-h', { ...TOR, install: { namespace: 'Calico System' } })).toThrow('\'install.namespace\' (Calico System) must be a DNS-1123 label');
    expect(() => new SecuredBgpPeer('tor-i', { ...TOR, keepaliveTime: '30s', calicoVersion: '3.30' })).toThrow('\'spec.keepaliveTime\' needs Calico 3.32 or later');
    // AND a problem is reported once, even where the skin and the core's plan check both look at it
    const problems = (() => {
      try { new SecuredBgpPeer('tor-j', { ...TOR, install: { namespace: 'Bad NS' } }); } catch (e) { return (e as ValidationError).problems; }
      return [];
    })();
    expect(problems.map((p) => p.rule)).toEqual(['k8s.namespace']);
  });

  it('refuses two peers that would write the same object, naming the other component', async () => {
    // GIVEN two peers that reference one existing Secret (each would emit the same Role)
    await startMockStack();
    const existing = BgpPassword.fromExistingSecret({ name: 'rack-md5' });
    new SecuredBgpPeer('tor-j', { ...TOR, password: existing });
    // THEN the second one is refused, pointing at BgpPasswordSecret
    expect(() => new SecuredBgpPeer('tor-k', { ...TOR, peerIP: '10.1.0.2', password: existing }))
      .toThrow(/Role 'calico-system\/calico-node-read-rack-md5' is emitted more than once \(by SecuredBgpPeer 'tor-j', SecuredBgpPeer 'tor-k'\).*BgpPasswordSecret/);
  });
});
