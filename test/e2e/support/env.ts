/**
 * Decides whether the end-to-end suite can run here. Without root, `ip netns` or the daemons the
 * suite's tests are registered as skipped (vitest's summary counts them, and skip-reporter.ts closes
 * the run with one line saying the BGP session tests did not run) — unless
 * CALICO_BGP_AUTH_E2E_REQUIRED=1, where it fails instead.
 */
import { describe, it } from 'vitest';
import { REQUIRED_ENV, e2eAvailability } from './availability';

export { E2E_BINARIES, REQUIRED_ENV, e2eAvailability } from './availability';
export type { E2EAvailability } from './availability';

export interface DescribeE2EOptions {
  /** Run the cases of this block concurrently (they must not share state). */
  concurrent?: boolean;
}

/**
 * `describe` for end-to-end suites. When the environment can't run them it prints a banner and
 * registers the suite's tests as skipped (`describe.skip`: collected, counted as skipped, no hook or
 * test body runs) or, with CALICO_BGP_AUTH_E2E_REQUIRED=1, one case that fails.
 */
export function describeE2E(name: string, fn: () => void, opts: DescribeE2EOptions = {}): void {
  const av = e2eAvailability();
  if (!av.available) {
    const banner = [
      '',
      '!'.repeat(78),
      `!! END-TO-END SUITE "${name}" ${av.required ? 'REQUIRED BUT CANNOT RUN' : 'NOT RUN (skipped)'}`,
      ...av.reasons.map((r) => `!!   - ${r}`),
      av.required ? `!! ${REQUIRED_ENV}=1 is set, so this is a failure.` : `!! Set ${REQUIRED_ENV}=1 to make this a failure.`,
      '!'.repeat(78),
      '',
    ].join('\n');
    // eslint-disable-next-line no-console
    console.warn(banner);
    if (av.required) {
      describe(name, () => {
        it('end-to-end prerequisites are available', () => {
          throw new Error(`e2e prerequisites missing: ${av.reasons.join('; ')}`);
        });
      });
    } else {
      describe.skip(name, fn);
    }
    return;
  }
  // Options object rather than `describe.concurrent.runIf`, which drops the concurrent flag.
  describe.runIf(av.available)(name, { concurrent: opts.concurrent ?? false }, fn);
}
