import { describe, it, expect } from 'vitest';
import { BgpPassword, BgpPasswordSecret, MeshPassword, SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';
import { PASSWORD_SECRET_LABEL, PasswordPolicy, passwordGeneratorPolicy, passwordGeneratorPolicyForRouter } from 'calico-bgp-auth';
import { LIBRARY_LABELS } from '../support/core';
import { auditObjects } from '../../lib/audit';
import { Obj, appAndChart, expectSecured, expectValid, ofKind, passwordRef, synth, synthError } from '../cdk8s/support';

const peer = { peerIP: '192.0.2.1', asNumber: 64601 };

/** No object carries a value: no Secret is emitted and nothing has data or stringData. */
function expectNoPasswordValues(objects: Obj[]) {
  expect(ofKind(objects, 'Secret')).toEqual([]);
  for (const o of objects) {
    expect(o).not.toHaveProperty('data');
    expect(o).not.toHaveProperty('stringData');
  }
}

function only(objects: Obj[], kind: string): Obj {
  const found = ofKind(objects, kind);
  expect(found, kind).toHaveLength(1);
  return found[0];
}

describe('cdk8s BgpPassword.fromExternalSecretsGenerator', () => {
  it('SecuredBgpPeer: Password generator and ExternalSecret instead of a Secret, targeting the peer\'s Secret and key', () => {
    // GIVEN a peer whose password external-secrets generates in the cluster
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor-1', { ...peer, name: 'tor-1', password: BgpPassword.fromExternalSecretsGenerator({ policy: passwordGeneratorPolicyForRouter('frr') }) });
    // WHEN synthesized
    const objects = synth(chart);
    // THEN the objects are the generator, the ExternalSecret and the RBAC, then the peer last
    expect(objects.map((o) => o.kind).sort()).toEqual(['BGPPeer', 'ExternalSecret', 'Password', 'Role', 'RoleBinding']);
    expect(objects.at(-1)!.kind).toBe('BGPPeer');
    expect(objects.findIndex((o) => o.kind === 'Password')).toBeLessThan(objects.findIndex((o) => o.kind === 'ExternalSecret'));
    const es = only(objects, 'ExternalSecret');
    const generator = only(objects, 'Password');
    const ref = passwordRef(only(objects, 'BGPPeer'));
    // AND the ExternalSecret writes exactly the Secret and key the peer reads, in calico-system
    expect(ref).toEqual({ name: 'bgp-password-tor-1', key: 'password' });
    expect(es.spec.target.name).toBe(ref.name);
    expect(es.spec.target.template.data).toEqual({ [ref.key]: '{{ .password }}' });
    expect(es.spec.target.template.metadata.labels).toEqual({ ...LIBRARY_LABELS, [PASSWORD_SECRET_LABEL]: 'true' });
    expect(es.spec.dataFrom[0].sourceRef.generatorRef).toEqual({ apiVersion: generator.apiVersion, kind: 'Password', name: generator.metadata.name });
    expect([es.metadata.namespace, generator.metadata.namespace]).toEqual(['calico-system', 'calico-system']);
    // AND the generator follows the FRR profile (no space, no '?' in its symbols)
    expect(generator.spec).toMatchObject({ length: 32, digits: 8, symbols: 8, symbolCharacters: '-_.+=@%,:', allowRepeat: true, encoding: 'raw' });
    expectSecured(objects, { secretEmitted: false });
    expectValid(objects);
    expectNoPasswordValues(objects);
  });

  it('rotation 1 switches the peer, its RBAC and the ExternalSecret to <secretName>-r1, honouring secretName', () => {
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor-1', { ...peer, secretName: 'tor-1-md5', secretKey: 'md5', password: BgpPassword.fromExternalSecretsGenerator({ rotation: 1 }) });
    const objects = synth(chart);
    expect(passwordRef(only(objects, 'BGPPeer'))).toEqual({ name: 'tor-1-md5-r1', key: 'md5' });
    expect(only(objects, 'ExternalSecret').spec.target.name).toBe('tor-1-md5-r1');
    expect(only(objects, 'Role').rules[0].resourceNames).toEqual(['tor-1-md5-r1']);
    expectSecured(objects, { secretEmitted: false });
    expectValid(objects);
  });

  it('prepareRotation stages the next Secret and its RBAC; the peer keeps the current one', () => {
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor-1', { ...peer, name: 'tor-1', password: BgpPassword.fromExternalSecretsGenerator({ rotation: 1, prepareRotation: 2 }) });
    const objects = synth(chart);
    expect(passwordRef(only(objects, 'BGPPeer')).name).toBe('bgp-password-tor-1-r1');
    expect(ofKind(objects, 'ExternalSecret').map((e) => e.spec.target.name).sort()).toEqual(['bgp-password-tor-1-r1', 'bgp-password-tor-1-r2']);
    expect(ofKind(objects, 'Role').map((r) => r.rules[0].resourceNames[0]).sort()).toEqual(['bgp-password-tor-1-r1', 'bgp-password-tor-1-r2']);
    expectValid(objects);
    expectNoPasswordValues(objects);
  });

  it('MeshPassword: the mesh Secret from the generator in the manifest install\'s kube-system', () => {
    const { chart } = appAndChart();
    new MeshPassword(chart, 'mesh', { install: 'manifest', password: BgpPassword.fromExternalSecretsGenerator() });
    const objects = synth(chart);
    const es = only(objects, 'ExternalSecret');
    expect(passwordRef(only(objects, 'BGPConfiguration'))).toEqual({ name: 'bgp-mesh-password', key: 'password' });
    expect(es.spec.target.name).toBe('bgp-mesh-password');
    expect(es.metadata.namespace).toBe('kube-system');
    expectSecured(objects, { secretEmitted: false, namespace: 'kube-system' });
    expectValid(objects);
    expectNoPasswordValues(objects);
  });

  it('BgpPasswordSecret: one generated Secret shared by several peers, one ExternalSecret', () => {
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'rack-a', { name: 'rack-a', password: BgpPassword.fromExternalSecretsGenerator({ rotation: 2 }) });
    new SecuredBgpPeer(chart, 'tor-1', { ...peer, sharedSecret: shared });
    new SecuredBgpPeer(chart, 'tor-2', { ...peer, peerIP: '192.0.2.2', sharedSecret: shared });
    const objects = synth(chart);
    expect(ofKind(objects, 'BGPPeer').map((p) => passwordRef(p).name)).toEqual(['rack-a-r2', 'rack-a-r2']);
    expect(only(objects, 'ExternalSecret').spec.target.name).toBe('rack-a-r2');
    expectSecured(objects, { secretEmitted: false });
    expectValid(objects);
    expectNoPasswordValues(objects);
  });

  it('refuses a policy the generator cannot express when the app is validated, naming the prop', () => {
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor-1', { ...peer, password: BgpPassword.fromExternalSecretsGenerator({ policy: PasswordPolicy.forRouter('cisco-ios') }) });
    const error = synthError(chart);
    expect(error).toContain('[test/tor-1] \'firstCharacter\' (not-digit) cannot be met by the external-secrets Password generator: it inserts digits and symbols at random positions, so the first character may be a digit.');
    expect(error).toContain('[test/tor-1] \'minUppercase\' (1) cannot be guaranteed by the external-secrets Password generator');
  });

  it('refuses keyPerPeer (one ExternalSecret per Secret) and a bad rotation', () => {
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'rack', { keyPerPeer: true, password: BgpPassword.fromExternalSecretsGenerator() });
    new SecuredBgpPeer(chart, 'tor-1', { ...peer, sharedSecret: shared });
    new SecuredBgpPeer(chart, 'tor-2', { ...peer, password: BgpPassword.fromExternalSecretsGenerator({ rotation: -1, policy: passwordGeneratorPolicy() }) });
    const error = synthError(chart);
    expect(error).toContain('\'keyPerPeer\' needs a generated password');
    expect(error).toContain('[test/tor-2] \'rotation\' (-1) must be a non-negative integer; bump it by one to rotate the password.');
  });
});

