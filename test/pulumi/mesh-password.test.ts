import * as pulumi from '@pulumi/pulumi';
import { describe, it, expect } from 'vitest';
import { BgpPassword, MeshPassword } from 'calico-bgp-auth/pulumi';
import { childrenOf, expectNoPlainPassword, expectObjectsValid, expectSamePassword, secretStringData } from './support/assertions';
import { TYPES, startMockStack, valueOf } from './support/mock-stack';

describe('MeshPassword (Pulumi)', () => {
  it('emits the Secret, RBAC and the default BGPConfiguration with nodeMeshPassword, depending on the other three', async () => {
    // GIVEN a mocked stack
    const stack = await startMockStack();
    // WHEN a mesh password is declared with other default-only fields
    const mesh = new MeshPassword('mesh', { asNumber: '1.10', nodeMeshMaxRestartTime: '120s', logSeverityScreen: 'Info' });
    await stack.settle();
    // THEN the component owns every object
    const [component] = stack.ofType(TYPES.mesh);
    expect(childrenOf(stack, component.urn).map((c) => c.type).sort())
      .toEqual([TYPES.bgpConfiguration, TYPES.randomBytes, TYPES.role, TYPES.roleBinding, TYPES.secret].sort());
    // AND the BGPConfiguration is `default`, cluster-scoped, with the AS number as an integer and the secret reference
    const [config] = stack.ofType(TYPES.bgpConfiguration);
    expect(config.inputs).toEqual({
      apiVersion: 'projectcalico.org/v3',
      kind: 'BGPConfiguration',
      metadata: { name: 'default', labels: { 'app.kubernetes.io/managed-by': 'calico-bgp-auth' } },
      spec: { asNumber: 65546, nodeMeshMaxRestartTime: '120s', logSeverityScreen: 'Info', nodeMeshPassword: { secretKeyRef: { name: 'bgp-mesh-password', key: 'password' } } },
    });
    const [secret, role, binding] = [TYPES.secret, TYPES.role, TYPES.roleBinding].map((t) => stack.ofType(t)[0]);
    expect(config.dependencies).toEqual(expect.arrayContaining([secret.urn, role.urn, binding.urn]));
    // AND the outputs name the objects, the password output is secret and equal to the Secret's
    expect(await valueOf(mesh.configurationName)).toBe('default');
    expect(await valueOf(mesh.secretName)).toBe('bgp-mesh-password');
    expect(await pulumi.isSecret(mesh.password!)).toBe(true);
    const password = await valueOf(mesh.password!);
    expectSamePassword(password, secretStringData(secret).password, 'mesh output vs Secret');
    expectNoPlainPassword(stack, [password]);
    expectObjectsValid(stack);
  });

  it('refuses a second MeshPassword in the program: a cluster has one mesh password', async () => {
    // GIVEN one mesh password
    await startMockStack();
    new MeshPassword('mesh-a');
    // THEN a second one is refused, naming the first
    expect(() => new MeshPassword('mesh-b', { secretName: 'other-mesh-password' }))
      .toThrow('MeshPassword \'mesh-b\': Only one MeshPassword may be declared: MeshPassword \'mesh-a\' already writes the BGPConfiguration \'default\', '
        + 'which holds the one node-to-node mesh password of the cluster. Remove one of them.');
  });

  it('refuses a mesh password with the mesh disabled, with the core\'s message', async () => {
    await startMockStack();
    expect(() => new MeshPassword('mesh', { nodeToNodeMeshEnabled: false }))
      .toThrow('\'spec.nodeMeshPassword\' cannot be set when \'spec.nodeToNodeMeshEnabled\' is false: there is no mesh to apply it to.');
  });

  it('uses an existing Secret for the mesh: RBAC and BGPConfiguration only', async () => {
    // GIVEN a Secret created out of band, for a manifest install
    const stack = await startMockStack();
    const mesh = new MeshPassword('mesh', { install: 'manifest', password: BgpPassword.fromExistingSecret({ name: 'mesh-md5' }) });
    await stack.settle();
    // THEN no Secret, the Role in kube-system names it, and there is no password output
    expect(stack.ofType(TYPES.secret)).toEqual([]);
    const [role] = stack.ofType(TYPES.role);
    expect(role.inputs.metadata.namespace).toBe('kube-system');
    expect(role.inputs.rules[0].resourceNames).toEqual(['mesh-md5']);
    expect(stack.ofType(TYPES.bgpConfiguration)[0].inputs.spec.nodeMeshPassword).toEqual({ secretKeyRef: { name: 'mesh-md5', key: 'password' } });
    expect(mesh.password).toBeUndefined();
    expectObjectsValid(stack);
  });
});
