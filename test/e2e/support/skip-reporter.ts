/**
 * Closes a test run in which the BGP session tests could not run with one line that says so, after
 * vitest's summary (listed after the default reporter in vitest.config.ts). The summary already
 * counts those tests as skipped (see describeE2E); this line says which tests they are and why, so a
 * green run without root or daemons does not read as "everything was tested".
 */
import type { Reporter, TestModule } from 'vitest/node';
import { E2EAvailability, REQUIRED_ENV, e2eAvailability } from './availability';

const E2E_DIR = /[\\/]test[\\/]e2e[\\/]/;

/** The closing line, or undefined when the run held no end-to-end file or they could run. */
export function e2eClosingLine(
  modules: ReadonlyArray<TestModule>,
  availability: () => E2EAvailability = e2eAvailability,
): string | undefined {
  const e2e = modules.filter((m) => E2E_DIR.test(m.moduleId));
  if (e2e.length === 0) return undefined;
  const av = availability();
  if (av.available) return undefined;
  const tests = e2e.flatMap((m) => [...m.children.allTests()]);
  const skipped = tests.filter((t) => t.result().state === 'skipped').length;
  const why = av.reasons.join('; ');
  return av.required
    ? `BGP session tests did not run: ${REQUIRED_ENV}=1 and the prerequisites are missing (${why}), so the run fails.`
    : `BGP session tests did not run: ${skipped} end-to-end test${skipped === 1 ? '' : 's'} skipped (${why}). They need root and bird2, frr, gobgpd; ` +
        `${REQUIRED_ENV}=1 (set by CI) turns this into a failure.`;
}

export default class E2ESkipReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const line = e2eClosingLine(modules);
    if (line) process.stdout.write(`\n ${line}\n\n`);
  }
}
