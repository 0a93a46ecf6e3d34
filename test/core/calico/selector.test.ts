/**
 * The selector parser against libcalico-go's own tables (test/fixtures/upstream/calico/selectors.json,
 * ported from tokenizer_test.go and parser_test.go at the pinned commit): every tokenizer case gives
 * upstream's tokens or an error, every valid selector parses and matches the labels upstream says it
 * matches, every bad selector is refused, and the canonical forms are upstream's. No case is
 * excepted.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSelector, parseSelector, selectorSyntaxError, tokenizeSelector } from '../../../lib';

interface SelectorTables {
  readonly commit: string;
  readonly tokenizer: ReadonlyArray<{ input: string; tokens: Array<{ kind: string; value: string }> | null }>;
  readonly parser: {
    readonly valid: ReadonlyArray<{
      selector: string;
      matches: Array<Record<string, string>>;
      nonMatches: Array<Record<string, string>>;
    }>;
    readonly invalid: readonly string[];
    readonly canonical: ReadonlyArray<{ input: string; canonical: string }>;
    readonly visitor: readonly string[];
  };
  /** validator_test.go entries, of any kind, whose verdict turns on one selector's syntax. */
  readonly validator: ReadonlyArray<{ description: string; field: string; selector: string; valid: boolean }>;
}

const TABLES: SelectorTables = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/upstream/calico/selectors.json'), 'utf8'));

describe('Calico selector grammar: upstream tokenizer_test.go', () => {
  it('ports every tokenizer case', () => {
    expect(TABLES.commit).toBe('87c15906f20c4ca1fda55af92295e7678b0cc0b2');
    expect(TABLES.tokenizer.length).toBe(49);
  });
  it.each(TABLES.tokenizer.map((c) => [JSON.stringify(c.input).slice(0, 60), c] as const))('tokenizes %s as upstream does', (_, c) => {
    const r = tokenizeSelector(c.input);
    if (c.tokens === null) {
      expect(r.ok).toBe(false);
    } else {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value.map((t) => ({ kind: t.kind, value: t.value }))).toEqual(c.tokens);
    }
  });
});

describe('Calico selector grammar: upstream parser_test.go', () => {
  it('ports every parser case', () => {
    expect([
      TABLES.parser.valid.length,
      TABLES.parser.invalid.length,
      TABLES.parser.canonical.length,
      TABLES.parser.visitor.length,
    ]).toEqual([58, 26, 17, 11]);
  });
  it.each(TABLES.parser.valid.map((c, i) => [i, JSON.stringify(c.selector), c] as const))('#%i %s parses and matches what upstream matches', (_, __, c) => {
    const r = parseSelector(c.selector);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const labels of c.matches) expect(r.value.evaluate(labels)).toBe(true);
    for (const labels of c.nonMatches) expect(r.value.evaluate(labels)).toBe(false);
    // Upstream also re-parses the canonical form and evaluates again.
    const again = parseSelector(r.value.canonical);
    expect(again.ok).toBe(true);
    if (again.ok) for (const labels of c.matches) expect(again.value.evaluate(labels)).toBe(true);
  });
  it.each(TABLES.parser.invalid.map((s) => [JSON.stringify(s), s] as const))('refuses %s', (_, s) => {
    expect(selectorSyntaxError(s)).toBeDefined();
  });
  it.each(TABLES.parser.canonical.map((c) => [JSON.stringify(c.input), c] as const))('canonicalises %s as upstream does', (_, c) => {
    const r = parseSelector(c.input);
    expect(r.ok && r.value.canonical).toBe(c.canonical);
    const round = parseSelector(c.canonical);
    expect(round.ok && round.value.canonical).toBe(c.canonical);
  });
  it.each(TABLES.parser.visitor.map((s) => [s] as const))('accepts the visitor test input %s', (s) => {
    expect(selectorSyntaxError(s)).toBeUndefined();
  });
});

describe('Calico selector grammar: the selector cases of upstream validator_test.go', () => {
  it('ports them all', () => {
    expect([TABLES.validator.length, TABLES.validator.filter((c) => c.valid).length]).toEqual([19, 14]);
  });
  it.each(TABLES.validator.map((c) => [c.description, c] as const))('%s', (_, c) => {
    expect(selectorSyntaxError(c.selector) === undefined).toBe(c.valid);
  });
});

describe('Calico selector errors: upstream words, the position and what was expected', () => {
  // The four selectors of issue 15, which synthesized before the parser existed.
  it.each([
    ['bgp-edge=true', 9, 'expected ==', '\'==\''],
    ['rack = \'r1\'', 6, 'expected ==', '\'==\''],
    ['rack == r1', 9, 'expected string', 'a quoted string after \'==\' (write \'r1\' or "r1")'],
    ['rack == \'r1\' &&', 16, 'unexpected token: TokEOF()', 'an expression (the selector ends too early'],
  ])('%s: column %i, Calico says %s', (selector, column, calico, expected) => {
    const [p] = checkSelector('spec.nodeSelector', selector);
    expect(p.field).toBe('spec.nodeSelector');
    expect(p.rule).toBe('calico.selector');
    expect(p.message).toContain(`'spec.nodeSelector' (${JSON.stringify(selector)}) is not a valid Calico selector: at column ${column} expected ${expected}`);
    expect(p.message).toContain(`Calico's parser says "${calico}"`);
  });

  it('names the label after which an operator is missing, as upstream does', () => {
    const e = selectorSyntaxError('kubernetes.io/hostname: == \'node-4\'');
    expect(e).toEqual({ position: 22, calicoMessage: 'expected operator after label "kubernetes.io/hostname"', expected: expect.stringContaining('an operator') });
  });

  it('says a line break is not allowed where the tokenizer stops on one', () => {
    const [p] = checkSelector('spec.peerSelector', 'a == \'b\'\n|| c == \'d\'');
    expect(p.message).toContain('at column 9 expected no line break');
  });

  it('accepts every operator of the grammar in one selector', () => {
    const s = '!(a == "x" || b != \'y\') && c in {"1", \'2\',} && d not in {} && has(example.com/e) && all() && global()'
      + ' && f contains "z" && g starts with "p" && h ends with \'q\' && i startswith "r" && j endswith "s" && k notin {"t"}';
    expect(checkSelector('spec.nodeSelector', s)).toEqual([]);
    const r = parseSelector(s);
    expect(r.ok && r.value.evaluate({ 'b': 'y', 'c': '2', 'example.com/e': '', 'f': 'xzx', 'g': 'pq', 'h': 'pq', 'i': 'rr', 'j': 'ss' })).toBe(true);
  });

  it('refuses a label longer than 512 characters, as upstream does', () => {
    expect(selectorSyntaxError(`${'a'.repeat(513)} == 'x'`)?.calicoMessage).toMatch(/^label too long/);
    expect(selectorSyntaxError(`${'a'.repeat(512)} == 'x'`)).toBeUndefined();
  });
});
