/**
 * Inputs the audit used to pass silently or refuse wrongly: each is read the way kubectl and the API
 * server read it (issue 16, "Audit correctness").
 */
import { describe, expect, it } from 'vitest';
import { Finding, auditManifests, auditObjects, parseManifests } from '../../lib/audit';

const NS = 'calico-system';
const PASSWORD = 'Zq8-vL2.mN4+pR7=';

const secret = (fields: Record<string, unknown> = { stringData: { password: PASSWORD } }, name = 'bgp-secrets') => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS }, type: 'Opaque', ...fields,
});
const peer = (metadata: Record<string, unknown> = { name: 'rack1-tor' }, secretName = 'bgp-secrets') => ({
  apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata,
  spec: { peerIP: '192.0.2.1', asNumber: 64512, password: { secretKeyRef: { name: secretName, key: 'password' } } },
});
const role = (names = ['bgp-secrets']) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: NS },
  rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: names, verbs: ['get', 'list', 'watch'] }],
});
const binding = {
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'reader', namespace: NS },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'calico-node', namespace: NS }],
};
const access = [role(), binding];

const rules = (findings: readonly Finding[]) => findings.map((f) => `${f.severity} ${f.rule} ${f.kind}/${f.name}`).sort();

describe('values the API server stores otherwise than written', () => {
  it.each([
    ['stringData.password: null', { stringData: { password: null } }, 'stringData'],
    ['data.password: null', { data: { password: null } }, 'data'],
    ['stringData null over a good data value', { data: { password: Buffer.from(PASSWORD).toString('base64') }, stringData: { password: null } }, 'stringData'],
  ])('reports %s as an empty password (the API server stores it empty; calico-node then peers without one)', (_what, fields, where) => {
    const findings = auditObjects([secret(fields), peer(), ...access]).findings;
    expect(rules(findings)).toEqual(['error password.empty Secret/bgp-secrets']);
    expect(findings[0].message).toContain(`Key 'password' in ${where} is null`);
  });

  it.each([
    ['a number in stringData', { stringData: { password: 987654321987 } }, 'is a number, not a string'],
    ['a mapping in data', { data: { password: { value: 'x' } } }, 'is a mapping, not a base64 string'],
    ['a boolean in another key of the same Secret', { stringData: { password: PASSWORD, enabled: true } }, 'is a boolean, not a string'],
    ['a Buffer (a parser\'s !!binary) in stringData', { stringData: { password: Buffer.from(PASSWORD) } },
      'is binary data, not a string'],
  ])('reports %s: the API server refuses the whole Secret', (_what, fields, detail) => {
    const findings = auditObjects([secret(fields), peer(), ...access]).findings;
    expect(rules(findings)).toEqual(['error secret.invalid-value Secret/bgp-secrets']);
    expect(findings[0].message).toContain(detail);
    expect(JSON.stringify(findings)).not.toContain('987654321987');
  });

  it('reads a !!binary value from YAML as kubectl sends it, and checks the password it holds', () => {
    // GIVEN a Secret whose password is written as !!binary: "bad"value\n" (a quote and a trailing newline)
    const yaml = `apiVersion: v1\nkind: Secret\nmetadata: {name: bgp-secrets, namespace: ${NS}}\nstringData:\n  password: !!binary ${Buffer.from('bad"value\n').toString('base64')}\n`;
    const findings = auditManifests(parseManifests(yaml, 's.yaml').concat([{ object: peer() }, { object: role() }, { object: binding }])).findings;
    // THEN the floor rules see the decoded bytes (before: a Buffer, skipped: "No findings")
    expect(rules(findings)).toEqual([
      'error password.double-quote Secret/bgp-secrets', 'error password.newline Secret/bgp-secrets', 'error password.surrounding-whitespace Secret/bgp-secrets',
    ]);
  });

  it('reads password: on as kubectl does, a boolean the API server refuses (YAML 1.2 read it as a two-character password)', () => {
    const yaml = `apiVersion: v1\nkind: Secret\nmetadata: {name: bgp-secrets, namespace: ${NS}}\nstringData:\n  password: on\n`;
    const findings = auditManifests([...parseManifests(yaml, 's.yaml'), { object: peer() }, { object: role() }, { object: binding }]).findings;
    expect(rules(findings)).toEqual(['error secret.invalid-value Secret/bgp-secrets']);
    expect(findings[0].message).toContain('is a boolean, not a string');
  });

  it('accepts base64 wrapped over several lines in data (Go\'s decoder ignores CR and LF) and checks the decoded password', () => {
    const wrapped = (text: string) => Buffer.from(text).toString('base64').replace(/(.{8})/g, '$1\n');
    expect(wrapped(PASSWORD)).toContain('\n');
    expect(auditObjects([secret({ data: { password: wrapped(PASSWORD) } }), peer(), ...access]).findings).toEqual([]);
    expect(auditObjects([secret({ data: { password: wrapped(PASSWORD).replace(/\n/g, '\r\n') } }), peer(), ...access]).findings).toEqual([]);
    // The decoded value is still checked, and other characters than line breaks are still refused.
    expect(rules(auditObjects([secret({ data: { password: wrapped(`${PASSWORD}"`) } }), peer(), ...access]).findings))
      .toEqual(['error password.double-quote Secret/bgp-secrets']);
    expect(rules(auditObjects([secret({ data: { password: wrapped(PASSWORD).replace(/\n/g, ' ') } }), peer(), ...access]).findings))
      .toEqual(['error secret.invalid-base64 Secret/bgp-secrets']);
  });

  it('reports invalid base64 in another key of a password Secret: the API server refuses the whole Secret', () => {
    const findings = auditObjects([secret({ data: { password: Buffer.from(PASSWORD).toString('base64'), other: 'not base64!' } }), peer(), ...access]).findings;
    expect(rules(findings)).toEqual(['error secret.invalid-base64 Secret/bgp-secrets']);
    expect(findings[0].message).toContain('Key \'other\'');
  });
});

