import { describe, it, expect } from 'vitest';
import {
  DEFAULT_GENERATOR_POLICY,
  PasswordPolicy,
  checkPasswordFloor,
  passwordGeneratorPolicy,
  passwordGeneratorPolicyForRouter,
  passwordGeneratorSpec,
} from '../support/core';
import { ESO_DEFAULT_SYMBOLS, GO_PASSWORD_ERRORS, simulateGenerator } from './support/go-password';

const RUNS = 10_000;

// Policies the generator accepts, from the default through router profiles to odd shapes.
const POLICIES: Array<[string, PasswordPolicy]> = [
  ['default generator policy', DEFAULT_GENERATOR_POLICY],
  ['floor only', PasswordPolicy.floorOnly()],
  ['frr (no space, no ?)', passwordGeneratorPolicyForRouter('frr')],
  ['openbgpd (79 characters)', passwordGeneratorPolicyForRouter('openbgpd', { length: 79 })],
  ['lancom-lcos-sx (25, letters and digits)', passwordGeneratorPolicyForRouter('lancom-lcos-sx')],
  ['nokia-sros (no space # $)', passwordGeneratorPolicyForRouter('nokia-sros')],
  ['huawei-vrp (two classes)', passwordGeneratorPolicyForRouter('huawei-vrp')],
  ['dell-os9 letters only', passwordGeneratorPolicyForRouter('dell-os9', { digits: false, minDigits: 0, symbols: false, minSymbols: 0 })],
  ['lowercase only, 20 lowercase', passwordGeneratorPolicy({ uppercase: false, minLowercase: 20, minDigits: 2, minSymbols: 2 })],
  ['one symbol character', passwordGeneratorPolicy({ symbolSet: '-', minSymbols: 3 })],
  ['80 bytes', passwordGeneratorPolicy({ length: 80 })],
];

describe('everything the external-secrets Password generator can produce meets the floor and the policy', () => {
  for (const [label, policy] of POLICIES) {
    it(`${label}: ${RUNS} simulated outputs all pass policy.check`, () => {
      // GIVEN the spec derived from the policy
      const spec = passwordGeneratorSpec(policy);
      // WHEN the generator's algorithm (go-password, as external-secrets calls it) runs many times
      let failures = 0;
      const rules = new Set<string>();
      for (let i = 0; i < RUNS; i++) {
        const bytes = simulateGenerator(spec);
        const pw = bytes.toString('utf8');
        // THEN every output is valid UTF-8 of the exact length and has no problem; only rule ids
        // are collected, never the value
        const problems = [...policy.check(pw), ...checkPasswordFloor(pw)];
        if (problems.length > 0 || bytes.length !== spec.length || Buffer.byteLength(pw) !== bytes.length) {
          failures++;
          problems.forEach((p) => rules.add(p.rule));
        }
      }
      expect({ failures, rules: [...rules] }).toEqual({ failures: 0, rules: [] });
    });
  }

  it('the simulation can fail: the unconstrained default policy is broken by some outputs', () => {
    // GIVEN the default policy (one uppercase letter required), which passwordGeneratorSpec refuses,
    // and the counts the generator would use for it
    const spec = { length: 8, digits: 2, symbols: 2, symbolCharacters: '-', noUpper: false, allowRepeat: true as const, encoding: 'raw' as const };
    const policy = new PasswordPolicy({ length: 8, symbolSet: '-', minEntropyBits: 0 });
    // WHEN it runs
    let broken = 0;
    for (let i = 0; i < RUNS; i++) if (policy.check(simulateGenerator(spec).toString('utf8')).length > 0) broken++;
    // THEN some outputs miss a letter case (4 letters: 2 * (1/2)^4 of them, about 12%)
    expect(broken).toBeGreaterThan(RUNS * 0.05);
  });
});

describe('why the generator settings are what they are (the upstream behaviours the spec avoids)', () => {
  it('upstream default symbolCharacters can emit a double quote, which breaks BIRD\'s configuration', () => {
    // GIVEN a generator spec that leaves symbolCharacters unset (upstream default)
    let quoted = 0;
    for (let i = 0; i < 2000; i++) {
      if (simulateGenerator({ length: 32, digits: 8, symbols: 8, noUpper: false, allowRepeat: true }).includes(0x22)) {
        quoted++;
      }
    }
    // THEN some passwords hold '"' (8 draws from 32 symbols: about 22% of them)
    expect(ESO_DEFAULT_SYMBOLS).toContain('"');
    expect(quoted).toBeGreaterThan(100);
  });

  it('allowRepeat false refuses more symbols than symbol characters', () => {
    expect(() => simulateGenerator({ length: 32, digits: 8, symbols: 8, symbolCharacters: '-_', noUpper: false, allowRepeat: false }))
      .toThrow(GO_PASSWORD_ERRORS.symbols);
    // AND with allowRepeat true, as the library writes it, the same counts work
    expect(simulateGenerator({ length: 32, digits: 8, symbols: 8, symbolCharacters: '-_', noUpper: false, allowRepeat: true })).toHaveLength(32);
  });

  it('a multi-byte symbol character comes out as broken UTF-8', () => {
    // GIVEN 'symbolCharacters' holding a two-byte character only
    let broken = 0;
    for (let i = 0; i < 200; i++) {
      const bytes = simulateGenerator({ length: 8, digits: 0, symbols: 4, symbolCharacters: '§', noUpper: false, allowRepeat: true });
      if (!Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)) broken++;
    }
    // THEN nearly every output is invalid UTF-8 (a lone byte of the pair)
    expect(broken).toBeGreaterThan(150);
  });
});
