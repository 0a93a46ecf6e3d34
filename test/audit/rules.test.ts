import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPasswordFloor } from '../support/core';
import { AUDIT_RULES, auditRule, ruleSentence } from '../../lib/audit';

describe('the rule catalogue', () => {
  it('has an entry for every floor rule the core can report', () => {
    // GIVEN every rule id checkPasswordFloor returns for arbitrary strings and known bad samples
    const seen = new Set<string>();
    const samples = ['', '"', 'a\nb', 'a\u0000b', ' a', 'x'.repeat(81), 'a\u2028b', 'a\u202eb', 'a\ud800b'];
    for (const s of samples) for (const p of checkPasswordFloor(s)) seen.add(p.rule);
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 90 }), (s) => {
      for (const p of checkPasswordFloor(s)) seen.add(p.rule);
    }), { numRuns: 2000 });
    // THEN the catalogue words each of them itself (no fallback)
    for (const rule of seen) expect(Object.keys(AUDIT_RULES)).toContain(rule);
  });

  it('words every rule as one-line sentences, ids matching keys', () => {
    for (const [id, r] of Object.entries(AUDIT_RULES)) {
      expect(r.id).toBe(id);
      expect(r.summary).toMatch(/^\S.*\.$/);
      expect(r.fix).toMatch(/^[A-Z].*\.$/);
      // Admission messages must not hold line breaks (ValidatingAdmissionPolicy validation).
      expect(ruleSentence(id as keyof typeof AUDIT_RULES)).not.toMatch(/[\r\n]/);
    }
  });

  it('falls back to the calico.spec wording for a core spec rule', () => {
    expect(auditRule('calico.peer-ip')).toBe(AUDIT_RULES['calico.spec']);
  });
});
