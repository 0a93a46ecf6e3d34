import { Testing } from 'cdk8s';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditObjects } from '../../lib/audit';
import { buildExampleApp } from '../../examples/cdk8s/main';

describe('the constructs\' own output audits clean', () => {
  beforeEach(() => {
    vi.stubEnv('CALICO_BGP_AUTH_SEED', undefined);
    vi.stubEnv('CALICO_BGP_AUTH_SEED_FILE', undefined);
  });
  afterEach(() => vi.unstubAllEnvs());

  it('finds nothing in the synthesized cdk8s example', () => {
    // GIVEN every object examples/cdk8s synthesizes (mesh password, rack secrets, peers, route reflector)
    const objects = buildExampleApp().charts.flatMap((c) => Testing.synth(c));
    expect(objects.length).toBeGreaterThan(10);
    // WHEN audited for the install the example targets
    const report = auditObjects(objects, { install: 'operator' });
    // THEN zero findings
    expect(report.objectCount).toBe(objects.length);
    expect(report.findings).toEqual([]);
  });
});
