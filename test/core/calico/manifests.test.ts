/**
 * The manifest builders: every object they emit validates against the vendored Calico v3.32.1 CRDs
 * (schema and CEL rules) or, for core kinds, kubernetes-models; and the objects point at each other
 * correctly (secretKeyRef → Secret and key, Role → exactly that Secret, RoleBinding → calico-node).
 */
import { describe, expect, it } from 'vitest';
import {
  ApiFlavor,
  BgpConfigurationSpec,
  BgpPeerSpec,
  CalicoInstallInput,
  DEFAULT_PASSWORD_KEY,
  KubeObject,
  LIBRARY_LABELS,
  MESH_SECRET_NAME,
  PASSWORD_SECRET_LABEL,
  PasswordPolicy,
  SecretPlacement,
  SecuredUnitPlan,
  buildBgpConfiguration,
  buildPasswordSecret,
  deriveName,
  findNameCollisions,
  peerSecretName,
  planMeshPassword,
  planSecuredBgpPeer,
  planSharedSecretAccess,
  resolveInstall,
  secretReaderName,
} from '../../support/core';
import { validateObject } from '../../support/crd-validator';
import { deterministicSource } from '../helpers/bytes';

const V1: ApiFlavor = 'crd.projectcalico.org/v1';

const PEER_SPECS: Array<[string, BgpPeerSpec, ApiFlavor?]> = [
  ['peerIP and asNumber', { peerIP: '10.0.0.1', asNumber: 64512 }],
  ['asdot asNumber', { peerIP: '10.0.0.1', asNumber: '1.10' }],
  ['the v1 API', { peerIP: '10.0.0.1', asNumber: 64512, node: 'worker-1' }, V1],
  ['one node', { node: 'worker-1', peerIP: '192.0.2.1', asNumber: 65001 }],
  ['a nodeSelector and a port', { nodeSelector: 'rack == \'r1\'', peerIP: '192.0.2.1:1179', asNumber: 65001 }],
  ['a peerSelector (route reflectors)', { nodeSelector: '!has(route-reflector)', peerSelector: 'has(route-reflector)', reversePeering: 'Manual' }],
  ['a localWorkloadSelector', { localWorkloadSelector: 'app == \'metallb\'', asNumber: 65010 }],
  ['an IPv6 peer with reachableBy', { peerIP: '[fd00::1]:179', asNumber: 65001, reachableBy: 'fd00::fe' }],
  ['keepOriginalNextHop', { peerIP: '10.0.0.1', asNumber: 64512, keepOriginalNextHop: true }],
  ['every scalar field', {
    node: 'worker-1', peerIP: '10.0.0.1', asNumber: '65000.1', localASNumber: 64513, nextHopMode: 'Self', sourceAddress: 'None',
    maxRestartTime: '2m', keepaliveTime: '30s', numAllowedLocalASNumbers: 1, ttlSecurity: 1, reachableBy: '10.0.0.254', filters: ['export-default'],
  }],
  ['every scalar field on the v1 API', {
    nodeSelector: 'all()', peerIP: '10.0.0.1', asNumber: 64512, localASNumber: '1.1', nextHopMode: 'Keep', sourceAddress: 'UseNodeIP',
    maxRestartTime: '90s', keepaliveTime: '1m', numAllowedLocalASNumbers: 2, ttlSecurity: 255, filters: ['a', 'b'],
  }, V1],
];

const PLACEMENTS: Array<[string, SecretPlacement | undefined]> = [
  ['own (default names)', undefined],
  ['own (given name and key)', { mode: 'own', name: 'tor-auth', key: 'md5' }],
  ['shared', { mode: 'shared', name: 'fabric-password', key: 'rack1' }],
  ['existing', { mode: 'existing', name: 'router-team-secret', key: 'bgp' }],
];

const INSTALLS: Array<[string, CalicoInstallInput | undefined, string, string]> = [
  ['operator (default)', undefined, 'calico-system', 'calico-node'],
  ['manifest', 'manifest', 'kube-system', 'calico-node'],
  ['custom', { namespace: 'networking', serviceAccount: 'calico-node-custom' }, 'networking', 'calico-node-custom'],
];

const password = PasswordPolicy.DEFAULT.generate(deterministicSource('manifests'));

