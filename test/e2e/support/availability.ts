/**
 * Whether the end-to-end suite can run here: root, a working `ip netns`, the daemon binaries. No
 * vitest import, so the reporter in the main process (skip-reporter.ts) asks the same question as
 * the test files do.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
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
 * runs BIRD 1.6, unpacked privately by .ci/install-daemons.sh (see bird-binaries.ts).
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
