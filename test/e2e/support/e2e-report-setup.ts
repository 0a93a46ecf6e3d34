/**
 * vitest global setup for the e2e report (see report.ts): clears the parts of an earlier run before
 * the tests, merges them into CALICO_BGP_AUTH_E2E_REPORT after. Does nothing without the variable.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPORT_ENV, partsDir } from './report';

export function setup(): () => void {
  const report = process.env[REPORT_ENV];
  if (!report) return () => undefined;
  const file = path.resolve(report);
  rmSync(partsDir(file), { recursive: true, force: true });
  return () => writeReport(file);
}

/** Merges the parts into the report (exported for the summary script and its test). */
export function writeReport(file: string): void {
  const dir = partsDir(file);
  const records: any[] = existsSync(dir)
    ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)))
    : [];
  const of = (type: string) => records.filter((r) => r.type === type).map(({ type: _t, ...rest }) => rest);
  const daemons = [...new Map(of('daemon').map((d) => [`${d.name}|${d.version}|${d.role}`, d])).values()]
    .sort((a, b) => `${a.role}${a.name}`.localeCompare(`${b.role}${b.name}`));
  const cases = of('session');
  const templates = of('template');
  const report = {
    generatedAt: new Date().toISOString(),
    daemons,
    sessions: {
      established: cases.filter((c) => c.expected === 'established' && c.observed === 'established').length,
      refused: cases.filter((c) => c.expected === 'down' && c.observed === 'down').length,
      unexpected: cases.filter((c) => c.expected !== c.observed).length,
      cases,
    },
    upstreamTemplates: {
      compared: templates.length,
      mismatched: templates.filter((t) => !t.matched).length,
      cases: templates,
    },
    timing: of('timing'),
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
}
