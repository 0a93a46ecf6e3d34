import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PASSWORD_SECRET_LABEL, PasswordPolicy, ROUTER_PROFILES, ValidationError, buildMeshPasswordPlan, buildPasswordSecret,
  planSecuredBgpPeer, planSharedSecretAccess, resolveInstall,
} from '../support/core';
import { AUDIT_RULES, auditObjects, readManifests, ruleSentence } from '../../lib/audit';
import { expandDocuments } from '../../lib/audit/inventory';
import { BgpPasswordGuardrailProps, GUARDRAIL_RULES, buildBgpPasswordGuardrail } from '../../lib/guardrail';
import { validateObject } from '../support/crd-validator';
import { admit, nonKubernetesFunctions } from './admission';

type Obj = Record<string, unknown>;
const FIXTURES = path.resolve(__dirname, '../fixtures/audit');

/** The fixture's objects, plain. */
function fixtureObjects(file: string): Obj[] {
  return expandDocuments(readManifests([path.join(FIXTURES, file)])).map((o) => o.raw);
}

/** The catalogue rules a guardrail refuses `object` under (empty: allowed or not matched). */
function deniedRules(object: Obj, props: BgpPasswordGuardrailProps = {}): string[] {
  const g = buildBgpPasswordGuardrail(props);
  return admit(g.policy as Obj, object).failures.map((f) => g.validations[f.index].rule).sort();
}

function labelled(secret: Obj): Obj {
  const meta = secret.metadata as Obj;
  return { ...secret, metadata: { ...meta, labels: { ...(meta.labels as Obj | undefined), [PASSWORD_SECRET_LABEL]: 'true' } } };
}

const PROP_VARIANTS: Array<[string, BgpPasswordGuardrailProps]> = [
  ['defaults', {}],
  ['every option', { name: 'bgp-guardrail', validationActions: ['Warn', 'Audit'], failurePolicy: 'Ignore', exemptionLabel: 'example.com/no-md5', exemptPeers: ['legacy-tor', 'lab.router'], requireMeshPassword: true, matchCrdApiGroup: true, checkPasswordSecrets: true, checkSelectors: true, labels: { team: 'network' } }],
  ['the minimum', { exemptionLabel: false, matchCrdApiGroup: false, checkPasswordSecrets: false, checkSelectors: false, validationActions: ['Audit'] }],
];

describe('the emitted objects', () => {
  it.each(PROP_VARIANTS)('validate against the Kubernetes models (%s)', (_name, props) => {
    const g = buildBgpPasswordGuardrail(props);
    expect(validateObject(g.policy)).toEqual([]);
    expect(validateObject(g.binding)).toEqual([]);
    expect((g.binding.spec as Obj).policyName).toBe(g.policy.metadata.name);
  });

  it('default to Deny, failurePolicy Fail, and the library\'s labels', () => {
    const g = buildBgpPasswordGuardrail();
    expect(g.binding).toEqual({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: 'calico-bgp-auth-guardrail', labels: { 'app.kubernetes.io/managed-by': 'calico-bgp-auth' } },
      spec: { policyName: 'calico-bgp-auth-guardrail', validationActions: ['Deny'] },
    });
    expect((g.policy.spec as Obj).failurePolicy).toBe('Fail');
  });

  it.each(PROP_VARIANTS)('use only CEL Kubernetes has, in every expression (%s)', (_name, props) => {
    const spec = buildBgpPasswordGuardrail(props).policy.spec as Obj;
    const expressions = [
      ...((spec.matchConditions as Obj[] | undefined) ?? []).map((c) => c.expression),
      ...(spec.variables as Obj[]).map((v) => v.expression),
      ...(spec.validations as Obj[]).flatMap((v) => [v.expression, v.messageExpression].filter(Boolean)),
    ] as string[];
    expect(expressions.length).toBeGreaterThan(3);
    for (const e of expressions) expect(nonKubernetesFunctions(e)).toEqual([]);
    // The API server refuses messages with line breaks.
    for (const v of spec.validations as Obj[]) expect(String(v.message)).not.toMatch(/[\r\n]/);
  });

  it.each([
    [{ validationActions: ['Deny', 'Warn'] }, 'validationActions', 'Only one of \'Deny\' and \'Warn\''],
    [{ validationActions: [] }, 'validationActions', 'must hold at least one'],
    [{ validationActions: ['Deny', 'Deny'] }, 'validationActions', 'must not repeat'],
    [{ validationActions: ['Block'] }, 'validationActions', '(Block) must be Deny, Warn or Audit'],
    [{ failurePolicy: 'Maybe' }, 'failurePolicy', '(Maybe) must be Fail or Ignore'],
    [{ exemptionLabel: 'not a label' }, 'exemptionLabel', '(not a label) must be a label key'],
    [{ exemptPeers: ['ok', 'Not_OK'] }, 'exemptPeers[1]', '(Not_OK) must be a DNS-1123 subdomain'],
    [{ name: 'Guardrail' }, 'name', '(Guardrail) must be a DNS-1123 subdomain'],
  ] as Array<[BgpPasswordGuardrailProps, string, string]>)('refuse bad props %j before building anything', (props, field, text) => {
    let error: unknown;
    try { buildBgpPasswordGuardrail(props); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      expect.objectContaining({ field, message: expect.stringContaining(text) }),
    ]);
    expect((error as ValidationError).message).toMatch(/^BgpPasswordGuardrail: /);
  });
});