describe('cdk8s external-secrets sources and the audit', () => {
  it('an app mixing generated, staged and stored passwords audits clean (the audit reads ExternalSecret targets)', () => {
    // GIVEN a generated peer with a staged rotation, a stored peer and a generated mesh password
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor-1', { ...peer, name: 'tor-1', password: BgpPassword.fromExternalSecretsGenerator({ rotation: 1, prepareRotation: 2 }) });
    new SecuredBgpPeer(chart, 'tor-2', { ...peer, name: 'tor-2', peerIP: '192.0.2.2', password: BgpPassword.fromExternalSecret({ store: { name: 'vault' }, remoteRef: { key: 'bgp/tor-2' } }) });
    new MeshPassword(chart, 'mesh', { password: BgpPassword.fromExternalSecretsGenerator() });
    // WHEN the synthesized objects are audited
    const report = auditObjects(synth(chart));
    // THEN no finding: every referenced Secret is written by an ExternalSecret, readable by calico-node
    expect(report.findings).toEqual([]);
    expect(report.objectCount).toBe(18);
  });

  it('the audit does flag a peer whose ExternalSecret is missing (the check above can fail)', () => {
    const { chart } = appAndChart();
    new SecuredBgpPeer(chart, 'tor-1', { ...peer, name: 'tor-1', password: BgpPassword.fromExternalSecretsGenerator() });
    const objects = synth(chart).filter((o) => o.kind !== 'ExternalSecret');
    expect(auditObjects(objects).findings.length).toBeGreaterThan(0);
  });
});

