/**
 * PasswordPolicy's numeric props and degenerate alphabets: NaN, infinities, negatives, fractions and
 * non-numbers are refused at construction naming the prop (minEntropyBits included), and a policy
 * that can generate only one password (a one-symbol alphabet) is refused.
 */
import { describe, expect, it } from 'vitest';
import { PasswordPolicy, PasswordPolicyProps } from '../../support/core';
import { validationError } from '../../support/errors';

const rulesOf = (props: PasswordPolicyProps) =>
  validationError(() => new PasswordPolicy(props)).problems.map((p) => [p.field, p.rule]);

describe('PasswordPolicy numeric props', () => {
  it.each([NaN, -1, Infinity, -Infinity, '128' as unknown as number])('GIVEN minEntropyBits %s WHEN constructed THEN refused under minEntropyBits', (v) => {
    const e = validationError(() => new PasswordPolicy({ minEntropyBits: v }));
    expect(e.problems.map((p) => [p.field, p.rule])).toEqual([['minEntropyBits', 'policy.range']]);
    expect(e.problems[0].message).toBe(`'minEntropyBits' (${String(v)}) must be a finite number of bits, 0 or more.`);
  });

  it('GIVEN minEntropyBits 0 or a fraction WHEN constructed THEN accepted', () => {
    expect(new PasswordPolicy({ minEntropyBits: 0 }).entropyBits).toBeGreaterThan(0);
    expect(new PasswordPolicy({ minEntropyBits: 127.5 }).length).toBe(32);
  });

  it.each([
    ['length', NaN], ['length', Infinity], ['length', -1], ['length', 1.5], ['length', '32'],
    ['minLength', NaN], ['minLength', -1], ['maxLength', Infinity], ['maxLength', NaN],
    ['minDigits', NaN], ['minDigits', 0.5], ['minSymbols', Infinity], ['minLowercase', -1], ['minUppercase', '1'], ['minClasses', NaN], ['minClasses', -1],
  ] as Array<[keyof PasswordPolicyProps, unknown]>)('GIVEN %s %s WHEN constructed THEN refused under that prop', (prop, v) => {
    expect(rulesOf({ [prop]: v } as PasswordPolicyProps)).toContainEqual([prop, 'policy.range']);
  });
});

describe('PasswordPolicy: policies that generate a single password', () => {
  it('GIVEN a one-symbol alphabet WHEN constructed THEN refused: every password would be the same', () => {
    const e = validationError(() => new PasswordPolicy({ lowercase: false, uppercase: false, digits: false, symbolSet: '-', minEntropyBits: 0 }));
    expect(e.problems).toEqual([{
      field: 'symbolSet', rule: 'policy.deterministic',
      message: 'The generation alphabet holds a single character (-): every generated password would be the same. Enable more classes or characters.',
    }]);
  });

  it('GIVEN one digit left after forbiddenCharacters WHEN constructed THEN refused under digits', () => {
    expect(rulesOf({ lowercase: false, uppercase: false, symbols: false, forbiddenCharacters: '012345678', minEntropyBits: 0 }))
      .toEqual([['digits', 'policy.deterministic']]);
  });

  it('GIVEN length 1 and a first-character rule leaving one character WHEN constructed THEN refused under firstCharacter', () => {
    expect(rulesOf({ length: 1, lowercase: false, uppercase: false, minDigits: 0, symbolSet: '-', firstCharacter: 'not-digit', minEntropyBits: 0 }))
      .toEqual([['firstCharacter', 'policy.deterministic']]);
  });

  it('GIVEN two symbols and length 1 WHEN constructed with minEntropyBits 0 THEN accepted, and it varies', () => {
    const policy = new PasswordPolicy({ length: 1, lowercase: false, uppercase: false, digits: false, symbolSet: '-.', minEntropyBits: 0 });
    expect(new Set(Array.from({ length: 64 }, () => policy.generate())).size).toBe(2);
  });
});
