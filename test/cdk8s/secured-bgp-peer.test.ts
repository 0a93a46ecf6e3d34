import { ApiObject, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { PasswordPolicy } from 'calico-bgp-auth';
import { BgpPassword, SecuredBgpPeer, SecuredBgpPeerProps } from 'calico-bgp-auth/cdk8s';
import { TEST_SEED, appAndChart, expectSecured, expectValid, ofKind, passwords, synth, synthError } from './support';

const PEER = { peerIP: '192.0.2.1', asNumber: 64601 } as const;
const seeded = () => BgpPassword.generate({ seed: TEST_SEED });

describe('SecuredBgpPeer', () => {
  it('emits Secret, Role, RoleBinding and the BGPPeer, wired to each other and ordered', () => {
    // GIVEN a peer with default props
    const { chart } = appAndChart();
    const peer = new SecuredBgpPeer(chart, 'tor', { ...PEER, password: seeded() });

    // WHEN the chart is synthesized
    const objects = synth(chart);

    // THEN four objects, the BGPPeer last, every reference resolvable in calico-system
    expect(objects.map((o) => o.kind)).toEqual(['Secret', 'Role', 'RoleBinding', 'BGPPeer']);
    expectSecured(objects);
    expectValid(objects);
    const bgpPeer = ofKind(objects, 'BGPPeer')[0];
    expect(bgpPeer.metadata.name).toBe(peer.peerName);
    expect(bgpPeer.spec).toMatchObject({ peerIP: '192.0.2.1', asNumber: 64601 });
    expect(bgpPeer.spec.password.secretKeyRef).toEqual({ name: peer.secretName, key: peer.secretKey });
    expect(peer.secretKey).toBe('password');
    expect(ApiObject.of(peer)).toBe(peer.bgpPeer);
  });

  it('derives a DNS-1123 name from the construct path when none is given', () => {
    // GIVEN construct ids that are not valid object names
    const { chart } = appAndChart();
    const peer = new SecuredBgpPeer(chart, 'Rack_A ToR#1', { ...PEER, password: seeded() });

    // THEN the derived names are DNS-1123 subdomains, and the objects validate
    expect(peer.peerName).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(peer.secretName).toBe(`bgp-password-${peer.peerName}`);
    expectValid(synth(chart));
  });

  it('keeps cluster-scoped objects out of the Chart namespace and the rest in the install namespace', () => {
    // GIVEN a Chart with a namespace of its own
    const { chart } = appAndChart('apps');
    new SecuredBgpPeer(chart, 'tor', { ...PEER, password: seeded() });

    // WHEN synthesized
    const objects = synth(chart);

    // THEN the BGPPeer has no namespace and the Secret and RBAC are in calico-system, not 'apps'
    expect(ofKind(objects, 'BGPPeer')[0].metadata).not.toHaveProperty('namespace');
    expectSecured(objects);
    expectValid(objects);
  });

  it.each([
    ['manifest', 'kube-system', 'calico-node'],
    ['operator', 'calico-system', 'calico-node'],
    [{ namespace: 'networking', serviceAccount: 'calico-node-custom' }, 'networking', 'calico-node-custom'],
  ] as const)('install %j puts the Secret and RBAC in %s for %s', (install, namespace, serviceAccount) => {
    // GIVEN a peer for that install
    const { chart } = appAndChart();
    const peer = new SecuredBgpPeer(chart, 'tor', { ...PEER, install, password: seeded() });

    // THEN the objects land in calico-node's namespace and bind its ServiceAccount
    const objects = synth(chart);
    expect(peer.install.namespace).toBe(namespace);
    expectSecured(objects, { namespace, serviceAccount });
    expectValid(objects);
  });

  it('takes the names it is given', () => {
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor', { ...PEER, name: 'tor-1', secretName: 'tor-1-md5', secretKey: 'md5', password: seeded() });
    const objects = synth(chart);
    expect(ofKind(objects, 'BGPPeer')[0].metadata.name).toBe('tor-1');
    expect(ofKind(objects, 'BGPPeer')[0].spec.password.secretKeyRef).toEqual({ name: 'tor-1-md5', key: 'md5' });
    expectSecured(objects);
  });

  it('emits no Secret for an existing Secret, only the RBAC naming it and the peer', () => {
    // GIVEN a password kept in a Secret created out of band
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor', { ...PEER, password: BgpPassword.fromExistingSecret({ name: 'router-md5', key: 'tor' }) });

    // WHEN synthesized
    const objects = synth(chart);

    // THEN Role, RoleBinding and BGPPeer only, referencing the existing Secret
    expect(objects.map((o) => o.kind)).toEqual(['Role', 'RoleBinding', 'BGPPeer']);
    expect(ofKind(objects, 'BGPPeer')[0].spec.password.secretKeyRef).toEqual({ name: 'router-md5', key: 'tor' });
    expectSecured(objects, { secretEmitted: false });
    expectValid(objects);
  });

  it('writes a value chosen by hand, once it passes the floor', () => {
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor', { ...PEER, password: BgpPassword.fromValue('correct-horse-battery-staple') });
    expect(passwords(synth(chart))).toEqual(['correct-horse-battery-staple']);
  });

  it.each([
    ['a value over 80 bytes', 'x'.repeat(81), /'password' is 81 bytes long; TCP-MD5 keys are limited to 80 bytes/],
    ['a double quote', 'ab"; passive on; password "c', /'password' must not contain a double quote/],
    ['a trailing newline', 'hunter2-but-longer\n', /'password' must not contain a newline/],
    ['an empty value', '', /'password' must not be empty/],
  ])('refuses %s, naming the construct, the field and the rule, never the value', (_what, value, message) => {
    // GIVEN a peer with a bad hand-chosen password
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor', { ...PEER, password: BgpPassword.fromValue(value) });

    // WHEN synthesized
    const error = synthError(chart);

    // THEN validation fails with the construct path and the core's message, without the value
    expect(error).toMatch(/\[test\/tor\] /);
    expect(error).toMatch(message);
    if (value.trim().length > 0) expect(error).not.toContain(value.trim());
  });

  it('checks a hand-chosen value against the policy given', () => {
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor', { ...PEER, password: BgpPassword.fromValue('1abcdefgh', { policy: PasswordPolicy.forRouter('cisco-ios') }) });
    const error = synthError(chart);
    expect(error).toMatch(/\[test\/tor\] 'password' must start with a character that is not a digit under the 'cisco-ios' policy/);
    expect(error).not.toContain('1abcdefgh');
  });

  it('reports every spec problem with the core messages, prefixed by the construct path', () => {
    // GIVEN a spec breaking two CEL rules and a client-side rule
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'bad', { peerIP: '10.0.0.300', asNumber: 64601, node: 'n1', nodeSelector: 'all()', password: seeded() });

    // WHEN synthesized
    const error = synthError(chart);

    // THEN both problems show, each naming the field
    expect(error).toContain('[test/bad] Only one of \'spec.node\' and \'spec.nodeSelector\' may be set.');
    expect(error).toContain('[test/bad] \'spec.peerIP\' (10.0.0.300) must be an IP address');
  });

  it('refuses a field newer than the targeted Calico release', () => {
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'p', { ...PEER, keepaliveTime: '30s', calicoVersion: '3.31', password: seeded() });
    expect(synthError(chart)).toContain('\'spec.keepaliveTime\' needs Calico 3.32 or later');
  });

  it('refuses names that are not DNS-1123', () => {
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'p', { ...PEER, name: 'Tor_1', secretKey: 'a b', password: seeded() });
    const error = synthError(chart);
    expect(error).toContain('\'name\' (Tor_1) must be a DNS-1123 subdomain');
    expect(error).toContain('\'secret.key\' (a b) must be a Secret data key');
  });

  it('refuses names for an existing Secret, which names itself', () => {
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'p', { ...PEER, secretName: 'mine', password: BgpPassword.fromExistingSecret({ name: 'theirs' }) });
    expect(synthError(chart)).toContain('leave \'secretName\' and \'secretKey\' unset');
  });

  it('refuses two peers that would write the same objects', () => {
    // GIVEN two peers given the same name in different charts
    const app = Testing.app();
    new SecuredBgpPeer(new Chart(app, 'a'), 'tor', { ...PEER, name: 'tor-1', password: seeded() });
    new SecuredBgpPeer(new Chart(app, 'b'), 'tor', { ...PEER, name: 'tor-1', password: seeded() });

    // WHEN synthesized THEN the collision is reported, naming the objects and both constructs
    expect(() => app.synthYaml()).toThrow(/BGPPeer 'tor-1' is emitted more than once \(by a\/tor\/Resource, b\/tor\/Resource\)/);
    expect(() => app.synthYaml()).toThrow(/Secret 'calico-system\/bgp-password-tor-1'/);
  });

  it('refuses two peers granting the same existing Secret separately, pointing to BgpPasswordSecret', () => {
    // GIVEN two peers each referencing the same existing Secret (each would emit the same Role)
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor-1', { ...PEER, password: BgpPassword.fromExistingSecret({ name: 'rack-md5' }) });
    new SecuredBgpPeer(chart, 'tor-2', { peerIP: '192.0.2.2', asNumber: 64601, password: BgpPassword.fromExistingSecret({ name: 'rack-md5' }) });

    // THEN the duplicate Role is reported with the way out
    const error = synthError(chart);
    expect(error).toContain('Role \'calico-system/calico-node-read-rack-md5\' is emitted more than once (by test/tor-1/Role, test/tor-2/Role)');
    expect(error).toContain('share one Secret through a BgpPasswordSecret');
  });

  it('never serializes a Secret without its password, even when validation is skipped', () => {
    // GIVEN a password that cannot be produced (a bad seed)
    const { chart } = appAndChart();
    const peer = new SecuredBgpPeer(chart, 'tor', { ...PEER, password: BgpPassword.generate({ seed: 'abcd' }) });

    // WHEN the Secret object is serialized without validating the app THEN it refuses instead of writing an empty value
    expect(() => peer.secret!.toJson()).toThrow(/The password of test\/tor could not be produced; validate the app/);
  });

  it('refuses an invalid custom install', () => {
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'p', { ...PEER, install: { namespace: 'Calico_System' }, password: seeded() });
    expect(synthError(chart)).toContain('\'install.namespace\' (Calico_System) must be a DNS-1123 label');
  });

  it('writes the internal storage API when asked, still valid against its CRD', () => {
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'p', { ...PEER, apiFlavor: 'crd.projectcalico.org/v1', password: seeded() });
    const objects = synth(chart);
    expect(ofKind(objects, 'BGPPeer')[0].apiVersion).toBe('crd.projectcalico.org/v1');
    expectValid(objects);
  });

  // A matrix of props, every object validated against the vendored CRDs (schema + CEL) and kubernetes-models.
  const matrix: Array<[string, Partial<SecuredBgpPeerProps>, ('v3.32.1' | 'v3.28.5')?]> = [
    ['peerIP with port', { peerIP: '192.0.2.1:1179', asNumber: 64601 }],
    ['IPv6 with reachableBy', { peerIP: 'fd00::1', asNumber: '1.10', reachableBy: 'fd00::fe' }],
    ['peerSelector (no asNumber)', { peerSelector: 'route-reflector == \'true\'', nodeSelector: '!has(route-reflector)' }],
    ['single node, every tuning field', {
      node: 'node-1', peerIP: '192.0.2.7', asNumber: 64601, localASNumber: 64512, nextHopMode: 'Self', sourceAddress: 'None',
      maxRestartTime: '2m', keepaliveTime: '30s', numAllowedLocalASNumbers: 1, ttlSecurity: 1, filters: ['only-default'],
    }],
    ['local workload peering', { localWorkloadSelector: 'app == \'bgp-speaker\'', asNumber: 65010 }],
    ['reverse peering', { peerSelector: 'has(edge)', reversePeering: 'Manual' }],
    ['keepOriginalNextHop on 3.28', { peerIP: '192.0.2.9', asNumber: 64601, keepOriginalNextHop: true }, 'v3.28.5'],
  ];
  it.each(matrix)('emits valid objects for %s', (_name, spec, crds) => {
    const { chart } = appAndChart('apps');
    new SecuredBgpPeer(chart, 'p', { ...spec, password: seeded(), calicoVersion: crds === 'v3.28.5' ? '3.28' : undefined });
    const objects = synth(chart);
    expectSecured(objects);
    expectValid(objects, crds);
  });
});