describe('objects kubectl creates otherwise than written', () => {
  it('audits a BGPPeer named by generateName only (kubectl create gives it a random name)', () => {
    const anonymous = { ...peer({ generateName: 'rack1-' }), spec: { peerIP: '192.0.2.1', asNumber: 64512 } };
    const report = auditObjects([anonymous]);
    expect(report.objectCount).toBe(1);
    expect(rules(report.findings)).toEqual(['error peer.no-password BGPPeer/rack1-*']);
    // Two of them are two peers, not a duplicate.
    expect(rules(auditObjects([anonymous, anonymous]).findings)).toEqual(['error peer.no-password BGPPeer/rack1-*']);
    expect(auditObjects([anonymous, anonymous]).findings.some((f) => f.rule === 'object.duplicate')).toBe(false);
  });

  it('checks the last of duplicate definitions, as kubectl apply leaves it, and reports the duplicate', () => {
    // GIVEN a good Secret, then the same Secret again with an empty password (kubectl apply keeps the last)
    const docs = [
      { object: secret(), source: 'a.yaml:1' },
      { object: peer(), source: 'a.yaml:9' },
      { object: secret({ stringData: { password: '' } }), source: 'b.yaml:1' },
      ...access.map((object) => ({ object })),
    ];
    const findings = auditManifests(docs).findings;
    // THEN the empty password is found (before: the first definition was checked: "No findings")
    expect(rules(findings)).toEqual(['error password.empty Secret/bgp-secrets',
      'warning object.duplicate Secret/bgp-secrets']);
    const duplicate = findings.find((f) => f.rule === 'object.duplicate')!;
    expect(duplicate.source).toBe('a.yaml:1');
    expect(duplicate.message).toContain('Secret calico-system/bgp-secrets is defined again at b.yaml:1');
    expect(findings.find((f) => f.rule === 'password.empty')!.source).toBe('b.yaml:1');
  });

  it('treats a cluster-scoped object in two namespaces as one object (the namespace is ignored)', () => {
    const a = { ...peer(), metadata: { name: 'rack1-tor', namespace: 'x' } };
    const b = { ...peer(), metadata: { name: 'rack1-tor', namespace: 'y' }, spec: { peerIP: '192.0.2.1', asNumber: 64512 } };
    expect(rules(auditObjects([secret(), a, b, ...access]).findings)).toEqual(['error peer.no-password BGPPeer/rack1-tor',
      'warning object.duplicate BGPPeer/rack1-tor']);
  });

  it('treats a BGPPeer in projectcalico.org/v3 and crd.projectcalico.org/v1 as one object (Calico stores v3 in the CRD)', () => {
    const v1 = { ...peer(), apiVersion: 'crd.projectcalico.org/v1', spec: { peerIP: '192.0.2.1', asNumber: 64512 } };
    expect(rules(auditObjects([secret(), peer(), v1, ...access]).findings)).toEqual([
      'error peer.no-password BGPPeer/rack1-tor', 'warning calico.crd-api-group BGPPeer/rack1-tor', 'warning object.duplicate BGPPeer/rack1-tor',
    ]);
  });

  it('keeps namesakes of different kinds, groups or namespaces apart', () => {
    const other = { ...secret(), metadata: { name: 'bgp-secrets', namespace: 'default' } };
    expect(auditObjects([secret(), other, peer(), ...access]).findings).toEqual([]);
  });
});

