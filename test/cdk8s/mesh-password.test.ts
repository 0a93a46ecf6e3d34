import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BgpPassword, MeshPassword, MeshPasswordProps } from 'calico-bgp-auth/cdk8s';
import { TEST_SEED, appAndChart, expectSecured, expectValid, ofKind, synth, synthError } from './support';

const password = () => BgpPassword.generate({ seed: TEST_SEED });

describe('MeshPassword', () => {
  it('emits the Secret, RBAC and the default BGPConfiguration referencing it, last', () => {
    // GIVEN a mesh password with other default-only fields, in a Chart with a namespace
    const { chart } = appAndChart('apps');
    const mesh = new MeshPassword(chart, 'mesh', { password: password(), asNumber: '1.10', nodeMeshMaxRestartTime: '120s', serviceClusterIPs: [{ cidr: '10.96.0.0/12' }] });

    // WHEN synthesized
    const objects = synth(chart);

    // THEN Secret, Role, RoleBinding and BGPConfiguration 'default' (cluster-scoped), all consistent and valid
    expect(objects.map((o) => o.kind)).toEqual(['Secret', 'Role', 'RoleBinding', 'BGPConfiguration']);
    const config = ofKind(objects, 'BGPConfiguration')[0];
    expect(config.metadata.name).toBe('default');
    expect(config.spec).toEqual({
      asNumber: 65546, nodeMeshMaxRestartTime: '120s', serviceClusterIPs: [{ cidr: '10.96.0.0/12' }],
      nodeMeshPassword: { secretKeyRef: { name: 'bgp-mesh-password', key: 'password' } },
    });
    expect([mesh.secretName, mesh.secretKey]).toEqual(['bgp-mesh-password', 'password']);
    expectSecured(objects);
    expectValid(objects);
  });

  it('uses kube-system for a manifest install', () => {
    const { chart } = appAndChart();
    new MeshPassword(chart, 'mesh', { password: password(), install: 'manifest' });
    const objects = synth(chart);
    expectSecured(objects, { namespace: 'kube-system' });
    expectValid(objects);
  });

  it('references an existing Secret without emitting one', () => {
    const { chart } = appAndChart();
    new MeshPassword(chart, 'mesh', { password: BgpPassword.fromExistingSecret({ name: 'mesh-md5', key: 'pw' }) });
    const objects = synth(chart);
    expect(objects.map((o) => o.kind)).toEqual(['Role', 'RoleBinding', 'BGPConfiguration']);
    expect(ofKind(objects, 'BGPConfiguration')[0].spec.nodeMeshPassword.secretKeyRef).toEqual({ name: 'mesh-md5', key: 'pw' });
    expectSecured(objects, { secretEmitted: false });
  });

  it('refuses a second MeshPassword in the app, even in another chart', () => {
    // GIVEN two mesh passwords in two charts of one app
    const app = Testing.app();
    new MeshPassword(new Chart(app, 'one'), 'mesh', { password: password() });
    new MeshPassword(new Chart(app, 'two'), 'mesh', { password: password() });

    // WHEN synthesized THEN the second is refused, naming the first
    expect(() => app.synthYaml()).toThrow(/\[two\/mesh\] Only one MeshPassword may be declared: MeshPassword 'one\/mesh' already writes the BGPConfiguration 'default'/);
  });

  it('refuses a mesh password when the mesh is disabled', () => {
    const { chart } = appAndChart();
    new MeshPassword(chart, 'mesh', { password: password(), nodeToNodeMeshEnabled: false });
    expect(synthError(chart)).toContain('[test/mesh] \'spec.nodeMeshPassword\' cannot be set when \'spec.nodeToNodeMeshEnabled\' is false');
  });

  it('refuses a field the core does not know (a misspelling)', () => {
    const { chart } = appAndChart();
    new MeshPassword(chart, 'mesh', { password: password(), asnumber: 64512 } as MeshPasswordProps);
    expect(synthError(chart)).toContain('\'spec.asnumber\' is not a field of this Calico kind');
  });

  const matrix: Array<[string, MeshPasswordProps]> = [
    ['defaults only', {}],
    ['every global field', {
      asNumber: 64512, bindMode: 'NodeIP', communities: [{ name: 'rack', value: '64512:100' }], ignoredInterfaces: ['docker*'],
      listenPort: 1179, logSeverityScreen: 'Info', nodeMeshMaxRestartTime: '90s', nodeToNodeMeshEnabled: true,
      prefixAdvertisements: [{ cidr: '10.0.0.0/16', communities: ['rack'] }], serviceExternalIPs: [{ cidr: '192.0.2.0/24' }],
      serviceLoadBalancerIPs: [{ cidr: '198.51.100.0/24' }], serviceLoadBalancerAggregation: 'Disabled', programClusterRoutes: 'Enabled',
      ipv4NormalRoutePriority: 1024, localWorkloadPeeringIPV4: '169.254.0.1',
    }],
    ['internal storage API', { apiFlavor: 'crd.projectcalico.org/v1', asNumber: 64512 }],
  ];
  it.each(matrix)('emits valid objects for %s', (_name, props) => {
    const { chart } = appAndChart('apps');
    new MeshPassword(chart, 'mesh', { ...props, password: password() });
    const objects = synth(chart);
    expectSecured(objects);
    expectValid(objects);
  });
});
