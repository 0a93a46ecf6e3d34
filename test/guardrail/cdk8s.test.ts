import { Chart, Testing } from 'cdk8s';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildBgpPasswordGuardrail } from 'calico-bgp-auth';
import { BgpPasswordGuardrail } from 'calico-bgp-auth/cdk8s';
import { buildExampleApp } from '../../examples/cdk8s/main';
import { validateObject } from '../support/crd-validator';
import { admit } from './admission';

type Obj = Record<string, any>;

describe('BgpPasswordGuardrail (cdk8s)', () => {
  it('emits the core builder\'s policy and binding, policy first, cluster-scoped in a namespaced chart', () => {
    // GIVEN a chart with a namespace and a guardrail in Warn mode
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'platform' });
    const props = { validationActions: ['Warn', 'Audit'] as const, exemptPeers: ['lab-router'] };
    const guardrail = new BgpPasswordGuardrail(chart, 'guardrail', { ...props, validationActions: [...props.validationActions] });
    // WHEN synthesized
    const objects = Testing.synth(chart) as Obj[];
    // THEN exactly the core's two objects, without the chart's namespace, valid for Kubernetes
    const core = buildBgpPasswordGuardrail({ ...props, validationActions: [...props.validationActions] });
    expect(objects).toEqual([core.policy, core.binding]);
    for (const o of objects) expect(validateObject(o)).toEqual([]);
    expect(guardrail.policy.node.id).toBe('Resource');
    expect(guardrail.binding.node.dependencies).toContain(guardrail.policy);
    // The policy's name, as the Pulumi component's `policyName` gives it.
    expect(guardrail.policyName).toBe('calico-bgp-auth-guardrail');
    expect((core.binding.spec as Obj).policyName).toBe(guardrail.policyName);
  });

  it('reports bad props when the app is validated, naming the construct', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new BgpPasswordGuardrail(chart, 'guardrail', { validationActions: ['Deny', 'Warn'] });
    expect(() => app.synth()).toThrow(/\[c\/guardrail\] Only one of 'Deny' and 'Warn' may be in 'validationActions'/);
  });
});

describe('the cdk8s example under the guardrail', () => {
  beforeEach(() => {
    vi.stubEnv('CALICO_BGP_AUTH_SEED', undefined);
    vi.stubEnv('CALICO_BGP_AUTH_SEED_FILE', undefined);
  });
  afterEach(() => vi.unstubAllEnvs());

  it('passes every rule, the mesh password required', () => {
    // GIVEN everything the example app synthesizes (a Deny guardrail requiring the mesh password)
    const objects = buildExampleApp().charts.flatMap((c) => Testing.synth(c) as Obj[]);
    const { policy } = buildBgpPasswordGuardrail({ requireMeshPassword: true });
    // THEN the API server would admit each object
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects) expect(admit(policy as Obj, o).failures, `${o.kind} ${o.metadata.name}`).toEqual([]);
  });
});