describe('ExternalSecrets that do not make the Secret the peer reads', () => {
  const es = (target: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'bgp-secrets', namespace: NS },
    spec: { target, data: [{ secretKey: 'password', remoteRef: { key: 'bgp/rack1' } }], ...extra },
  });

  it('reports creationPolicy None: external-secrets never creates the Secret', () => {
    const findings = auditObjects([es({ creationPolicy: 'None' }), peer(), ...access]).findings;
    expect(rules(findings)).toEqual(['error secret.not-found BGPPeer/rack1-tor']);
    expect(findings[0].message).toContain('has creationPolicy None, so it never creates or updates the Secret');
    // With the Secret itself among the inputs, it is found.
    expect(auditObjects([es({ creationPolicy: 'None' }), secret(), peer(), ...access]).findings).toEqual([]);
  });

  it('counts creationPolicy Merge only when the Secret exists, with the keys of both', () => {
    expect(rules(auditObjects([es({ creationPolicy: 'Merge' }), peer(), ...access]).findings)).toEqual(['error secret.not-found BGPPeer/rack1-tor']);
    expect(auditObjects([es({ creationPolicy: 'Merge' }), secret({ stringData: { other: 'x' } }), peer(), ...access]).findings).toEqual([]);
  });

  it.each(['Owner', 'Orphan', 'CreateOrMerge'])('accepts creationPolicy %s, which creates the Secret', (creationPolicy) => {
    expect(auditObjects([es({ creationPolicy }), peer(), ...access]).findings).toEqual([]);
  });

  it('reports a template.data that renames the key: the Secret then holds only the template\'s keys', () => {
    const renamed = es({ template: { data: { 'bgp-password': '{{ .password }}' } } });
    const findings = auditObjects([renamed, peer(), ...access]).findings;
    expect(rules(findings)).toEqual(['error secret.key-missing BGPPeer/rack1-tor']);
    expect(findings[0].message).toContain('which holds only \'bgp-password\'');
    // mergePolicy Merge keeps the fetched keys beside the template's.
    expect(auditObjects([es({ template: { mergePolicy: 'Merge', data: { 'bgp-password': '{{ .password }}' } } }), peer(), ...access]).findings).toEqual([]);
    // A template with only metadata keeps the fetched keys.
    expect(auditObjects([es({ template: { metadata: { labels: { a: 'b' } } } }), peer(), ...access]).findings).toEqual([]);
    // templateFrom items read as Values add their keys; KeysAndValues makes the keys unknowable.
    const from = (templateAs: string) => es({ template: { templateFrom: [{ configMap: { name: 'tpl', items: [{ key: 'password', templateAs }] } }] } });
    expect(auditObjects([from('Values'), peer(), ...access]).findings).toEqual([]);
    expect(auditObjects([from('KeysAndValues'), peer(), ...access]).findings).toEqual([]);
    // An entry rendering labels adds no data key: the template's own data is all the Secret holds.
    const labels = es({ template: { data: { other: 'x' }, templateFrom: [{ target: 'Labels', literal: '{{ .password }}' }] } });
    expect(rules(auditObjects([labels, peer(), ...access]).findings)).toEqual(['error secret.key-missing BGPPeer/rack1-tor']);
  });

  it('reports a target.manifest that writes something other than a Secret', () => {
    const findings = auditObjects([es({ manifest: { apiVersion: 'v1', kind: 'ConfigMap' } }), peer(), ...access]).findings;
    expect(rules(findings)).toEqual(['error secret.not-found BGPPeer/rack1-tor']);
    expect(findings[0].message).toContain('writes a ConfigMap (spec.target.manifest), not a Secret');
  });
});

