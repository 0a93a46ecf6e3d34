/**
 * How `audit` prints its findings: text for a terminal (grouped by object, a summary line last),
 * JSON for CI (a stable shape, versioned by `version`).
 */
import { AuditReport, Finding, describeObject } from '../audit';

/** The JSON report's shape version; bumped on any incompatible change. */
export const AUDIT_JSON_VERSION = 1;

function counts(findings: readonly Finding[]): { errors: number; warnings: number } {
  return { errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The report as text: one block per object, each finding with its rule, message and fix. */
export function formatText(report: AuditReport): string {
  const byObject = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = `${describeObject(f)}${f.source ? `  (${f.source})` : ''}`;
    const group = byObject.get(key);
    if (group) group.push(f);
    else byObject.set(key, [f]);
  }
  const lines: string[] = [];
  for (const [object, findings] of byObject) {
    lines.push(object);
    for (const f of findings) {
      lines.push(`  ${f.severity.padEnd(7)}  ${f.rule}`, `           ${f.message}`, `           fix: ${f.fix}`);
    }
    lines.push('');
  }
  const { errors, warnings } = counts(report.findings);
  const where = `${report.install.flavor} install: calico-node in ${report.install.namespace}, ServiceAccount ${report.install.serviceAccount}`;
  const audited = `${plural(report.objectCount, 'object')} audited (${where})`;
  lines.push(report.findings.length === 0
    ? `No findings: ${audited}.`
    : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}: ${audited}.`);
  return `${lines.join('\n')}\n`;
}

/** The report as JSON: `{ version, install, objects, summary, findings }`, keys in a fixed order. */
export function formatJson(report: AuditReport): string {
  const findings = report.findings.map((f) => ({
    severity: f.severity,
    kind: f.kind,
    namespace: f.namespace ?? null,
    name: f.name,
    rule: f.rule,
    message: f.message,
    fix: f.fix,
    source: f.source ?? null,
  }));
  const { flavor, namespace, serviceAccount } = report.install;
  return `${JSON.stringify({
    version: AUDIT_JSON_VERSION,
    install: { flavor, namespace, serviceAccount },
    objects: report.objectCount,
    summary: counts(report.findings),
    findings,
  }, null, 2)}\n`;
}
