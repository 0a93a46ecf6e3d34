/**
 * The end-to-end report. When CALICO_BGP_AUTH_E2E_REPORT names a file, every e2e test process
 * appends what it ran to `<report>.parts/<pid>.jsonl` (one JSON record a line, written at once, so a
 * worker that exits early loses nothing), and the global setup (e2e-report-setup.ts) merges the
 * parts into the report at the end of the run:
 * - `daemons`: each `{ name, version, role }` as run (calico-node's BIRD, the routers);
 * - `sessions`: `established` (reached Established and were expected to), `refused` (stayed down
 *   and were expected to), `unexpected` (anything else), and `cases` (every session checked);
 * - `upstreamTemplates`: upstream compiled configs `compared` with the emulator, `mismatched`;
 * - `timing`: the secret watcher's fail-open windows measured by the timing tests.
 * Records never hold a password.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';

export const REPORT_ENV = 'CALICO_BGP_AUTH_E2E_REPORT';

export type DaemonRole = 'calico-node' | 'router';

export interface SessionRecord {
  /** The test file or batch, e.g. 'cdk8s sessions'. */
  readonly suite: string;
  readonly case: string;
  readonly expected: 'established' | 'down';
  /** `other`: came up and went down again, or only one end came up. */
  readonly observed: 'established' | 'down' | 'other';
  readonly router?: string;
}

export interface TemplateRecord {
  readonly scenario: string;
  readonly step: string;
  readonly file: string;
  readonly blocks: number;
  readonly matched: boolean;
  /** Protocol names that differ (never a password). */
  readonly differing?: readonly string[];
}

export interface TimingRecord {
  readonly scenario: string;
  /** How long calico-node's config held the peer without its password (ms). */
  readonly unauthenticatedRenderMs: number;
  /** How long a router without a password had an Established, unauthenticated session (ms). */
  readonly unauthenticatedEstablishedMs: number;
  readonly notes?: string;
}

type Record_ =
  | { readonly type: 'daemon'; readonly name: string; readonly version: string; readonly role: DaemonRole }
  | ({ readonly type: 'session' } & SessionRecord)
  | ({ readonly type: 'template' } & TemplateRecord)
  | ({ readonly type: 'timing' } & TimingRecord);

export const partsDir = (report: string) => `${report}.parts`;

function append(r: Record_): void {
  const report = process.env[REPORT_ENV];
  if (!report) return;
  const dir = partsDir(path.resolve(report));
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, `${process.pid}.jsonl`), `${JSON.stringify(r)}\n`);
}

const versions = new Map<string, string>();
const seen = new Set<string>();

/** The version a daemon binary reports (`--version`), cached per binary. */
export function daemonVersion(binary: string): string {
  let v = versions.get(binary);
  if (v === undefined) {
    let out = '';
    try {
      out = execFileSync(binary, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000 });
    } catch (e) {
      out = String((e as any).stderr ?? '') + String((e as any).stdout ?? '');
    }
    // BIRD prints "BIRD version 1.6.8" on stderr without a newline (execFileSync puts stderr aside).
    if (!out.trim()) {
      try { out = execFileSync('sh', ['-c', `"${binary}" --version 2>&1`], { encoding: 'utf8', timeout: 5000 }); } catch { /* unknown */ }
    }
    v = /(\d+\.\d+(?:\.\d+)?)/.exec(out)?.[1] ?? 'unknown';
    versions.set(binary, v);
  }
  return v;
}

/** Records a daemon as started (once per binary and role per process). */
export function recordDaemon(binary: string, role: DaemonRole): void {
  const name = path.basename(binary);
  const k = `${binary}|${role}`;
  if (!process.env[REPORT_ENV] || seen.has(k)) return;
  seen.add(k);
  append({ type: 'daemon', name, version: daemonVersion(binary), role });
}

export function recordSession(s: SessionRecord): void { append({ type: 'session', ...s }); }
export function recordTemplate(t: TemplateRecord): void { append({ type: 'template', ...t }); }
export function recordTiming(t: TimingRecord): void { append({ type: 'timing', ...t }); }
