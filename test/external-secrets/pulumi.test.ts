import { describe, it, expect } from 'vitest';
import { PASSWORD_SECRET_LABEL, PasswordPolicy, ValidationError, passwordGeneratorPolicyForRouter } from 'calico-bgp-auth';
import { LIBRARY_LABELS } from '../support/core';
import { BgpPassword, BgpPasswordSecret, MeshPassword, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import { childrenOf, expectObjectsValid } from '../pulumi/support/assertions';
import { MockStack, Registration, TYPES, startMockStack, valueOf } from '../pulumi/support/mock-stack';

const TOR = { nodeSelector: "rack == 'r1'", peerIP: '10.1.0.1', asNumber: 65101 };
const ESO = {
  password: 'kubernetes:generators.external-secrets.io/v1alpha1:Password',
  externalSecret: 'kubernetes:external-secrets.io/v1:ExternalSecret',
};

/** No Secret, no RandomBytes, and no data or stringData anywhere: the program holds no password. */
function expectNoPasswordAnywhere(stack: MockStack) {
  expect(stack.ofType(TYPES.secret)).toEqual([]);
  expect(stack.ofType(TYPES.randomBytes)).toEqual([]);
  for (const o of stack.kubeObjects()) {
    expect(o).not.toHaveProperty('data');
    expect(o).not.toHaveProperty('stringData');
  }
}

function one(stack: MockStack, type: string): Registration {
  const regs = stack.ofType(type);
  expect(regs, type).toHaveLength(1);
  return regs[0];
}

describe('Pulumi BgpPassword.fromExternalSecretsGenerator', () => {
  it('SecuredBgpPeer: a Password generator and an ExternalSecret writing the peer\'s Secret, the BGPPeer after them', async () => {
    // GIVEN a mocked stack and a peer whose password is generated in the cluster
    const stack = await startMockStack();
    const peer = new SecuredBgpPeer('tor-a', { ...TOR, password: BgpPassword.fromExternalSecretsGenerator({ policy: passwordGeneratorPolicyForRouter('junos') }) });
    await stack.settle();
    // THEN the component's children are the generator, the ExternalSecret, the RBAC and the BGPPeer
    const [component] = stack.ofType(TYPES.peer);
    expect(childrenOf(stack, component.urn).map((c) => c.type).sort())
      .toEqual([ESO.password, ESO.externalSecret, TYPES.role, TYPES.roleBinding, TYPES.bgpPeer].sort());
    const generator = one(stack, ESO.password);
    const es = one(stack, ESO.externalSecret);
    const bgpPeer = one(stack, TYPES.bgpPeer);
    const ref = bgpPeer.inputs.spec.password.secretKeyRef;
    // AND the ExternalSecret writes exactly the Secret and key the BGPPeer reads, in calico-system
    expect(ref).toEqual({ name: 'bgp-password-tor-a', key: 'password' });
    expect(es.inputs.metadata.namespace).toBe('calico-system');
    expect(es.inputs.spec.target.name).toBe(ref.name);
    expect(es.inputs.spec.target.template.data).toEqual({ password: '{{ .password }}' });
    expect(es.inputs.spec.target.template.metadata.labels).toEqual({ ...LIBRARY_LABELS, [PASSWORD_SECRET_LABEL]: 'true' });
    expect(es.inputs.spec.dataFrom[0].sourceRef.generatorRef).toEqual({ apiVersion: generator.inputs.apiVersion, kind: 'Password', name: generator.inputs.metadata.name });
    expect(es.inputs.spec).toMatchObject({ refreshPolicy: 'CreatedOnce', refreshInterval: '0s' });
    expect(es.inputs.spec.target).toMatchObject({ creationPolicy: 'Orphan', immutable: true });
    // AND the Junos profile's symbols (no space) are the generator's
    expect(generator.inputs.spec.symbolCharacters).not.toContain(' ');
    // AND the BGPPeer depends on the ExternalSecret and the RBAC; the ExternalSecret on its generator
    expect(bgpPeer.dependencies).toEqual(
      expect.arrayContaining([es.urn, one(stack, TYPES.role).urn, one(stack, TYPES.roleBinding).urn]),
    );
    expect(es.dependencies).toContain(generator.urn);
    // AND the component has no password output, and its Secret name output is the target
    expect(peer.password).toBeUndefined();
    expect(await valueOf(peer.secretName)).toBe(ref.name);
    expectNoPasswordAnywhere(stack);
    expectObjectsValid(stack);
  });

  it('rotation N names the Secret <secretName>-r<N>, and the resources carry the rotation so a staged one is kept at the switch', async () => {
    // GIVEN rotation 1 in use and rotation 2 staged
    const staged = await startMockStack();
    new SecuredBgpPeer('tor-a', { ...TOR, secretName: 'tor-a-md5', password: BgpPassword.fromExternalSecretsGenerator({ rotation: 1, prepareRotation: 2 }) });
    await staged.settle();
    const stagedNames = staged.ofType(ESO.externalSecret).map((r) => [r.name, r.inputs.spec.target.name]);
    expect(one(staged, TYPES.bgpPeer).inputs.spec.password.secretKeyRef.name).toBe('tor-a-md5-r1');
    expect(stagedNames.sort()).toEqual([['tor-a-r1-externalsecret', 'tor-a-md5-r1'], ['tor-a-r2-externalsecret', 'tor-a-md5-r2']]);
    // WHEN the switch is declared (rotation 2, nothing staged)
    const switched = await startMockStack();
    new SecuredBgpPeer('tor-a', { ...TOR, secretName: 'tor-a-md5', password: BgpPassword.fromExternalSecretsGenerator({ rotation: 2 }) });
    await switched.settle();
    // THEN the rotation-2 resources have the same names and inputs (Pulumi sees no change to them)
    const before = staged.ofType(ESO.externalSecret).find((r) => r.name === 'tor-a-r2-externalsecret')!;
    const after = one(switched, ESO.externalSecret);
    expect(after.name).toBe(before.name);
    expect(after.inputs).toEqual(before.inputs);
    expect(one(switched, TYPES.bgpPeer).inputs.spec.password.secretKeyRef.name).toBe('tor-a-md5-r2');
    expect(one(switched, TYPES.role).inputs.rules[0].resourceNames).toEqual(['tor-a-md5-r2']);
    expectObjectsValid(staged);
    expectObjectsValid(switched);
  });

  it('MeshPassword and BgpPasswordSecret: the mesh and shared Secrets from the generator', async () => {
    const stack = await startMockStack();
    new MeshPassword('mesh', { install: 'manifest', password: BgpPassword.fromExternalSecretsGenerator() });
    const rack = new BgpPasswordSecret('rack1', { password: BgpPassword.fromExternalSecretsGenerator({ rotation: 3 }) });
    new SecuredBgpPeer('tor-a', { ...TOR, sharedSecret: rack });
    await stack.settle();
    const targets = stack.ofType(ESO.externalSecret).map((r) => `${r.inputs.metadata.namespace}/${r.inputs.spec.target.name}`).sort();
    expect(targets).toEqual(['calico-system/bgp-password-rack1-r3', 'kube-system/bgp-mesh-password']);
    expect(one(stack, TYPES.bgpConfiguration).inputs.spec.nodeMeshPassword.secretKeyRef).toEqual({ name: 'bgp-mesh-password', key: 'password' });
    const bgpPeer = one(stack, TYPES.bgpPeer);
    expect(bgpPeer.inputs.spec.password.secretKeyRef).toEqual({ name: 'bgp-password-rack1-r3', key: 'password' });
    expect(await valueOf(rack.secretName)).toBe('bgp-password-rack1-r3');
    // AND the shared Role (which every peer depends on) comes after the shared ExternalSecret
    const sharedRole = stack.ofType(TYPES.role).find((r) => r.inputs.rules[0].resourceNames[0] === 'bgp-password-rack1-r3')!;
    const sharedEs = stack.ofType(ESO.externalSecret).find((r) => r.inputs.spec.target.name === 'bgp-password-rack1-r3')!;
    expect(sharedRole.dependencies).toContain(sharedEs.urn);
    expect(bgpPeer.dependencies).toContain(sharedRole.urn);
    expectNoPasswordAnywhere(stack);
    expectObjectsValid(stack);
  });

  it('refuses a policy the generator cannot express before anything is registered, naming the prop', async () => {
    await startMockStack();
    let error: unknown;
    try {
      new SecuredBgpPeer('tor-a', { ...TOR, password: BgpPassword.fromExternalSecretsGenerator({ policy: PasswordPolicy.forRouter('dell-os9') }) });
    } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => [p.field, p.rule])).toEqual([
      ['firstCharacter', 'generator.first-character'], ['minLowercase', 'generator.letter-minimum'], ['minUppercase', 'generator.letter-minimum'],
    ]);
    expect((error as Error).message.split('\n')[0]).toBe('SecuredBgpPeer \'tor-a\': \'firstCharacter\' (letter) cannot be met by the external-secrets Password generator: it inserts digits and symbols at random positions, so the first character may be a digit or a symbol. Use a policy with firstCharacter \'any\', disable \'digits\' and \'symbols\', or use another password source (a derived or a stored password).');
    // AND keyPerPeer is refused (one ExternalSecret writes one Secret)
    expect(() => new BgpPasswordSecret('rack', { keyPerPeer: true, peerNames: ['a'], password: BgpPassword.fromExternalSecretsGenerator() }))
      .toThrow('\'keyPerPeer\' needs a generated password');
  });
});

