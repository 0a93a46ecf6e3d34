/**
 * The e2e report (support/report.ts, e2e-report-setup.ts, print-report.js): records from several
 * processes are merged into the counts CI prints, and the summary fails a run that does not show
 * calico-node on BIRD 1.6, sessions as expected and upstream configs matched. No daemons needed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeReport } from './support/e2e-report-setup';
import { REPORT_ENV, partsDir, recordSession, recordTemplate, recordTiming } from './support/report';

const saved = process.env[REPORT_ENV];
afterEach(() => { if (saved === undefined) delete process.env[REPORT_ENV]; else process.env[REPORT_ENV] = saved; });

describe('e2e report', () => {
  it('merges every process\'s records into the counts, and the summary passes or fails the run', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cba-report-'));
    try {
      const file = path.join(dir, 'report.json');
      process.env[REPORT_ENV] = file;
      // GIVEN records from this process and from another one (its own parts file)
      recordSession({ suite: 's', case: 'a', expected: 'established', observed: 'established' });
      recordSession({ suite: 's', case: 'b', expected: 'down', observed: 'down' });
      recordTemplate({ scenario: 'x', step: '1', file: 'f', blocks: 2, matched: true });
      recordTiming({ scenario: 't', unauthenticatedRenderMs: 0, unauthenticatedEstablishedMs: 0 });
      writeFileSync(path.join(partsDir(file), '1.jsonl'), [
        { type: 'daemon', name: 'bird', version: '1.6.8', role: 'calico-node' },
        { type: 'daemon', name: 'bird', version: '1.6.8', role: 'calico-node' },
        { type: 'daemon', name: 'gobgpd', version: '3.10.0', role: 'router' },
        { type: 'session', suite: 's', case: 'c', expected: 'established', observed: 'established' },
      ].map((r) => JSON.stringify(r)).join('\n'));
      // WHEN the run ends
      writeReport(file);
      // THEN the report counts them, daemons once each
      const r = JSON.parse(readFileSync(file, 'utf8'));
      expect(r.daemons).toEqual([{ name: 'bird', version: '1.6.8', role: 'calico-node' }, { name: 'gobgpd', version: '3.10.0', role: 'router' }]);
      expect([r.sessions.established, r.sessions.refused, r.sessions.unexpected, r.sessions.cases.length]).toEqual([
        2, 1, 0, 3,
      ]);
      expect([r.upstreamTemplates.compared, r.upstreamTemplates.mismatched]).toEqual([1, 0]);
      expect(r.timing).toHaveLength(1);
      const summary = execFileSync('node', [path.resolve(__dirname, 'support/print-report.js'), file], { encoding: 'utf8' });
      expect(summary).toContain('2 established, 1 refused as expected');
      // AND a report whose calico-node was not BIRD 1.6 fails the summary
      writeFileSync(file, JSON.stringify({ ...r, daemons: [{ name: 'bird', version: '2.0.12', role: 'calico-node' }] }));
      expect(() => execFileSync('node', [path.resolve(__dirname, 'support/print-report.js'), file], { stdio: 'pipe' })).toThrow(/BIRD 1\.6/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
