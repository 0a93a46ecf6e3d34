import { Problem, problem } from '../errors';
import { LIMITS_ONLY, PasswordPolicy, PasswordPolicyProps } from '../password';
import { ROUTER_TARGETS, RouterTarget } from './types';

/**
 * The policy a password must meet to be written for `target`: the limits of the target's router
 * profile (see `ROUTER_PROFILES`).
 *
 * Cisco NX-OS and Arista EOS have no sourced profile (their documentation states no limit we could
 * verify, see `shared/routers/PASSWORD-LIMITS.md`), so they get the floor rules plus what their CLI
 * parsing needs: no whitespace (the password is one token after the encryption type) and no `?`
 * (it opens context help in Cisco-style CLIs).
 */
export function routerTargetPolicy(target: RouterTarget): PasswordPolicy {
  const info = ROUTER_TARGETS[target];
  if (info.profile) return PasswordPolicy.routerLimits(info.profile);
  return new PasswordPolicy({ ...LIMITS_ONLY, name: target, forbiddenCharacters: ' ?' });
}

/**
 * The policy `calico-bgp-auth password --router <target>` generates with: the target's router profile,
 * or for a target without one (Cisco NX-OS, Arista EOS) the default policy, whose alphabet (letters,
 * digits, `-_.+=@%,:`) holds no whitespace and no `?`, so {@link routerTargetPolicy} accepts it.
 * @internal
 */
export function routerTargetGenerationPolicy(
  target: RouterTarget,
  overrides: PasswordPolicyProps = {},
): PasswordPolicy {
  const info = ROUTER_TARGETS[target];
  return info.profile
    ? PasswordPolicy.forRouter(info.profile, overrides)
    : new PasswordPolicy({ name: target, ...overrides });
}

// Syntaxes that take the password as one whitespace-delimited token. FRR's cmd_make_strvec()
// (lib/command.c) splits on blanks with no quoting; NX-OS and EOS read `password 0 <key>` the same way.
const SINGLE_TOKEN: readonly RouterTarget[] = ['frr', 'cisco-nxos', 'arista-eos'];

/**
 * Every problem of `password` for `target`: the target policy's rules (floor rules included) and
 * the syntax's own (one token; ASCII for Junos). The password never appears in the result.
 */
export function checkRouterPassword(target: RouterTarget, password: string, field = 'password'): Problem[] {
  const policy = routerTargetPolicy(target);
  const problems = policy.check(password, field);
  const name = ROUTER_TARGETS[target].displayName;
  if (SINGLE_TOKEN.includes(target)) {
    // Spaces are already reported by the policy; this catches tabs' cousins: NBSP, em space, ….
    const blanks = [...password].filter((c) => /\s/u.test(c) && !policy.forbiddenCharacters.includes(c));
    if (blanks.length > 0 && !problems.some((p) => p.rule === 'password.control-character' || p.rule === 'password.newline')) {
      problems.push(problem(field, 'router.single-token',
        `'${field}' contains ${blanks.length} whitespace character(s); ${name} reads the password as one token, so it would be cut there. Use a password without whitespace.`));
    }
  }
  if (target === 'junos' && /[^\x20-\x7e]/.test(password)) {
    // "authentication-key (Protocols BGP and BMP)": the key is "any ASCII strings".
    problems.push(problem(field, 'router.ascii',
      `'${field}' contains characters outside printable ASCII; Junos authentication keys are ASCII strings. Use a password of printable ASCII characters.`));
  }
  return problems;
}
