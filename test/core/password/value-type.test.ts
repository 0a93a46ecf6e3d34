/**
 * A password value that is not a string (untyped configuration, a JavaScript caller) is refused by
 * type under rule `password.type`, never with a TypeError from inside the checks that prints it.
 */
import { describe, expect, it } from 'vitest';
import { PasswordPolicy, checkPasswordType } from '../../support/core';

describe('checkPasswordType', () => {
  it.each([
    [987654321987, 'a number'], [undefined, 'undefined'], [null, 'null'], [{ v: 1 }, 'an object'], [['x'], 'an array'], [true, 'a boolean'], [12n, 'a bigint'],
  ])('GIVEN %s WHEN checked THEN refused naming the type, never the value', (value, type) => {
    // WHEN the policy checks it (as every engine does)
    const problems = PasswordPolicy.DEFAULT.check(value as unknown as string, 'spec.password');
    // THEN one problem, naming the field and the type
    expect(problems).toEqual([{
      field: 'spec.password', rule: 'password.type',
      message: `'spec.password' must be a string, not ${type}: a password is text (quote a numeric value in configuration).`,
    }]);
    expect(JSON.stringify(problems)).not.toContain('987654321987');
  });

  it('GIVEN a string WHEN checked THEN no type problem', () => {
    expect(checkPasswordType('Kq2-mZr8.Vt4+Hw9')).toEqual([]);
  });
});