/** Every object of a unit, the Secret included when the unit emits it. */
function objectsOf(plan: SecuredUnitPlan): KubeObject[] {
  const secret = plan.emitsSecret
    ? [buildPasswordSecret({ name: plan.secretKeyRef.name, install: plan.install, stringData: { [plan.secretKeyRef.key]: password }, labels: { team: 'net' } })]
    : [];
  return [
    ...secret,
    ...(plan.role ? [plan.role] : []),
    ...(plan.roleBinding ? [plan.roleBinding] : []),
    plan.calicoObject,
  ];
}

/** Asserts the relationships every unit must keep. */
function expectRelationships(plan: SecuredUnitPlan, namespace: string, serviceAccount: string, passwordField: 'password' | 'nodeMeshPassword') {
  const ref = plan.secretKeyRef;
  const calico = plan.calicoObject as KubeObject & { spec: Record<string, { secretKeyRef: unknown }> };
  // The Calico object is cluster-scoped and reads exactly the planned Secret key.
  expect(calico.metadata.namespace).toBeUndefined();
  expect(calico.spec[passwordField]).toEqual({ secretKeyRef: { name: ref.name, key: ref.key } });
  expect(calico.metadata.labels).toEqual(LIBRARY_LABELS);
  if (plan.role) {
    expect(plan.role.metadata.namespace).toBe(namespace);
    expect(plan.role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: [ref.name], verbs: ['get', 'list', 'watch'] }]);
    expect(plan.roleBinding!.metadata.namespace).toBe(namespace);
    expect(plan.roleBinding!.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: plan.role.metadata.name });
    expect(plan.roleBinding!.subjects).toEqual([{ kind: 'ServiceAccount', name: serviceAccount, namespace }]);
    expect(plan.role.metadata.name).toBe(secretReaderName(ref.name));
  }
  // Nothing but the Secret may carry the password.
  for (const o of [plan.role, plan.roleBinding, plan.calicoObject]) {
    expect(JSON.stringify(o ?? {}).includes(password)).toBe(false);
  }
}

describe('planSecuredBgpPeer + buildPasswordSecret', () => {
  const matrix = PEER_SPECS.flatMap(([specTitle, spec, apiFlavor]) => PLACEMENTS.flatMap(([placementTitle, secret]) =>
    INSTALLS.map(([installTitle, install, namespace, sa]) => [`${specTitle}, ${placementTitle}, ${installTitle}`, spec, apiFlavor, secret, install, namespace, sa] as const)));

  it.each(matrix)('GIVEN %s WHEN planned THEN every object validates and the references hold', (_title, spec, apiFlavor, secret, install, namespace, sa) => {
    // GIVEN / WHEN
    const plan = planSecuredBgpPeer({ name: 'rack1-tor1', spec, apiFlavor, secret, install });
    const objects = objectsOf(plan);
    // THEN every object is valid for the API server
    for (const o of objects) expect([o.kind, validateObject(o)]).toEqual([o.kind, []]);
    expect(findNameCollisions(objects)).toEqual([]);
    // and the references hold
    expect(plan.calicoObject.apiVersion).toBe(apiFlavor ?? 'projectcalico.org/v3');
    expect(plan.install).toEqual(resolveInstall(install));
    expect(plan.emitsSecret).toBe(secret === undefined || secret.mode === 'own');
    expect(plan.secretKeyRef).toEqual({ name: secret?.name ?? 'bgp-password-rack1-tor1', key: secret?.key ?? DEFAULT_PASSWORD_KEY });
    expect(plan.role === undefined).toBe(secret?.mode === 'shared');
    expectRelationships(plan, namespace, sa, 'password');
  });

  it('GIVEN an asdot asNumber WHEN planned THEN the BGPPeer carries the integer', () => {
    // GIVEN / WHEN
    const plan = planSecuredBgpPeer({ name: 'p', spec: { peerIP: '10.0.0.1', asNumber: '1.10', localASNumber: '65535.65535' } });
    // THEN
    expect(plan.calicoObject.spec).toMatchObject({ asNumber: 65546, localASNumber: 4294967295 });
  });

  it('GIVEN the same props twice WHEN planned THEN the objects are identical (names are deterministic)', () => {
    // GIVEN
    const props = { name: 'rack1-tor1', spec: { peerIP: '10.0.0.1', asNumber: 64512 } };
    // WHEN / THEN
    expect(planSecuredBgpPeer(props)).toEqual(planSecuredBgpPeer({ ...props, spec: { ...props.spec } }));
    expect(peerSecretName('rack1-tor1')).toBe('bgp-password-rack1-tor1');
    expect(secretReaderName('bgp-password-rack1-tor1')).toBe('calico-node-read-bgp-password-rack1-tor1');
  });

  it('GIVEN unset optional fields WHEN planned THEN the spec holds no undefined values', () => {
    // GIVEN / WHEN
    const plan = planSecuredBgpPeer({ name: 'p', spec: { peerIP: '10.0.0.1', asNumber: 64512, node: undefined } });
    // THEN
    expect(Object.keys(plan.calicoObject.spec as object).sort()).toEqual(['asNumber', 'password', 'peerIP']);
  });
});

