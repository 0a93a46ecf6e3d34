/**
 * Property tests of generation: every password a policy generates passes that policy's `check` and
 * the floor rules, whatever bytes the source supplies. fast-check chooses the first bytes (edge
 * values such as runs of 0x00 and 0xff included); the OS CSPRNG supplies the rest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SYMBOLS,
  FirstCharacterRule,
  PasswordPolicy,
  PasswordPolicyProps,
  ROUTER_PROFILES,
  ValidationError,
  checkPasswordFloor,
} from '../../support/core';
import { PrefixedByteSource } from '../helpers/bytes';

const RUNS_PER_POLICY = 10_000;
const RANDOM_POLICIES = 1_500;
const PASSWORDS_PER_RANDOM_POLICY = 8;

const prefix = fc.uint8Array({ maxLength: 96 });

/** The problems of one generated password: empty means compliant. Never the password itself. */
function problemsOf(policy: PasswordPolicy, bytes: Uint8Array) {
  const pw = policy.generate(new PrefixedByteSource(bytes));
  const problems = [...policy.check(pw), ...checkPasswordFloor(pw)];
  if (Buffer.byteLength(pw, 'utf8') !== policy.length) {
    problems.push({ field: 'password', rule: 'test.length', message: `generated ${Buffer.byteLength(pw, 'utf8')} bytes, expected ${policy.length}` });
  }
  return problems;
}

describe('generated passwords meet their policy', () => {
  it(`GIVEN PasswordPolicy.DEFAULT WHEN ${RUNS_PER_POLICY} passwords are generated THEN none has a problem`, () => {
    // GIVEN
    const policy = PasswordPolicy.DEFAULT;
    // WHEN / THEN
    fc.assert(fc.property(prefix, (bytes) => {
      expect(problemsOf(policy, bytes)).toEqual([]);
    }), { numRuns: RUNS_PER_POLICY });
  });

  it.each(ROUTER_PROFILES.map((p) => p.name))(
    `GIVEN the router profile %s WHEN ${RUNS_PER_POLICY} passwords are generated THEN none has a problem`, (name) => {
      // GIVEN
      const policy = PasswordPolicy.forRouter(name);
      // WHEN / THEN
      fc.assert(fc.property(prefix, (bytes) => {
        expect(problemsOf(policy, bytes)).toEqual([]);
      }), { numRuns: RUNS_PER_POLICY });
    });

  it('GIVEN the default source (node:crypto) WHEN passwords are generated THEN they comply and never repeat', () => {
    // GIVEN
    const policy = PasswordPolicy.DEFAULT;
    // WHEN
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const pw = policy.generate();
      expect(policy.check(pw)).toEqual([]);
      seen.add(pw);
    }
    // THEN
    expect(seen.size).toBe(2_000);
  });
});

// Printable ASCII that is neither a letter, a digit, a space nor '"': what 'symbolSet' may hold.
const SYMBOL_POOL = [...'!#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];
const PRINTABLE = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))];
const FIRST_RULES: FirstCharacterRule[] = ['any', 'letter', 'alphanumeric', 'not-digit'];

function constructs(props: PasswordPolicyProps): boolean {
  try {
    new PasswordPolicy(props);
    return true;
  } catch (e) {
    if (e instanceof ValidationError) return false;
    throw e;
  }
}

const minimum = fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined });

