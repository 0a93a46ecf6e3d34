import { describe, it, expect } from 'vitest';
import {
  DEFAULT_SYMBOLS,
  PasswordPolicy,
  ValidationError,
  DEFAULT_GENERATOR_POLICY,
  checkPasswordGeneratorPolicy,
  generatorEntropyBits,
  generatorPolicyShape,
  passwordGeneratorPolicy,
  passwordGeneratorPolicyForRouter,
  passwordGeneratorSpec,
  planGeneratorSpec,
  ROUTER_PROFILES,
} from '../support/core';

function refusal(policy: PasswordPolicy): ValidationError {
  try {
    passwordGeneratorSpec(policy);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error(`policy '${policy.name}' was accepted`);
}

describe('passwordGeneratorSpec: the generator params derived from a policy', () => {
  it('writes every field explicitly for the default generator policy', () => {
    // GIVEN the default generator policy (32 characters, letters, digits, the safe symbols)
    // WHEN the spec is derived
    const spec = passwordGeneratorSpec(DEFAULT_GENERATOR_POLICY);
    // THEN a quarter of the length is digits and a quarter symbols, from our safe set, raw, with repeats
    expect(spec).toEqual({ length: 32, digits: 8, symbols: 8, symbolCharacters: DEFAULT_SYMBOLS, noUpper: false, allowRepeat: true, encoding: 'raw' });
    expect(generatorEntropyBits(spec)).toBeGreaterThan(180);
  });

  it('never leaves symbolCharacters empty or to the upstream default, even without symbols', () => {
    // GIVEN a policy without symbols, and one that forbids every default symbol but one
    const noSymbols = passwordGeneratorSpec(passwordGeneratorPolicy({ symbols: false, minSymbols: 0 }));
    const fewSymbols = passwordGeneratorSpec(passwordGeneratorPolicy({ forbiddenCharacters: '-_.+=@%,' }));
    // THEN symbols is 0 with a safe, non-empty set, and the remaining symbol is the only one used
    expect(noSymbols).toMatchObject({ symbols: 0, symbolCharacters: DEFAULT_SYMBOLS });
    expect(fewSymbols).toMatchObject({ symbols: 8, symbolCharacters: ':' });
    for (const s of [noSymbols, fewSymbols]) expect(s.symbolCharacters).not.toMatch(/["\\`\s]/);
  });

  it('sets noUpper when the policy disables uppercase, and keeps room for a lowercase minimum', () => {
    // GIVEN a lowercase-only policy that needs 20 lowercase letters out of 32
    const spec = passwordGeneratorSpec(
      passwordGeneratorPolicy({ uppercase: false, minLowercase: 20, minDigits: 2, minSymbols: 2 }),
    );
    // THEN letters are a-z only and digits/symbols shrink so 20 letters fit
    expect(spec).toMatchObject({ noUpper: true, length: 32 });
    expect(spec.length - spec.digits - spec.symbols).toBeGreaterThanOrEqual(20);
    expect(spec.digits).toBeGreaterThanOrEqual(2);
    expect(spec.symbols).toBeGreaterThanOrEqual(2);
  });

  it('raises digits and symbols to the policy minimums', () => {
    const spec = passwordGeneratorSpec(passwordGeneratorPolicy({ length: 40, minDigits: 12, minSymbols: 11 }));
    expect(spec).toMatchObject({ length: 40, digits: 12, symbols: 11 });
  });

  it('accepts the floor-only policy (other characters allowed, no minimums)', () => {
    expect(checkPasswordGeneratorPolicy(PasswordPolicy.floorOnly())).toEqual([]);
  });

  it('accepts every router profile without a first-character rule once letter minimums are 0', () => {
    // GIVEN each router profile adapted with passwordGeneratorPolicyForRouter
    const accepted = ROUTER_PROFILES.filter(
      (r) => checkPasswordGeneratorPolicy(passwordGeneratorPolicyForRouter(r.name)).length === 0,
    ).map((r) => r.name);
    const refused = ROUTER_PROFILES.map((r) => r.name).filter((n) => !accepted.includes(n));
    // THEN only the profiles with a first-character rule are refused
    expect(refused.sort()).toEqual(['brocade-netiron', 'cisco-ios', 'dell-os9']);
    for (const name of refused) expect(passwordGeneratorPolicyForRouter(name).firstCharacter).not.toBe('any');
  });

  it('accepts a letter-first rule when digits and symbols are off (every character is a letter)', () => {
    const spec = passwordGeneratorSpec(passwordGeneratorPolicyForRouter('dell-os9', { digits: false, minDigits: 0, symbols: false, minSymbols: 0 }));
    expect(spec).toMatchObject({ digits: 0, symbols: 0 });
  });
});

describe('passwordGeneratorSpec: policies the generator cannot express are refused, naming the prop and the rule', () => {
  it('refuses a first-character rule', () => {
    // GIVEN the Cisco IOS profile (first character must not be a digit)
    const e = refusal(passwordGeneratorPolicyForRouter('cisco-ios'));
    // THEN one problem on 'firstCharacter' says why and how to fix it
    expect(e.problems).toEqual([{
      field: 'firstCharacter',
      rule: 'generator.first-character',
      message: '\'firstCharacter\' (not-digit) cannot be met by the external-secrets Password generator: it inserts digits and symbols at random positions, so the first character may be a digit. Use a policy with firstCharacter \'any\', disable \'digits\', or use another password source (a derived or a stored password).',
    }]);
    expect(e.message).toBe(`External-secrets Password generator for policy 'cisco-ios': ${e.problems[0].message}`);
  });

  it('refuses letter and alphanumeric first-character rules with the class to disable', () => {
    expect(refusal(passwordGeneratorPolicy({ firstCharacter: 'letter' })).problems[0].message).toContain('so the first character may be a digit or a symbol. Use a policy with firstCharacter \'any\', disable \'digits\' and \'symbols\',');
    expect(refusal(passwordGeneratorPolicy({ firstCharacter: 'alphanumeric' })).problems[0].message).toContain('so the first character may be a symbol. Use a policy with firstCharacter \'any\', disable \'symbols\',');
  });

  it('refuses the default policy: it asks for an uppercase and a lowercase letter the generator cannot guarantee', () => {
    const e = refusal(PasswordPolicy.DEFAULT);
    expect(e.problems.map((p) => [p.field, p.rule])).toEqual([['minLowercase', 'generator.letter-minimum'], ['minUppercase', 'generator.letter-minimum']]);
    expect(e.problems[1].message).toBe('\'minUppercase\' (1) cannot be guaranteed by the external-secrets Password generator: it draws letters from a-z and A-Z with no per-case minimum, so a password may hold no uppercase letter. Set \'minUppercase\' to 0 (passwordGeneratorPolicy() does) or use another password source (a derived or a stored password).');
  });

  it('refuses disabling lowercase letters, which the generator always draws', () => {
    const e = refusal(passwordGeneratorPolicy({ lowercase: false, minLowercase: 0 }));
    expect(e.problems).toEqual([{
      field: 'lowercase',
      rule: 'generator.lowercase-always',
      message: '\'lowercase\' is false, but the external-secrets Password generator always draws lowercase letters (a-z); enable \'lowercase\' or use another password source (a derived or a stored password).',
    }]);
  });

  it('refuses forbidden letters, and forbidden digits while digits are drawn', () => {
    const e = refusal(passwordGeneratorPolicy({ forbiddenCharacters: 'lO0' }));
    expect(e.problems.map((p) => p.rule)).toEqual(['generator.forbidden-letter', 'generator.forbidden-digit']);
    expect(e.problems[0].message).toBe('\'forbiddenCharacters\' holds letters (l O) that the external-secrets Password generator cannot leave out: it always draws from all of a-z and A-Z. Remove them from \'forbiddenCharacters\' or use another password source (a derived or a stored password).');
    // AND a forbidden uppercase letter is fine once uppercase is off
    expect(checkPasswordGeneratorPolicy(passwordGeneratorPolicy({ uppercase: false, forbiddenCharacters: 'O' }))).toEqual([]);
  });

  it('refuses a minClasses the counts cannot guarantee', () => {
    // GIVEN letters and digits only, but 3 classes required
    const e = refusal(passwordGeneratorPolicy({ symbols: false, minSymbols: 0, minClasses: 3 }));
    expect(e.problems).toEqual([{
      field: 'minClasses',
      rule: 'generator.min-classes',
      message: '\'minClasses\' (3) cannot be guaranteed by the external-secrets Password generator: with 24 letter(s), 8 digit(s) and 0 symbol(s) it guarantees 2 class(es) (its letters may all be of one case). Lower \'minClasses\' or use another password source (a derived or a stored password).',
    }]);
    // AND the Huawei profile's two classes are met (letters and digits are always there)
    expect(checkPasswordGeneratorPolicy(passwordGeneratorPolicyForRouter('huawei-vrp'))).toEqual([]);
  });

  it('refuses multi-byte symbols, which the generator would split into broken UTF-8', () => {
    // GIVEN a shape a PasswordPolicy itself refuses (it checks symbolSet too), to test this rule alone
    const shape = { ...generatorPolicyShape(DEFAULT_GENERATOR_POLICY), classes: DEFAULT_GENERATOR_POLICY.characterClasses.map((c) => (c.name === 'symbols' ? { ...c, chars: '-§' } : c)) };
    const { problems } = planGeneratorSpec(shape);
    expect(problems).toEqual([{
      field: 'symbolSet',
      rule: 'generator.symbol-characters',
      message: '\'symbolSet\' holds 1 character(s) the external-secrets Password generator cannot use: it picks single bytes of \'symbolCharacters\', so a multi-byte character comes out as broken UTF-8, and \'"\' or whitespace breaks BIRD\'s configuration. Use printable ASCII symbols only.',
    }]);
  });

  it('refuses a spec weaker than the policy\'s own generator when both are below 128 bits', () => {
    // GIVEN a 20-character policy: its own generator carries about 117 bits, the generator's fixed
    // counts (10 letters, 5 digits, 5 symbols) about 114
    const policy = passwordGeneratorPolicy({ length: 20, minEntropyBits: 100 });
    const e = refusal(policy);
    // THEN it is refused on 'length', quoting both numbers
    expect(e.problems.map((p) => [p.field, p.rule])).toEqual([['length', 'generator.entropy']]);
    expect(e.problems[0].message).toBe(`With 10 letter(s), 5 digit(s) and 5 symbol(s), the external-secrets Password generator would carry about 114 bits of entropy, below ${Math.floor(policy.entropyBits)}; raise 'length'.`);
    expect(Math.floor(policy.entropyBits)).toBe(117);
    // AND 24 characters are enough
    expect(checkPasswordGeneratorPolicy(passwordGeneratorPolicy({ length: 24 }))).toEqual([]);
  });
});