describe('buildPasswordSecret', () => {
  it('GIVEN a password and labels WHEN built THEN it is an Opaque Secret with stringData exactly the password and the library labels', () => {
    // GIVEN
    const install = resolveInstall('manifest');
    // WHEN
    const secret = buildPasswordSecret({ name: 'bgp-password-x', install, stringData: { password }, labels: { 'team': 'net', 'app.kubernetes.io/managed-by': 'someone-else' } });
    // THEN
    expect(validateObject(secret)).toEqual([]);
    expect(secret.type).toBe('Opaque');
    expect(secret.metadata).toEqual({
      name: 'bgp-password-x', namespace: 'kube-system',
      labels: { 'team': 'net', 'app.kubernetes.io/managed-by': 'calico-bgp-auth', [PASSWORD_SECRET_LABEL]: 'true' },
    });
    expect(Object.keys(secret.stringData)).toEqual(['password']);
    expect(secret.stringData.password === password).toBe(true);
    expect(/\s$/.test(secret.stringData.password)).toBe(false);
    expect('data' in secret).toBe(false);
  });

  it('GIVEN several keys WHEN built THEN each key holds its own value and the input is copied', () => {
    // GIVEN
    const stringData: Record<string, string> = { 'rack1': 'Kq2-mZr8.Vt4+Hw9=Lp3@Xc6%Nb1,Qa0', 'rack2.tor': 'Zr8.Vt4+Hw9=Lp3@Xc6%Nb1,Qa0-Kq2m' };
    // WHEN
    const secret = buildPasswordSecret({ name: 'fabric', install: resolveInstall(undefined), stringData });
    stringData.rack3 = 'late';
    // THEN
    expect(validateObject(secret)).toEqual([]);
    expect(Object.keys(secret.stringData)).toEqual(['rack1', 'rack2.tor']);
  });
});

const EVERY_CONFIG_FIELD: BgpConfigurationSpec = {
  asNumber: '1.10', bindMode: 'NodeIP', communities: [{ name: 'rack', value: '65000:100' }, { name: 'large', value: '65000:1:2' }],
  ignoredInterfaces: ['eth9', 'cali*'], ipv4NormalRoutePriority: 1024, ipv6NormalRoutePriority: 1024, listenPort: 1179,
  localWorkloadPeeringIPV4: '169.254.0.1', localWorkloadPeeringIPV6: 'fd00::1', logSeverityScreen: 'Info',
  nodeMeshMaxRestartTime: '120s', nodeToNodeMeshEnabled: true,
  prefixAdvertisements: [{ cidr: '10.0.0.0/24', communities: ['rack', '65000:200'] }, { cidr: '192.0.2.0/24', communities: ['large'] }],
  programClusterRoutes: 'Enabled', serviceClusterIPs: [{ cidr: '10.96.0.0/12' }], serviceExternalIPs: [{ cidr: 'fd00:1::/112' }],
  serviceLoadBalancerAggregation: 'Disabled', serviceLoadBalancerIPs: [{ cidr: '198.51.100.0/24' }],
};

