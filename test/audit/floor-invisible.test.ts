import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditManifests, readManifests } from '../../lib/audit';

const FIXTURE = path.resolve(__dirname, '../fixtures/audit/password-invisible.yaml');

describe('audit: line separators, format characters and encoded surrogates in password values', () => {
  it('reports each under its floor rule, naming the key, never the value', () => {
    // GIVEN a labelled Secret with one such value per key (password-invisible.yaml)
    // WHEN audited
    const findings = auditManifests(readManifests([FIXTURE])).findings;
    // THEN one finding per broken key and rule; the valid key (with visible non-ASCII) passes
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.message.match(/Key '[^']+'/)![0]}`).sort()).toEqual([
      'error password.format-character Key \'bidi-override\'',
      'error password.format-character Key \'zero-width\'',
      'error password.line-separator Key \'line-separator\'',
      'error password.line-separator Key \'paragraph-separator\'',
      'error password.unpaired-surrogate Key \'encoded-surrogate\'',
      'warning password.not-utf8 Key \'encoded-surrogate\'',
    ]);
    expect(JSON.stringify(findings)).not.toContain('Zq8-vL2');
  });
});

describe('audit: an unpaired surrogate written in stringData', () => {
  it('is reported: the API server would store U+FFFD instead', () => {
    const secret = {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'calico-system', labels: { 'calico-bgp-auth/bgp-password': 'true' } },
      stringData: { lone: 'Zq8-vL2\ud800mN4', pair: 'Zq8-vL2😀mN4' },
    };
    const findings = auditManifests([{ object: secret }]).findings;
    expect(findings.map((f) => `${f.rule} ${f.message.match(/Key '[^']+'/)![0]}`)).toEqual(['password.unpaired-surrogate Key \'lone\'']);
  });
});
