import { describe, it, expect } from 'vitest';
import {
  DEFAULT_PASSWORD_KEY,
  KubeObject,
  LIBRARY_LABELS,
  PASSWORD_SECRET_LABEL,
  PasswordPolicy,
  ROTATION_ANNOTATION,
  ValidationError,
  buildSecuredBgpPeerPlan,
  passwordGeneratorPolicy,
  peerSecretName,
  planGeneratedPassword,
  planStoredPassword,
  rotatedSecretName,
} from '../support/core';
import { validateObject } from '../support/crd-validator';

const spec = { peerIP: '192.0.2.1', asNumber: 64512 };

/** Asserts the objects are schema-valid and none carries a value (no Secret, no data/stringData). */
function expectValidWithoutValues(objects: readonly KubeObject[]) {
  for (const o of objects) {
    expect({ kind: o.kind, name: o.metadata.name, errors: validateObject(o) }).toEqual({
      kind: o.kind,
      name: o.metadata.name,
      errors: [],
    });
    expect(o.kind).not.toBe('Secret');
    expect(o).not.toHaveProperty('data');
    expect(o).not.toHaveProperty('stringData');
  }
}

function find(objects: readonly KubeObject[], kind: string): any {
  const found = objects.filter((o) => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('planGeneratedPassword: a Password generator and a generate-once ExternalSecret', () => {
  it('materialises exactly the Secret and key the peer references, in the install namespace', () => {
    // GIVEN a peer whose Secret comes from the generator
    const secretName = peerSecretName('tor-a');
    const plan = planGeneratedPassword({ secretName, key: 'md5', install: 'manifest' });
    const peer = buildSecuredBgpPeerPlan({ name: 'tor-a', spec, install: 'manifest', secret: { mode: 'existing', ...plan.secretKeyRef } });
    // WHEN the objects are inspected
    const generator = find(plan.objects, 'Password');
    const es = find(plan.objects, 'ExternalSecret');
    const ref = (peer.calicoObject.spec as any).password.secretKeyRef;
    // THEN the ExternalSecret targets the peer's name and key, next to calico-node
    expect(ref).toEqual({ name: 'bgp-password-tor-a', key: 'md5' });
    expect(es.spec.target.name).toBe(ref.name);
    expect(Object.keys(es.spec.target.template.data)).toEqual([ref.key]);
    expect(es.spec.target.template.data.md5).toBe('{{ .password }}');
    expect(es.metadata.namespace).toBe('kube-system');
    expect(generator.metadata.namespace).toBe('kube-system');
    expect(peer.role!.metadata.namespace).toBe('kube-system');
    expect((peer.role as any).rules[0].resourceNames).toEqual([ref.name]);
    // AND its generatorRef names the Password generator
    expect(es.spec.dataFrom).toEqual([{ sourceRef: { generatorRef: { apiVersion: generator.apiVersion, kind: 'Password', name: generator.metadata.name } } }]);
    // AND the Secret it writes carries the library and password labels
    expect(es.spec.target.template.metadata.labels).toEqual({ ...LIBRARY_LABELS, [PASSWORD_SECRET_LABEL]: 'true' });
    expect(generator.metadata.labels).toEqual(LIBRARY_LABELS);
    expectValidWithoutValues([...plan.objects, peer.role!, peer.roleBinding!]);
    expect(validateObject(peer.calicoObject)).toEqual([]);
  });

  it('generates once and never on its own: CreatedOnce, no periodic refresh, immutable, orphaned', () => {
    const es = find(planGeneratedPassword({ secretName: 'bgp-password-x' }).objects, 'ExternalSecret');
    expect(es.spec.refreshPolicy).toBe('CreatedOnce');
    expect(es.spec.refreshInterval).toBe('0s');
    expect(es.spec.target).toMatchObject({ creationPolicy: 'Orphan', deletionPolicy: 'Retain', immutable: true });
    expect(es.apiVersion).toBe('external-secrets.io/v1');
  });

  it('writes the generator spec derived from the policy, in calico-system by default', () => {
    const policy = passwordGeneratorPolicy({ length: 40 });
    const plan = planGeneratedPassword({ secretName: 'bgp-password-x', policy });
    const generator = find(plan.objects, 'Password');
    expect(generator.spec).toEqual({ length: 40, digits: 10, symbols: 10, symbolCharacters: '-_.+=@%,:', noUpper: false, allowRepeat: true, encoding: 'raw' });
    expect(generator.metadata.namespace).toBe('calico-system');
    expect(plan.secretKeyRef).toEqual({ name: 'bgp-password-x', key: DEFAULT_PASSWORD_KEY });
  });

  it('rotation N names a new Secret <name>-r<N>; rotation 0 keeps the plain name', () => {
    // GIVEN rotations 0, 1 and 2 of the same password
    const names = [0, 1, 2].map((rotation) => planGeneratedPassword({ secretName: 'bgp-password-tor-a', rotation }));
    // THEN each is a distinct Secret, generator and ExternalSecret, recorded in an annotation
    expect(names.map((p) => p.secretKeyRef.name)).toEqual(['bgp-password-tor-a', 'bgp-password-tor-a-r1', 'bgp-password-tor-a-r2']);
    for (const [i, p] of names.entries()) {
      const es = find(p.objects, 'ExternalSecret');
      expect(es.metadata.name).toBe(p.secretKeyRef.name);
      expect(es.spec.dataFrom[0].sourceRef.generatorRef.name).toBe(find(p.objects, 'Password').metadata.name);
      expect(es.metadata.annotations[ROTATION_ANNOTATION]).toBe(String(i));
      expectValidWithoutValues(p.objects);
    }
    // AND a long name stays a valid, distinct DNS subdomain
    const long = 'p'.repeat(253);
    expect(rotatedSecretName(long, 3)).toHaveLength(253);
    expect(rotatedSecretName(long, 3)).not.toBe(rotatedSecretName(long, 4));
  });

  it('prepareRotation stages the next Secret with its RBAC while the peer keeps the current one', () => {
    // GIVEN rotation 1 in use and rotation 2 being prepared
    const plan = planGeneratedPassword({ secretName: 'bgp-password-tor-a', rotation: 1, prepareRotation: 2, install: 'operator' });
    // THEN the current Secret is r1 and the staged unit is r2 with a Role reading exactly r2
    expect(plan.secretKeyRef.name).toBe('bgp-password-tor-a-r1');
    expect(plan.prepared!.secretKeyRef.name).toBe('bgp-password-tor-a-r2');
    const role = find(plan.prepared!.objects, 'Role');
    expect(role.rules[0].resourceNames).toEqual(['bgp-password-tor-a-r2']);
    expect(find(plan.prepared!.objects, 'ExternalSecret').spec.target.name).toBe('bgp-password-tor-a-r2');
    // AND after the switch (rotation 2, nothing prepared) the peer's Role is the same object, so nothing races
    const after = planGeneratedPassword({ secretName: 'bgp-password-tor-a', rotation: 2 });
    const peer = buildSecuredBgpPeerPlan({ name: 'tor-a', spec, secret: { mode: 'existing', ...after.secretKeyRef } });
    expect(peer.role).toEqual(role);
    expect(peer.roleBinding).toEqual(find(plan.prepared!.objects, 'RoleBinding'));
    expectValidWithoutValues([...plan.objects, ...plan.prepared!.objects]);
  });

  it('refuses bad rotations and policies before emitting anything, with every problem', () => {
    const attempt = () => planGeneratedPassword({ secretName: 'Bad_Name', rotation: 1.5, policy: PasswordPolicy.forRouter('cisco-ios') });
    expect(attempt).toThrow(ValidationError);
    try { attempt(); } catch (e) {
      expect((e as ValidationError).problems.map((p) => [p.field, p.rule])).toEqual([
        ['secretName', 'k8s.name'],
        ['rotation', 'rotation.integer'],
        ['firstCharacter', 'generator.first-character'],
        ['minLowercase', 'generator.letter-minimum'],
        ['minUppercase', 'generator.letter-minimum'],
      ]);
      expect((e as Error).message.split('\n')[1]).toBe('Generated password \'Bad_Name\': \'rotation\' (1.5) must be a non-negative integer; bump it by one to rotate the password.');
    }
    expect(() => planGeneratedPassword({ secretName: 'x', rotation: 2, prepareRotation: 2 })).toThrow(
      'Generated password \'x\': \'prepareRotation\' (2) must be greater than \'rotation\' (2): it stages the next password before the peer switches to it.');
  });
});

describe('planStoredPassword: an ExternalSecret pulling the password from the user\'s store', () => {
  it('targets the peer\'s Secret and key from the named store and remote value', () => {
    // GIVEN a password kept in Vault behind a ClusterSecretStore
    const plan = planStoredPassword({
      secretName: 'bgp-password-tor-a', key: 'md5', install: 'operator',
      store: { name: 'vault', kind: 'ClusterSecretStore' }, remoteRef: { key: 'network/bgp/tor-a', property: 'password', version: '3' },
    });
    const es = find(plan.objects, 'ExternalSecret');
    // THEN the ExternalSecret writes data[md5] from that value into bgp-password-tor-a in calico-system
    expect(plan.secretKeyRef).toEqual({ name: 'bgp-password-tor-a', key: 'md5' });
    expect(es.metadata).toMatchObject({ name: 'bgp-password-tor-a', namespace: 'calico-system' });
    expect(es.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expect(es.spec.data).toEqual([{ secretKey: 'md5', remoteRef: { key: 'network/bgp/tor-a', property: 'password', version: '3' } }]);
    expect(es.spec.target).toMatchObject({ name: 'bgp-password-tor-a', creationPolicy: 'Orphan', deletionPolicy: 'Retain' });
    expect(es.spec.target).not.toHaveProperty('immutable');
    expect(es.spec.target.template.metadata.labels[PASSWORD_SECRET_LABEL]).toBe('true');
    expect(es.spec.target.template).not.toHaveProperty('data');
    // AND it re-reads the store only when it changes, unless a refresh interval is asked for
    expect(es.spec.refreshPolicy).toBe('OnChange');
    expect(es.spec).not.toHaveProperty('refreshInterval');
    expectValidWithoutValues(plan.objects);
  });

  it('a rotation bump changes only the annotation (OnChange re-reads the store); refreshInterval makes it Periodic', () => {
    const base = { secretName: 's', store: { name: 'vault' }, remoteRef: { key: 'k' } };
    const r0 = find(planStoredPassword(base).objects, 'ExternalSecret');
    const r1 = find(planStoredPassword({ ...base, rotation: 1 }).objects, 'ExternalSecret');
    expect(r1.spec).toEqual(r0.spec);
    expect([r0.metadata.annotations[ROTATION_ANNOTATION], r1.metadata.annotations[ROTATION_ANNOTATION]]).toEqual(['0', '1']);
    expect(r0.spec.secretStoreRef.kind).toBe('SecretStore');
    const periodic = find(planStoredPassword({ ...base, refreshInterval: '15m' }).objects, 'ExternalSecret');
    expect(periodic.spec).toMatchObject({ refreshPolicy: 'Periodic', refreshInterval: '15m' });
    expectValidWithoutValues([r0, r1, periodic]);
  });

  it('refuses a missing store or remote key, a bad kind and a bad interval, naming each field', () => {
    try {
      planStoredPassword({ secretName: 's', store: { name: 'Vault', kind: 'Vault' as any }, remoteRef: { key: '', version: '' }, refreshInterval: 'hourly' });
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).problems.map((p) => [p.field, p.rule])).toEqual([
        ['refreshInterval', 'calico.duration'],
        ['store.name', 'k8s.name'],
        ['store.kind', 'external-secrets.store-kind'],
        ['remoteRef.key', 'external-secrets.remote-key'],
        ['remoteRef.version', 'external-secrets.remote-ref'],
      ]);
      expect((e as ValidationError).problems[2].message).toBe('\'store.kind\' (Vault) must be \'SecretStore\' or \'ClusterSecretStore\'.');
    }
  });
});