describe('cdk8s BgpPassword.fromExternalSecret', () => {
  it('SecuredBgpPeer: an ExternalSecret copying the store value into the peer\'s Secret and key', () => {
    // GIVEN a peer whose password lives in Vault behind a ClusterSecretStore
    const { chart } = appAndChart('apps');
    new SecuredBgpPeer(chart, 'tor-1', {
      ...peer, name: 'tor-1', secretKey: 'md5',
      password: BgpPassword.fromExternalSecret({ store: { name: 'vault', kind: 'ClusterSecretStore' }, remoteRef: { key: 'bgp/tor-1', property: 'password' } }),
    });
    const objects = synth(chart);
    // THEN no Secret; the ExternalSecret lands in calico-system (not the chart's namespace)
    expect(objects.map((o) => o.kind).sort()).toEqual(['BGPPeer', 'ExternalSecret', 'Role', 'RoleBinding']);
    expect(objects.at(-1)!.kind).toBe('BGPPeer');
    const es = only(objects, 'ExternalSecret');
    const ref = passwordRef(only(objects, 'BGPPeer'));
    expect(ref).toEqual({ name: 'bgp-password-tor-1', key: 'md5' });
    expect(es.metadata.namespace).toBe('calico-system');
    expect(es.spec.target.name).toBe(ref.name);
    expect(es.spec.data).toEqual([{ secretKey: 'md5', remoteRef: { key: 'bgp/tor-1', property: 'password' } }]);
    expect(es.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expectSecured(objects, { secretEmitted: false });
    expectValid(objects);
    expectNoPasswordValues(objects);
  });

  it('refuses a missing remote key when the app is validated', () => {
    const { chart } = appAndChart();
    new MeshPassword(chart, 'mesh', { password: BgpPassword.fromExternalSecret({ store: { name: 'vault' }, remoteRef: { key: '' } }) });
    expect(synthError(chart)).toContain('[test/mesh] \'remoteRef.key\' must name the value in the store (e.g. a Vault path or a cloud secret\'s name).');
  });
});