describe('the CEL rules allow what the library builds', () => {
  const install = resolveInstall('operator');
  const generated = [PasswordPolicy.DEFAULT, ...ROUTER_PROFILES.map((p) => PasswordPolicy.forRouter(p.name))].map((p) =>
    p.generate(),
  );
  const peerPlan = planSecuredBgpPeer({ name: 'rack1-tor', spec: { peerIP: '192.0.2.1', asNumber: 64512 } });
  const crdPeerPlan = planSecuredBgpPeer({ name: 'rack2-tor', spec: { peerIP: '192.0.2.2', asNumber: 64512 }, apiFlavor: 'crd.projectcalico.org/v1' });
  const mesh = buildMeshPasswordPlan({});
  const meshOff = buildMeshPasswordPlan({ spec: { nodeToNodeMeshEnabled: true, asNumber: 64513 } });
  const shared = planSharedSecretAccess({ secretName: 'shared' });
  const objects: Obj[] = [
    buildPasswordSecret({
      name: 'generated',
      install,
      stringData: Object.fromEntries(generated.map((pw, i) => [`k${i}`, pw])),
    }),
    peerPlan.calicoObject,
    peerPlan.role!,
    peerPlan.roleBinding!,
    crdPeerPlan.calicoObject,
    mesh.calicoObject,
    meshOff.calicoObject,
    shared.role,
    shared.roleBinding,
    ...fixtureObjects('calico-docs-recipe.yaml'),
  ];

  it.each(PROP_VARIANTS)('every object is allowed (%s)', (_name, props) => {
    for (const o of objects) expect(deniedRules(o, props)).toEqual([]);
  });

  it('accepts every key of a labelled Secret built by the core, on UPDATE too', () => {
    const secret = objects[0];
    expect(admit(buildBgpPasswordGuardrail().policy as Obj, secret, 'UPDATE')).toEqual({ matched: true, failures: [] });
  });

  it('skips Secrets without the library\'s label, whatever they hold', () => {
    const g = buildBgpPasswordGuardrail();
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'default' }, data: { key: Buffer.from('"\n').toString('base64') } };
    expect(admit(g.policy as Obj, secret)).toEqual({ matched: false, failures: [] });
  });
});

