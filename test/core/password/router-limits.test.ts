import { describe, expect, it } from 'vitest';
import { PasswordPolicy, ROUTER_PROFILES } from '../../../lib';

describe('PasswordPolicy.routerLimits', () => {
  it('GIVEN a value a person typed WHEN checked against the Junos limits THEN missing classes are no problem, unlike the full profile', () => {
    // GIVEN a letters-only value
    const value = 'onlylettershere';
    // WHEN / THEN
    expect(PasswordPolicy.routerLimits('junos').check(value)).toEqual([]);
    expect(PasswordPolicy.forRouter('junos').check(value).map((p) => p.rule)).toContain('policy.class-minimum');
  });

  it('GIVEN the Dell OS9 limits WHEN a value starts with a digit or holds a space THEN the router rules still apply', () => {
    const rules = PasswordPolicy.routerLimits('dell-os9').check('1abc def').map((p) => p.rule);
    expect(rules).toEqual(['policy.forbidden-character', 'policy.first-character']);
  });

  it('GIVEN every profile WHEN its limits check a password generated for it THEN there is no problem', () => {
    for (const profile of ROUTER_PROFILES) {
      const pw = PasswordPolicy.forRouter(profile.name).generate();
      expect(PasswordPolicy.routerLimits(profile.name).check(pw).length, profile.name).toBe(0);
    }
  });
});