describe('Pulumi BgpPassword.fromExternalSecret', () => {
  it('SecuredBgpPeer: an ExternalSecret copying the store value into the peer\'s Secret and key', async () => {
    const stack = await startMockStack();
    new SecuredBgpPeer('tor-a', {
      ...TOR, secretKey: 'md5',
      password: BgpPassword.fromExternalSecret({ store: { name: 'vault' }, remoteRef: { key: 'bgp/tor-a', version: '7' }, rotation: 2 }),
    });
    await stack.settle();
    const es = one(stack, ESO.externalSecret);
    const bgpPeer = one(stack, TYPES.bgpPeer);
    expect(bgpPeer.inputs.spec.password.secretKeyRef).toEqual({ name: 'bgp-password-tor-a', key: 'md5' });
    expect(es.name).toBe('tor-a-externalsecret');
    expect(es.inputs.spec).toMatchObject({
      refreshPolicy: 'OnChange',
      secretStoreRef: { name: 'vault', kind: 'SecretStore' },
      target: { name: 'bgp-password-tor-a', creationPolicy: 'Orphan', deletionPolicy: 'Retain' },
      data: [{ secretKey: 'md5', remoteRef: { key: 'bgp/tor-a', version: '7' } }],
    });
    expect(es.inputs.metadata.annotations).toEqual({ 'calico-bgp-auth/rotation': '2' });
    expect(bgpPeer.dependencies).toContain(es.urn);
    expectNoPasswordAnywhere(stack);
    expectObjectsValid(stack);
  });

  it('refuses a bad store reference with the field named', async () => {
    await startMockStack();
    expect(() => new MeshPassword('mesh', { password: BgpPassword.fromExternalSecret({ store: { name: 'vault', kind: 'Vault' as any }, remoteRef: { key: 'k' } }) }))
      .toThrow('MeshPassword \'mesh\': \'store.kind\' (Vault) must be \'SecretStore\' or \'ClusterSecretStore\'.');
  });
});