/** Props over every prop of PasswordPolicyProps, kept to those the constructor accepts. */
const policyProps: fc.Arbitrary<PasswordPolicyProps> = fc.record({
  length: fc.integer({ min: 1, max: 80 }),
  maxSlack: fc.integer({ min: 0, max: 80 }),
  minShare: fc.double({ min: 0, max: 1, noNaN: true }),
  lowercase: fc.boolean(),
  uppercase: fc.boolean(),
  digits: fc.boolean(),
  symbols: fc.boolean(),
  symbolSet: fc.option(fc.shuffledSubarray(SYMBOL_POOL, { minLength: 1 }).map((a) => a.join('')), { nil: undefined }),
  minLowercase: minimum,
  minUppercase: minimum,
  minDigits: minimum,
  minSymbols: minimum,
  minClasses: fc.integer({ min: 0, max: 4 }),
  firstCharacter: fc.constantFrom(...FIRST_RULES),
  forbiddenCharacters: fc.array(fc.constantFrom(...PRINTABLE), { maxLength: 12 }).map((a) => a.join('')),
  allowOtherCharacters: fc.boolean(),
  minEntropyBits: fc.constantFrom(0, 32, 64, 128),
}).map((r): PasswordPolicyProps => ({
  name: 'random',
  length: r.length,
  maxLength: Math.min(80, r.length + r.maxSlack),
  minLength: 1 + Math.floor(r.minShare * (r.length - 1)),
  lowercase: r.lowercase,
  uppercase: r.uppercase,
  digits: r.digits,
  symbols: r.symbols,
  symbolSet: r.symbols ? r.symbolSet : undefined,
  minLowercase: r.lowercase ? r.minLowercase : undefined,
  minUppercase: r.uppercase ? r.minUppercase : undefined,
  minDigits: r.digits ? r.minDigits : undefined,
  minSymbols: r.symbols ? r.minSymbols : undefined,
  minClasses: r.minClasses,
  firstCharacter: r.firstCharacter,
  forbiddenCharacters: r.forbiddenCharacters,
  allowOtherCharacters: r.allowOtherCharacters,
  minEntropyBits: r.minEntropyBits,
})).filter(constructs);

describe('random valid policies', () => {
  it(`GIVEN ${RANDOM_POLICIES} random policies that construct WHEN each generates passwords THEN every password passes its check`, () => {
    fc.assert(
      fc.property(
        policyProps,
        fc.array(prefix, { minLength: PASSWORDS_PER_RANDOM_POLICY, maxLength: PASSWORDS_PER_RANDOM_POLICY }),
        (props, prefixes) => {
          // GIVEN
          const policy = new PasswordPolicy(props);
          // WHEN / THEN
          for (const bytes of prefixes) expect(problemsOf(policy, bytes)).toEqual([]);
        },
      ),
      { numRuns: RANDOM_POLICIES },
    );
  });

  it('GIVEN random policies WHEN constructed THEN the alphabet holds only enabled, allowed, floor-safe characters', () => {
    fc.assert(fc.property(policyProps, (props) => {
      // GIVEN / WHEN
      const policy = new PasswordPolicy(props);
      // THEN
      const unsafe = [...policy.alphabet].filter((c) => checkPasswordFloor(c).length > 0 || (props.forbiddenCharacters ?? '').includes(c));
      expect(unsafe).toEqual([]);
      expect(new Set(policy.alphabet).size).toBe(policy.alphabet.length);
      if (props.symbols && props.symbolSet === undefined) {
        expect([...DEFAULT_SYMBOLS].filter((s) => !(props.forbiddenCharacters ?? '').includes(s)).every((s) => policy.alphabet.includes(s))).toBe(true);
      }
    }), { numRuns: RANDOM_POLICIES });
  });
});

/**
 * Small policies, where class minimums, 'minClasses' and 'firstCharacter' can contradict each other.
 * A brute force over every sequence of classes decides whether any password of 'length' characters
 * can comply; the constructor must accept exactly those policies, and generation must then finish.
 */
const CLASS_NAMES = ['lowercase', 'uppercase', 'digits', 'symbols'] as const;
const FIRST_OK: Record<FirstCharacterRule, readonly string[]> = {
  'any': CLASS_NAMES, 'letter': ['lowercase', 'uppercase'], 'alphanumeric': ['lowercase', 'uppercase', 'digits'], 'not-digit': ['lowercase', 'uppercase', 'symbols'],
};

const smallPolicy = fc.record({
  length: fc.integer({ min: 1, max: 5 }),
  enabled: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()),
  mins: fc.tuple(...CLASS_NAMES.map(() => fc.integer({ min: 0, max: 3 }))),
  minClasses: fc.integer({ min: 0, max: 4 }),
  firstCharacter: fc.constantFrom(...FIRST_RULES),
});

