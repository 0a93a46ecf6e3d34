/**
 * The guardrail's selector check, a regular expression run by CEL's matches() (RE2), against Calico's
 * parser as ported in the core: on every selector of upstream's tokenizer and parser tables, and on
 * random selectors built from the grammar's pieces. The regular expression never refuses a selector
 * Calico accepts; it accepts a selector Calico refuses only for the two reasons it documents
 * (parenthesis balance, labels over 512 characters).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleSentence } from '../../lib/audit';
import { selectorSyntaxError } from '../../lib/calico/selector';
import { SELECTOR_PATTERN, buildBgpPasswordGuardrail } from '../../lib/guardrail';
import { re2Test } from '../support/crd-schema';
import { admit } from './admission';

type Obj = Record<string, unknown>;

const TABLES = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/upstream/calico/selectors.json'), 'utf8'));
const UPSTREAM_SELECTORS: string[] = [...new Set<string>([
  ...TABLES.tokenizer.map((c: { input: string }) => c.input),
  ...TABLES.parser.valid.map((c: { selector: string }) => c.selector),
  ...TABLES.parser.invalid,
  ...TABLES.parser.canonical.flatMap((c: { input: string; canonical: string }) => [c.input, c.canonical]),
  ...TABLES.parser.visitor,
  ...TABLES.validator.map((c: { selector: string }) => c.selector),
])];

/** Why the pattern may accept what the parser refuses (see lib/guardrail/selector-cel.ts). */
function knownBlindSpot(calicoMessage: string): boolean {
  return calicoMessage === 'expected )' || calicoMessage.startsWith('unexpected content at end of selector [TokRParen()')
    || calicoMessage.startsWith('label too long');
}

function verdicts(selector: string): { parser: boolean; pattern: boolean; blindSpot: boolean } {
  const error = selectorSyntaxError(selector);
  return {
    parser: error === undefined,
    pattern: re2Test(SELECTOR_PATTERN, selector),
    blindSpot: error !== undefined && knownBlindSpot(error.calicoMessage),
  };
}

describe('SELECTOR_PATTERN against Calico\'s parser', () => {
  it(`agrees on the ${UPSTREAM_SELECTORS.length} distinct selectors of upstream's tables, but for the documented blind spots`, () => {
    const disagreements = UPSTREAM_SELECTORS.map((s) => ({ s, ...verdicts(s) })).filter((v) => v.parser !== v.pattern);
    // Upstream has one of each: `(a == "foo"` and a 513-character label.
    expect(disagreements.map((d) => [d.s.slice(0, 20), d.parser, d.pattern, d.blindSpot])).toEqual([
      ['a'.repeat(20), false, true, true],
      ['(a == "foo"', false, true, true],
    ]);
  });

  it('never refuses a selector the parser accepts, and accepts a refused one only in a blind spot (3,000 random selectors)', () => {
    // Pieces of the grammar, well- and ill-placed, joined with random blanks.
    const pieces = ['a', 'rack', 'example.com/tier', 'has(a)', 'has( b )', 'all()', 'global( )', '==', '!=', '=', '!', '&&', '||', '&', '|', '(', ')',
      '\'r1\'', '"x y"', '\'"\'', 'in', 'not in', 'notin', '{', '}', ',', 'contains', 'starts with', 'endswith', 'ends  with', 'r1', '%', '\t'];
    let state = 20261203;
    const random = (n: number) => { state = (state * 48271) % 2147483647; return state % n; };
    const terms = ['has(a)', 'rack == \'r1\'', 'b in {\'x\', "y",}', 'c not in {}', 'd starts with \'p\'', 'all()', 'global( )', 'e!="q"', 'f contains"z"'];
    const grammar = (depth: number): string => {
      const n = 1 + random(3);
      const parts = Array.from({ length: n }, () => {
        const inner = depth > 0 && random(3) === 0 ? `(${grammar(depth - 1)})` : terms[random(terms.length)];
        return `${['', '!', '! ', '!!'][random(4)]}${inner}`;
      });
      return parts.map((x, j) => (j === 0 ? x : `${['&&', ' || ', ' && '][random(3)]}${x}`)).join('');
    };
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const n = 1 + random(8);
      let s = '';
      for (let j = 0; j < n; j++) s += pieces[random(pieces.length)] + [' ', '', '  '][random(3)];
      // A third of the time, a selector built by the grammar (valid, unless the blanks break a keyword);
      // a third of the time, a valid start followed by the random pieces.
      if (i % 3 === 0) s = grammar(3);
      else if (i % 3 === 1) s = `${grammar(1)} ${['&&', '||'][random(2)]} ${s}`;
      const v = verdicts(s);
      if (v.parser) accepted++;
      if (v.parser) expect(v.pattern, s).toBe(true);
      if (!v.parser && v.pattern) expect(v.blindSpot, s).toBe(true);
    }
    expect(accepted).toBeGreaterThan(100);
  });
});

describe('the guardrail refuses a BGPPeer whose selector is not Calico syntax', () => {
  const peer = (spec: Obj): Obj => ({
    apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'tor' },
    spec: { ...spec, password: { secretKeyRef: { name: 'bgp', key: 'tor' } } },
  });
  const g = buildBgpPasswordGuardrail();

  it.each([
    ['nodeSelector', 'bgp-edge=true'], ['nodeSelector', 'rack = \'r1\''], ['peerSelector', 'rack == r1'], ['localWorkloadSelector', 'rack == \'r1\' &&'],
  ])('%s: %s, naming the field and the value', (field, selector) => {
    const result = admit(g.policy as Obj, peer({ [field]: selector, asNumber: 64512 }));
    expect(result.failures.map((f) => [g.validations[f.index].rule, f.message])).toEqual([
      ['calico.selector',
        `spec.${field} (${selector}) is not valid Calico selector syntax. ${ruleSentence('calico.selector')}`],
    ]);
  });

  it('admits valid selectors, and the check can be turned off', () => {
    expect(admit(g.policy as Obj, peer({ nodeSelector: 'rack == \'r1\' && !has(edge)', peerSelector: 'tier in {"rr", \'tor\'}' })).failures).toEqual([]);
    const off = buildBgpPasswordGuardrail({ checkSelectors: false });
    expect(admit(off.policy as Obj, peer({ nodeSelector: 'rack = r1', peerIP: '192.0.2.1', asNumber: 64512 })).failures).toEqual([]);
  });
});

describe('the guardrail refuses an ignoredInterfaces entry that would inject configuration into bird.cfg', () => {
  const config = (ignoredInterfaces: string[]): Obj => ({ apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration', metadata: { name: 'node.worker-1' }, spec: { ignoredInterfaces } });
  const g = buildBgpPasswordGuardrail();
  const denied = (names: string[]) =>
    admit(g.policy as Obj, config(names)).failures.map((f) => g.validations[f.index].rule);

  it.each([[['eth0"; protocol static evil {']], [['*']], [['a'.repeat(16)]], [['veth*', 'bad name']]])('refuses %j', (names) => {
    expect(denied(names)).toEqual(['calico.ignored-interface']);
  });
  it('admits interface names and wildcards inside a name', () => {
    expect(denied(['veth*', 'cali.1-x_y', 'eth1'])).toEqual([]);
  });
});
