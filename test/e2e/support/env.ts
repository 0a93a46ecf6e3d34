/**
 * Decides whether the end-to-end suite can run here. Without root, `ip netns` or the daemons the
 * suite skips loudly — unless CALICO_BGP_AUTH_E2E_REQUIRED=1, where it fails instead.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'vitest';
import { BIRD1_BINARIES } from './bird-binaries';

export const REQUIRED_ENV = 'CALICO_BGP_AUTH_E2E_REQUIRED';

export interface E2EAvailability {
  available: boolean;
  /** Why it is unavailable (empty when available). */
  reasons: string[];
  /** CALICO_BGP_AUTH_E2E_REQUIRED=1 */
  required: boolean;
}

/**
 * Programs the suite needs; absolute paths are checked as-is, others on PATH. calico-node's side
 * runs BIRD 1.6, unpacked privately by .ci/install-daemons.sh (see bird.ts).
 */
export const E2E_BINARIES = ['ip', 'bird', 'birdc', '/usr/lib/frr/bgpd', 'vtysh', 'gobgpd', 'gobgp', ...BIRD1_BINARIES];

function findOnPath(bin: string): string | undefined {
  const dirs = bin.includes('/') ? [''] : (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin']);
  for (const d of dirs) {
    const p = d ? path.join(d, bin) : bin;
    try { accessSync(p, constants.X_OK); return p; } catch { /* next */ }
  }
  return undefined;
}

let cached: E2EAvailability | undefined;

/** Checks root, a working `ip netns add/del`, and the daemon binaries. Cached per process. */
export function e2eAvailability(): E2EAvailability {
  if (cached) return cached;
  const reasons: string[] = [];
  if (process.platform !== 'linux') reasons.push(`platform is ${process.platform}, not linux`);
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) reasons.push('not running as root');
  const missing = E2E_BINARIES.filter((b) => !findOnPath(b));
  if (missing.length) reasons.push(`missing binaries: ${missing.join(', ')} (see .ci/install-daemons.sh)`);
  if (reasons.length === 0) {
    const probe = `cba-probe-${process.pid}-${randomBytes(3).toString('hex')}`;
    try {
      execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe', timeout: 5000 });
      execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe', timeout: 5000 });
    } catch (e) {
      reasons.push(`'ip netns add' does not work here: ${String((e as any).stderr ?? (e as Error).message).trim()}`);
      try { execFileSync('ip', ['netns', 'del', probe], { stdio: 'ignore' }); } catch { /* never created */ }
    }
  }
  cached = { available: reasons.length === 0, reasons, required: process.env[REQUIRED_ENV] === '1' };
  return cached;
}

export interface DescribeE2EOptions {
  /** Run the cases of this block concurrently (they must not share state). */
  concurrent?: boolean;
}

/**
 * `describe` for end-to-end suites. When the environment can't run them it prints a banner and
 * registers one case that passes (skip) or, with CALICO_BGP_AUTH_E2E_REQUIRED=1, fails.
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
    describe(name, () => {
      it('end-to-end prerequisites are available', () => {
        if (av.required) throw new Error(`e2e prerequisites missing: ${av.reasons.join('; ')}`);
      });
    });
    return;
  }
  // Options object rather than `describe.concurrent.runIf`, which drops the concurrent flag.
  describe.runIf(av.available)(name, { concurrent: opts.concurrent ?? false }, fn);
}
