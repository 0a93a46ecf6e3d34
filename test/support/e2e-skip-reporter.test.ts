/**
 * The closing line of a run whose BGP session tests could not run (test/e2e/support/skip-reporter.ts):
 * present exactly when end-to-end files were in the run and their prerequisites are missing, with the
 * number of skipped tests and the reasons, and saying the run fails when CALICO_BGP_AUTH_E2E_REQUIRED=1.
 * (The skip itself is describeE2E's `describe.skip`, seen in vitest's own summary.)
 */
import type { TestModule } from 'vitest/node';
import { describe, expect, it } from 'vitest';
import type { E2EAvailability } from '../e2e/support/availability';
import { e2eClosingLine } from '../e2e/support/skip-reporter';

/** A module as the reporter sees it: its path and its tests' states. */
const mod = (moduleId: string, states: string[]) => ({
  moduleId, children: { allTests: () => states.map((state) => ({ result: () => ({ state }) })) },
}) as unknown as TestModule;
const av = (available: boolean, required = false): (() => E2EAvailability) => () => ({ available, required, reasons: available ? [] : ['not running as root'] });

describe('e2e closing line', () => {
  const run = [mod('/repo/test/e2e/harness.test.ts', ['skipped', 'skipped']), mod('/repo/test/e2e/calico-node.test.ts', ['passed', 'skipped']), mod('/repo/test/cli/cli.test.ts', ['passed'])];

  it('GIVEN e2e files without their prerequisites THEN it names the skipped tests and why', () => {
    expect(e2eClosingLine(run, av(false))).toBe('BGP session tests did not run: 3 end-to-end tests skipped (not running as root). '
      + 'They need root and bird2, frr, gobgpd; CALICO_BGP_AUTH_E2E_REQUIRED=1 (set by CI) turns this into a failure.');
  });

  it('GIVEN one skipped test THEN it says test, not tests', () => {
    expect(e2eClosingLine([mod('/repo/test/e2e/harness.test.ts', ['skipped'])], av(false))).toMatch(/: 1 end-to-end test skipped \(/);
  });

  it('GIVEN CALICO_BGP_AUTH_E2E_REQUIRED=1 THEN it says the run fails', () => {
    expect(e2eClosingLine(run, av(false, true))).toMatch(/^BGP session tests did not run: CALICO_BGP_AUTH_E2E_REQUIRED=1 and the prerequisites are missing \(not running as root\), so the run fails\.$/);
  });

  it('GIVEN the prerequisites, or no e2e file in the run, THEN there is no line', () => {
    expect(e2eClosingLine(run, av(true))).toBeUndefined();
    expect(e2eClosingLine([mod('/repo/test/cli/cli.test.ts', ['passed'])], av(false))).toBeUndefined();
  });
});