describe('specs of another type than the CRD\'s (a manifest is untyped)', () => {
  it.each([
    ['a BGPPeer selector that is a number', { ...peer(), spec: { ...peer().spec, nodeSelector: 5 } }],
    ['a BGPPeer filters list that is a string', { ...peer(), spec: { ...peer().spec, filters: 'x' } }],
    ['a BGPConfiguration list that is a mapping', {
      apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration', metadata: { name: 'default' },
      spec: { nodeToNodeMeshEnabled: false, serviceClusterIPs: { cidr: '10.0.0.0/24' } },
    }],
  ])('audits %s without crashing (a TypeError in a spec rule becomes a calico.spec finding)', (_what, object) => {
    const others = object.kind === 'BGPPeer' ? [secret(), ...access] : [secret(), peer(), ...access];
    const findings = auditObjects([...others, object]).findings;
    // Whatever the core's rules say, no finding is about the Secret, RBAC or password: those are fine.
    expect(findings.every((f) => f.rule.startsWith('calico.'))).toBe(true);
  });

  it('names a selector that is a number', () => {
    const findings = auditObjects([
      secret(),
      ...access,
      { ...peer(), spec: { ...peer().spec, nodeSelector: 5 } },
    ]).findings;
    expect(findings.map((f) => f.message).join('\n')).toContain('\'spec.nodeSelector\'');
  });

  it('reads an AS number written as a list as invalid, not as the number inside it', () => {
    const findings = auditObjects([
      secret(),
      { ...peer(), spec: { ...peer().spec, asNumber: [64512] } },
      ...access,
    ]).findings;
    expect(findings.map((f) => f.rule)).toEqual(['calico.as-number']);
  });
});

describe('messages stay bounded at scale', () => {
  it('names at most five unbound Roles that would grant the Secret, then how many more', () => {
    const roles = Array.from({ length: 7 }, (_, i) => ({ ...role(), metadata: { name: `reader-${i}`, namespace: NS } }));
    const findings = auditObjects([secret(), peer(), ...roles]).findings;
    expect(rules(findings)).toEqual(['error rbac.missing BGPPeer/rack1-tor']);
    expect(findings[0].message).toContain('Role \'calico-system/reader-0\', Role \'calico-system/reader-1\'');
    expect(findings[0].message).toContain('Role \'calico-system/reader-4\' and 2 more would grant it, but no RoleBinding binds it to calico-node.');
    expect(findings[0].message).not.toContain('reader-5');
  });
});