describe('planMeshPassword', () => {
  const matrix: Array<[string, BgpConfigurationSpec | undefined, ApiFlavor | undefined, SecretPlacement | undefined]> =
    [
      ['no other field', undefined, undefined, undefined],
      ['every field', EVERY_CONFIG_FIELD, undefined, undefined],
      ['every field on the v1 API', EVERY_CONFIG_FIELD, V1, undefined],
      [
        'an existing Secret',
        { nodeToNodeMeshEnabled: true },
        undefined,
        { mode: 'existing', name: 'mesh', key: 'md5' },
      ],
      ['a shared Secret', { asNumber: 64512 }, V1, { mode: 'shared', name: 'fabric-password', key: 'mesh' }],
    ];

  it.each(matrix.flatMap(([t, spec, flavor, secret]) => INSTALLS.map(([installTitle, install, ns, sa]) => [`${t}, ${installTitle}`, spec, flavor, secret, install, ns, sa] as const)))(
    'GIVEN %s WHEN planned THEN every object validates and the references hold', (_title, spec, apiFlavor, secret, install, namespace, sa) => {
      // GIVEN / WHEN
      const plan = planMeshPassword({ spec, apiFlavor, secret, install });
      const objects = objectsOf(plan);
      // THEN
      for (const o of objects) expect([o.kind, validateObject(o)]).toEqual([o.kind, []]);
      expect(plan.calicoObject.metadata.name).toBe('default');
      expect(plan.secretKeyRef).toEqual({
        name: secret?.name ?? MESH_SECRET_NAME,
        key: secret?.key ?? DEFAULT_PASSWORD_KEY,
      });
      expectRelationships(plan, namespace, sa, 'nodeMeshPassword');
    });

  it('GIVEN an asdot asNumber WHEN planned THEN the configuration carries the integer and every other field unchanged', () => {
    // GIVEN / WHEN
    const plan = planMeshPassword({ spec: EVERY_CONFIG_FIELD });
    // THEN
    const { nodeMeshPassword, ...rest } = plan.calicoObject.spec as Record<string, unknown>;
    expect(nodeMeshPassword).toEqual({ secretKeyRef: { name: MESH_SECRET_NAME, key: 'password' } });
    expect(rest).toEqual({ ...EVERY_CONFIG_FIELD, asNumber: 65546 });
  });
});

describe('buildBgpConfiguration without a mesh password', () => {
  it.each([undefined, V1])('GIVEN a non-default configuration (%s) WHEN built THEN it validates and has no nodeMeshPassword', (apiFlavor) => {
    // GIVEN
    const spec: BgpConfigurationSpec = {
      listenPort: 179, logSeverityScreen: 'warning', bindMode: 'None', communities: [{ name: 'c', value: '1:1' }],
      prefixAdvertisements: [{ cidr: '10.1.0.0/16', communities: ['c'] }],
    };
    // WHEN
    const config = buildBgpConfiguration({ name: 'node.worker-1', spec, apiFlavor });
    // THEN
    expect(validateObject(config)).toEqual([]);
    expect(config.metadata).toEqual({ name: 'node.worker-1', labels: LIBRARY_LABELS });
    expect('nodeMeshPassword' in (config.spec as object)).toBe(false);
  });
});

describe('planSharedSecretAccess', () => {
  it.each(INSTALLS)('GIVEN a shared Secret and the %s install WHEN planned THEN the Role names only it and the binding names calico-node', (_t, install, namespace, sa) => {
    // GIVEN / WHEN
    const access = planSharedSecretAccess({ secretName: 'fabric-password', install });
    // THEN
    expect(validateObject(access.role)).toEqual([]);
    expect(validateObject(access.roleBinding)).toEqual([]);
    expect(access.role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['fabric-password'], verbs: ['get', 'list', 'watch'] }]);
    expect(access.roleBinding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa, namespace }]);
    expect(access.roleBinding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'calico-node-read-fabric-password' });
    expect([access.role.metadata.namespace, access.roleBinding.metadata.namespace]).toEqual([namespace, namespace]);
  });
});