describe('the CEL rules deny what the audit flags, where admission can see it', () => {
  it('denies a BGPPeer without a password, with the catalogue\'s sentence', () => {
    const [peer] = fixtureObjects('peer-without-password.yaml');
    const g = buildBgpPasswordGuardrail();
    const result = admit(g.policy as Obj, peer);
    expect(result.failures).toEqual([{ index: 0, message: `${ruleSentence('peer.no-password')} To keep a peer unauthenticated on purpose, label it calico-bgp-auth/allow-unauthenticated=true.` }]);
  });

  it('lets the exemption label or a listed name through, and only those', () => {
    const [peer] = fixtureObjects('peer-without-password.yaml');
    const withLabel = { ...peer, metadata: { name: 'rack1-tor', labels: { 'calico-bgp-auth/allow-unauthenticated': 'true' } } };
    const withOtherValue = { ...peer, metadata: { name: 'rack1-tor', labels: { 'calico-bgp-auth/allow-unauthenticated': 'yes' } } };
    expect(deniedRules(withLabel)).toEqual([]);
    expect(deniedRules(withOtherValue)).toEqual(['peer.no-password']);
    expect(deniedRules(withLabel, { exemptionLabel: false })).toEqual(['peer.no-password']);
    expect(deniedRules(peer, { exemptPeers: ['rack1-tor'] })).toEqual([]);
    expect(deniedRules(peer, { exemptPeers: ['rack2-tor'] })).toEqual(['peer.no-password']);
  });

  it('denies a BGPPeer whose secretKeyRef lacks a name or a key', () => {
    const [peer] = fixtureObjects('peer-without-password.yaml');
    const spec = peer.spec as Obj;
    for (const ref of [{}, { name: 'x' }, { key: 'password' }, { name: '', key: 'password' }]) {
      expect(deniedRules({ ...peer, spec: { ...spec, password: { secretKeyRef: ref } } })).toEqual(['peer.no-password']);
    }
    expect(deniedRules({ ...peer, spec: { ...spec, password: {} } })).toEqual(['peer.no-password']);
    expect(deniedRules({ ...peer, spec: undefined })).toEqual(['peer.no-password']);
  });

  it('sees crd.projectcalico.org/v1 writes unless told not to', () => {
    const [peer] = fixtureObjects('peer-without-password.yaml');
    const v1 = { ...peer, apiVersion: 'crd.projectcalico.org/v1' };
    expect(deniedRules(v1)).toEqual(['peer.no-password']);
    expect(deniedRules(v1, { matchCrdApiGroup: false })).toEqual([]);
  });

  it('denies nodeMeshPassword outside default and with the mesh off; the mesh password itself only on request', () => {
    const [defaultConfig, nodeConfig] = fixtureObjects('mesh.yaml');
    const [disabled] = fixtureObjects('mesh-disabled-with-password.yaml');
    expect(deniedRules(nodeConfig)).toEqual(['mesh.password-not-default']);
    expect(deniedRules(disabled)).toEqual(['mesh.password-mesh-disabled']);
    expect(deniedRules(defaultConfig)).toEqual([]);
    expect(deniedRules(defaultConfig, { requireMeshPassword: true })).toEqual(['mesh.no-password']);
    expect(
      deniedRules({ ...defaultConfig, spec: { nodeToNodeMeshEnabled: false } }, { requireMeshPassword: true }),
    ).toEqual([]);
    expect(deniedRules({ ...defaultConfig, spec: undefined }, { requireMeshPassword: true })).toEqual(['mesh.no-password']);
  });

  it('denies each floor rule in a labelled Secret, naming the keys and never a value', () => {
    const [secret] = fixtureObjects('password-floor.yaml');
    // The API server refuses invalid base64 before admission; that key cannot reach the policy.
    const { 'not-base64': _dropped, ...data } = secret.data as Obj;
    const admissible = { ...secret, data };
    const g = buildBgpPasswordGuardrail();
    const failures = admit(g.policy as Obj, admissible).failures;
    expect(failures.map((f) => g.validations[f.index].rule).sort()).toEqual([
      'password.control-character', 'password.double-quote', 'password.empty', 'password.max-bytes', 'password.surrounding-whitespace',
    ]);
    expect(failures.map((f) => f.message.split(':')[0]).sort()).toEqual([
      'Secret bgp-passwords, key(s) empty', 'Secret bgp-passwords, key(s) leading-space', 'Secret bgp-passwords, key(s) quote',
      'Secret bgp-passwords, key(s) tab', 'Secret bgp-passwords, key(s) too-long',
    ]);
    for (const f of failures) {
      for (const value of ['ab"', 'xxxxxxxx', 'ab\tcd', ' abcdef']) expect(f.message).not.toContain(value);
    }
  });

  it('denies the trailing newline of the recipe\'s Secret once it carries the label', () => {
    const [secret] = fixtureObjects('recipe-trailing-newline.yaml');
    expect(deniedRules(secret)).toEqual([]);
    expect(deniedRules(labelled(secret))).toEqual(['password.newline', 'password.surrounding-whitespace']);
  });

  it.each([
    'calico-docs-recipe.yaml', 'peer-without-password.yaml', 'mesh.yaml', 'mesh-disabled-with-password.yaml', 'crd-api-group.yaml',
    'recipe-trailing-newline.yaml', 'key-missing.yaml', 'recipe-rolebinding-missing.yaml',
  ])('agrees with the audit on %s, for every rule the guardrail enforces', (file) => {
    // GIVEN the fixture's objects (Secrets labelled, the mesh password required)
    const objects = fixtureObjects(file).map((o) => (o.kind === 'Secret' ? labelled(o) : o));
    const findings = auditObjects(objects).findings;
    for (const o of objects) {
      const name = (o.metadata as Obj).name;
      // WHEN the audit and the guardrail judge the same object
      const audit = findings
        .filter((f) => f.kind === o.kind && f.name === name && (GUARDRAIL_RULES as readonly string[]).includes(f.rule))
        .map((f) => f.rule);
      // THEN they refuse it under the same rules
      expect(deniedRules(o, { requireMeshPassword: true })).toEqual([...new Set(audit)].sort());
    }
  });

  it('words every rule it enforces with the audit catalogue', () => {
    const g = buildBgpPasswordGuardrail({ requireMeshPassword: true });
    for (const v of g.validations) {
      expect(v.message).toContain(AUDIT_RULES[v.rule].summary);
      expect(v.message).toContain(AUDIT_RULES[v.rule].fix);
    }
    expect([...new Set(g.validations.map((v) => v.rule))]).toEqual(GUARDRAIL_RULES);
  });
});
