import { describe, expect, it } from 'vitest';
import { validateCoreObject } from './core-validator';
import { validateObject } from './crd-validator';

const NS = 'kube-system';
const secret = (rest: Record<string, unknown>) =>
  ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bgp-password', namespace: NS }, type: 'Opaque', ...rest });
const role = (rules: unknown) =>
  ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'calico-node-bgp-password', namespace: NS }, rules });
const READ_BY_NAME = { apiGroups: [''], resources: ['secrets'], resourceNames: ['bgp-password'], verbs: ['watch', 'list', 'get'] };
const roleBinding = (rest: Record<string, unknown>) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
  metadata: { name: 'calico-node-bgp-password', namespace: NS },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'calico-node-bgp-password' },
  subjects: [{ kind: 'ServiceAccount', name: 'calico-node', namespace: NS }],
  ...rest,
});
const policy = (spec: Record<string, unknown>) => ({
  apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'bgp-password-guard' }, spec,
});
const POLICY_SPEC = {
  failurePolicy: 'Fail',
  matchConstraints: { resourceRules: [{ apiGroups: ['projectcalico.org'], apiVersions: ['v3'], operations: ['CREATE', 'UPDATE'], resources: ['bgppeers'] }] },
  validations: [{ expression: '!has(object.spec.password)', message: 'use the managed password' }],
};
const binding = (spec: Record<string, unknown>) => ({
  apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'bgp-password-guard' }, spec,
});

describe('validateCoreObject (kubernetes-models)', () => {
  it('accepts a valid Secret', () => {
    expect(validateCoreObject(secret({ stringData: { password: 'x' } }))).toEqual([]);
    expect(validateObject(secret({ data: { password: 'c2VjcmV0' } }))).toEqual([]);
  });

  it('rejects invalid Secrets', () => {
    expect(validateCoreObject(secret({ data: { password: 'not base64!' } }))).toEqual(['data.password: must match format "byte"']);
    expect(validateCoreObject(secret({ data: { password: 5 } }))).toEqual(['data.password: must be string']);
    expect(validateCoreObject(secret({ strinData: { password: 'x' } }))).toEqual(['unknown field "strinData"']);
    expect(validateCoreObject(secret({ stringData: { 'a/b': 'x' } }))[0]).toMatch(/^stringData\["a\/b"\]: "a\/b" is not a valid Secret key/);
    expect(validateCoreObject({ ...secret({}), metadata: { namespace: NS } })).toEqual(['metadata.name: is required']);
  });

  it('accepts a Role that grants read by name', () => {
    expect(validateCoreObject(role([READ_BY_NAME]))).toEqual([]);
  });

  it('rejects invalid Roles, including the typo that would widen a by-name grant', () => {
    const { resourceNames, ...rest } = READ_BY_NAME;
    expect(validateCoreObject(role([{ ...rest, resourceName: resourceNames }]))).toEqual(['unknown field "rules[0].resourceName"']);
    expect(validateCoreObject(role([{ ...READ_BY_NAME, verbs: 'get' }]))).toEqual(['rules[0].verbs: must be array']);
    expect(validateCoreObject(role([{ resources: ['secrets'] }]))).toEqual(["rules[0]: must have required property 'verbs'"]);
    expect(validateCoreObject({ ...role([READ_BY_NAME]), metadata: { name: 'r', namespace: NS, lables: {} } }))
      .toEqual(['unknown field "metadata.lables"']);
  });

  it('accepts a valid RoleBinding', () => {
    expect(validateCoreObject(roleBinding({}))).toEqual([]);
  });

  it('rejects invalid RoleBindings', () => {
    expect(validateCoreObject(roleBinding({ roleRef: undefined }))).toEqual(["(root): must have required property 'roleRef'"]);
    expect(validateCoreObject(roleBinding({ subjects: [{ kind: 'ServiceAccount', namespace: NS }] })))
      .toEqual(["subjects[0]: must have required property 'name'"]);
    expect(validateCoreObject(roleBinding({ subject: [] }))).toEqual(['unknown field "subject"']);
  });

  it('accepts and rejects ValidatingAdmissionPolicies', () => {
    expect(validateCoreObject(policy(POLICY_SPEC))).toEqual([]);
    expect(validateCoreObject(policy({ ...POLICY_SPEC, validations: [{ message: 'm' }] })))
      .toEqual(["spec.validations[0]: must have required property 'expression'"]);
    expect(validateCoreObject(policy({ ...POLICY_SPEC, validation: [] }))).toEqual(['unknown field "spec.validation"']);
    expect(validateCoreObject({ ...policy(POLICY_SPEC), metadata: { name: 'p', namespace: NS } }))
      .toEqual(['metadata.namespace: must not be set: ValidatingAdmissionPolicy is cluster-scoped']);
  });

  it('accepts and rejects ValidatingAdmissionPolicyBindings', () => {
    expect(validateCoreObject(binding({ policyName: 'bgp-password-guard', validationActions: ['Deny'] }))).toEqual([]);
    expect(validateCoreObject(binding({ policyName: 'bgp-password-guard', validationActions: 'Deny' })))
      .toEqual(['spec.validationActions: must be array']);
    expect(validateCoreObject(binding({ policyNmae: 'x' }))).toEqual(['unknown field "spec.policyNmae"']);
  });

  it('throws for kinds it does not handle', () => {
    expect(() => validateCoreObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).toThrow(/unsupported/);
  });
});
