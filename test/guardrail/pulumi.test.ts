import { describe, expect, it, vi } from 'vitest';
import { ValidationError, auditObjects, buildBgpPasswordGuardrail } from 'calico-bgp-auth';
import { BgpPasswordGuardrail } from 'calico-bgp-auth/pulumi';
import { validateObject } from '../support/crd-validator';
import { startMockStack, valueOf } from '../pulumi/support/mock-stack';
import { admit } from './admission';

const POLICY = 'kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy';
const BINDING = 'kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding';

describe('BgpPasswordGuardrail (Pulumi)', () => {
  it('registers the core\'s policy and binding as children, the binding after the policy', async () => {
    // GIVEN a guardrail requiring the mesh password
    const stack = await startMockStack();
    const guardrail = new BgpPasswordGuardrail('guardrail', { requireMeshPassword: true });
    await stack.settle();
    // THEN one component with the policy and the binding as children
    const [component] = stack.ofType('calico-bgp-auth:index:BgpPasswordGuardrail');
    const [policy] = stack.ofType(POLICY);
    const [binding] = stack.ofType(BINDING);
    expect(policy.parent).toBe(component.urn);
    expect(binding.parent).toBe(component.urn);
    expect(binding.dependencies).toContain(policy.urn);
    // AND their inputs are what the core builds, valid for Kubernetes
    const core = buildBgpPasswordGuardrail({ requireMeshPassword: true });
    expect(policy.inputs).toMatchObject({ metadata: core.policy.metadata, spec: core.policy.spec });
    expect(binding.inputs).toMatchObject({ metadata: core.binding.metadata, spec: core.binding.spec });
    for (const o of stack.kubeObjects()) expect(validateObject(o)).toEqual([]);
    expect(await valueOf(guardrail.policyName)).toBe('calico-bgp-auth-guardrail');
    expect(stack.componentOutputs.get(component.urn)).toEqual({ policyName: 'calico-bgp-auth-guardrail' });
  });

  it('refuses bad arguments before registering anything', async () => {
    const stack = await startMockStack();
    expect(() => new BgpPasswordGuardrail('bad', { exemptPeers: ['Not_A_Name'] })).toThrow(ValidationError);
    expect(() => new BgpPasswordGuardrail('bad', { exemptPeers: ['Not_A_Name'] })).toThrow(/^BgpPasswordGuardrail 'bad': 'exemptPeers\[0\]' \(Not_A_Name\)/);
    await stack.settle();
    expect(stack.registrations).toEqual([]);
  });

  it('refuses a second guardrail with the same name in one program', async () => {
    const stack = await startMockStack();
    new BgpPasswordGuardrail('a');
    expect(() => new BgpPasswordGuardrail('b')).toThrow(/ValidatingAdmissionPolicy/);
    new BgpPasswordGuardrail('c', { name: 'other-guardrail' });
    await stack.settle();
    expect(stack.ofType(POLICY)).toHaveLength(2);
  });
});

describe('the Pulumi example under the audit and the guardrail', () => {
  it('audits clean and passes every rule', async () => {
    // GIVEN the example program run under mocks
    const stack = await startMockStack();
    vi.resetModules();
    await import('../../examples/pulumi/index');
    await stack.settle();
    const objects = stack.kubeObjects();
    // THEN the audit finds nothing and the guardrail admits everything
    expect(auditObjects(objects).findings).toEqual([]);
    const { policy } = buildBgpPasswordGuardrail({ requireMeshPassword: true });
    for (const o of objects) {
      expect(admit(policy as Record<string, unknown>, o).failures, `${o.kind} ${o.metadata.name}`).toEqual([]);
    }
  });
});

