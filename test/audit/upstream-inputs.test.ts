/**
 * The audit over code no one here wrote: the objects of confd's own password scenarios
 * (test/fixtures/upstream/calico/confd/, verbatim from projectcalico/calico
 * confd/tests/mock_data/calicoctl/{password,mesh_password}/input.yaml), and every case of upstream's
 * validator table that upstream accepts, written as a projectcalico.org/v3 object. The audit may
 * report what is about passwords (the Secrets are created by confd's Go test, not in the inputs),
 * and the library's own stricter rules as warnings, but nothing Calico itself would refuse.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Finding, auditManifests, auditObjects, calicoRuleSource, readManifests } from '../support/core';

const UPSTREAM = path.resolve(__dirname, '../fixtures/upstream/calico');

/** Rules about passwords and their Secrets and RBAC: what the audit exists to report. */
const PASSWORD_RULE = /^(peer|mesh|secret|rbac|password)\./;

function notAboutPasswords(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !PASSWORD_RULE.test(f.rule));
}

describe('the audit over confd\'s own test inputs', () => {
  it.each(['password-input.yaml', 'mesh_password-input.yaml'])('%s: only findings about passwords', (file) => {
    // GIVEN upstream's input, for a manifest install (the Go test creates the Secrets in kube-system)
    const report = auditManifests(readManifests([path.join(UPSTREAM, 'confd', file)]), { install: 'manifest' });
    // THEN every finding is about the password's Secret, key or RBAC, none about Calico's own rules
    expect(report.findings.length).toBeGreaterThan(0);
    expect(notAboutPasswords(report.findings)).toEqual([]);
    expect(new Set(report.findings.map((f) => f.rule))).toEqual(new Set(['secret.not-found', 'rbac.missing']));
  });
});

interface Entry { description: string; object: boolean; name?: string; spec: Record<string, unknown>; valid: boolean }
const TABLE: { bgpPeer: Entry[]; bgpConfiguration: Entry[] } = JSON.parse(readFileSync(path.join(UPSTREAM, 'validator.json'), 'utf8'));

describe('the audit over upstream\'s valid validator cases, as objects', () => {
  const cases = [
    ...TABLE.bgpPeer.filter((e) => e.valid).map((e) => ['BGPPeer', e] as const),
    ...TABLE.bgpConfiguration.filter((e) => e.valid).map((e) => ['BGPConfiguration', e] as const),
  ];
  it.each(cases.map(([kind, e]) => [kind, e.description, kind, e] as const))('%s: %s', (_k, _d, kind, e) => {
    const obj = { apiVersion: 'projectcalico.org/v3', kind, metadata: { name: e.name ?? (kind === 'BGPPeer' ? 'peer' : 'default') }, spec: e.spec };
    // WHEN auditing a whole object for the release of upstream's tables (its CRD is release-v3.33's), and a
    // bare spec, which upstream checks with its Go validator only, for a release whose CRD adds nothing
    // the validator lacks (3.31: no format: cidr yet)
    const findings = notAboutPasswords(auditObjects([obj], { calicoVersion: e.object ? '3.33' : '3.31' }).findings);
    // THEN nothing is an error, and every warning comes from one of the library's own stricter rules
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    for (const f of findings) {
      expect(calicoRuleSource({ field: '', rule: f.rule, message: '' }).library, f.message).toBe(true);
    }
  });
});