function feasibleByBruteForce(r: typeof smallPolicy extends fc.Arbitrary<infer T> ? T : never): boolean {
  const classes = CLASS_NAMES.filter((_, i) => r.enabled[i]);
  const min = (c: string) => r.mins[CLASS_NAMES.indexOf(c as typeof CLASS_NAMES[number])];
  const sequences = (n: number): string[][] =>
    n === 0 ? [[]] : sequences(n - 1).flatMap((s) => classes.map((c) => [...s, c]));
  return sequences(r.length).some((seq) => FIRST_OK[r.firstCharacter].includes(seq[0])
    && new Set(seq).size >= r.minClasses
    && classes.every((c) => seq.filter((x) => x === c).length >= min(c)));
}

describe('policies whose rules contradict each other', () => {
  it('GIVEN small random policies WHEN constructed THEN exactly the satisfiable ones are accepted, and they generate compliant passwords', () => {
    fc.assert(fc.property(smallPolicy, prefix, (r, bytes) => {
      // GIVEN
      const props: PasswordPolicyProps = {
        length: r.length, minEntropyBits: 0, minClasses: r.minClasses, firstCharacter: r.firstCharacter,
        ...Object.fromEntries(CLASS_NAMES.flatMap((c, i) => [[c, r.enabled[i]], [`min${c[0].toUpperCase()}${c.slice(1)}`, r.enabled[i] ? r.mins[i] : undefined]])),
      };
      // Policies refused for reasons other than these contradictions are out of scope here.
      fc.pre(r.enabled.some(Boolean) && r.mins.reduce((a, b, i) => a + (r.enabled[i] ? b : 0), 0) <= r.length);
      // WHEN
      const accepted = constructs(props);
      // THEN
      expect(accepted).toBe(feasibleByBruteForce(r));
      if (accepted) expect(problemsOf(new PasswordPolicy(props), bytes)).toEqual([]);
    }), { numRuns: 3_000 });
  });

  it('GIVEN minimums that fill every position with digits and firstCharacter letter WHEN constructed THEN it is refused instead of generating forever', () => {
    // GIVEN
    const props: PasswordPolicyProps = { length: 2, lowercase: true, minLowercase: 0, uppercase: false, digits: true, minDigits: 2, symbols: false, firstCharacter: 'letter', minEntropyBits: 0 };
    // WHEN / THEN
    expect(() => new PasswordPolicy(props)).toThrow(new ValidationError([{
      field: 'firstCharacter', rule: 'policy.first-unsatisfiable',
      message: '\'firstCharacter\' (letter) cannot be met: the class minimums fill every position with characters it refuses; lower them or raise \'length\'.',
    }], 'PasswordPolicy \'custom\''));
  });

  it('GIVEN minClasses above what the length allows WHEN constructed THEN it is refused', () => {
    // GIVEN
    const props: PasswordPolicyProps = {
      length: 1,
      lowercase: false,
      uppercase: false,
      symbols: false,
      minClasses: 2,
      minEntropyBits: 0,
    };
    // WHEN / THEN
    expect(() => new PasswordPolicy(props)).toThrow('\'minClasses\' (2) cannot be met: with these classes and minimums a 1-character password holds at most 1 class(es).');
  });

  it('GIVEN minClasses 4 with every class minimum at 0 WHEN passwords are generated THEN each uses all four classes', () => {
    // GIVEN
    const policy = new PasswordPolicy({
      length: 6,
      minLowercase: 0,
      minUppercase: 0,
      minDigits: 0,
      minSymbols: 0,
      minClasses: 4,
      minEntropyBits: 0,
    });
    // WHEN / THEN
    fc.assert(fc.property(prefix, (bytes) => {
      expect(problemsOf(policy, bytes)).toEqual([]);
    }), { numRuns: 2_000 });
  });
});