describe('deriveName', () => {
  it('GIVEN short parts WHEN derived THEN they are joined, lower-cased and cleaned', () => {
    expect(deriveName(['BGP', 'Rack_1', '', 'tor.1'])).toBe('bgp-rack-1-tor.1');
    expect(deriveName(['-x-', 'y.'])).toBe('x--y');
  });

  it('GIVEN two long names that share their first 300 characters WHEN derived THEN both are at most 253 characters, valid and distinct', () => {
    // GIVEN
    const common = 'a'.repeat(300);
    // WHEN
    const a = deriveName(['bgp-password', `${common}-one`]);
    const b = deriveName(['bgp-password', `${common}-two`]);
    // THEN
    expect(a.length).toBeLessThanOrEqual(253);
    expect(b.length).toBeLessThanOrEqual(253);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
    expect(deriveName(['bgp-password', `${common}-one`])).toBe(a);
  });

  it('GIVEN a smaller limit WHEN derived THEN the limit holds and a cut ending in separators is trimmed', () => {
    // GIVEN / WHEN
    const name = deriveName(['calico-node-read', 'x'.repeat(40), '----', 'y'.repeat(40)], 63);
    // THEN
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9][-a-z0-9.]*-[0-9a-f]{10}$/);
  });

  it('GIVEN a long peer name WHEN planned THEN the Secret, Role and RoleBinding names stay valid', () => {
    // GIVEN
    const long = `rack-${'x'.repeat(240)}`;
    // WHEN
    const plan = planSecuredBgpPeer({ name: long, spec: { peerIP: '10.0.0.1', asNumber: 64512 } });
    // THEN
    for (const o of objectsOf(plan)) expect([o.kind, validateObject(o)]).toEqual([o.kind, []]);
    expect(plan.secretKeyRef.name.length).toBeLessThanOrEqual(253);
  });
});

describe('findNameCollisions', () => {
  it('GIVEN two units that share a Secret name WHEN checked THEN each duplicated object is reported once', () => {
    // GIVEN
    const a = planSecuredBgpPeer({ name: 'tor-a', spec: { peerIP: '10.0.0.1', asNumber: 64512 }, secret: { mode: 'own', name: 'same' } });
    const b = planSecuredBgpPeer({ name: 'tor-b', spec: { peerIP: '10.0.0.2', asNumber: 64512 }, secret: { mode: 'own', name: 'same' } });
    // WHEN
    const found = findNameCollisions([...objectsOf(a), ...objectsOf(b)]);
    // THEN
    expect(found).toEqual([
      { kind: 'Secret', namespace: 'calico-system', name: 'same' },
      { kind: 'Role', namespace: 'calico-system', name: 'calico-node-read-same' },
      { kind: 'RoleBinding', namespace: 'calico-system', name: 'calico-node-read-same' },
    ]);
  });

  it('GIVEN the same name in other namespaces or kinds WHEN checked THEN nothing is reported', () => {
    // GIVEN
    const s1 = buildPasswordSecret({ name: 'x', install: resolveInstall('operator'), stringData: {} });
    const s2 = buildPasswordSecret({ name: 'x', install: resolveInstall('manifest'), stringData: {} });
    const config = buildBgpConfiguration({ name: 'x', spec: {} });
    // WHEN / THEN
    expect(findNameCollisions([s1, s2, config])).toEqual([]);
    expect(findNameCollisions([config, config])).toEqual([{ kind: 'BGPConfiguration', namespace: undefined, name: 'x' }]);
  });
});

describe('the validator catches what the builders avoid (controls)', () => {
  const plan = planSecuredBgpPeer({ name: 'rack1-tor1', spec: { peerIP: '10.0.0.1', asNumber: 64512 } });

  it('GIVEN a BGPPeer given a namespace and both node and nodeSelector WHEN validated THEN it is refused', () => {
    // GIVEN
    const peer = {
      ...plan.calicoObject, metadata: { ...plan.calicoObject.metadata, namespace: 'calico-system' },
      spec: { ...(plan.calicoObject.spec as object), node: 'a', nodeSelector: 'all()' },
    };
    // WHEN / THEN
    expect(validateObject(peer).length).toBeGreaterThanOrEqual(2);
  });

  it('GIVEN a Role whose resourceNames is misspelt WHEN validated THEN the unknown field is refused', () => {
    // GIVEN: the API server would drop the field and grant every Secret in the namespace
    const role = { ...plan.role!, rules: [{ apiGroups: [''], resources: ['secrets'], resourceName: ['x'], verbs: ['get'] }] };
    // WHEN / THEN
    expect(validateObject(role)).not.toEqual([]);
  });

  it('GIVEN a Secret with a bad data key WHEN validated THEN it is refused', () => {
    // GIVEN
    const secret = buildPasswordSecret({ name: 'x', install: plan.install, stringData: { 'bad key': 'v' } });
    // WHEN / THEN
    expect(validateObject(secret)).not.toEqual([]);
  });
});
