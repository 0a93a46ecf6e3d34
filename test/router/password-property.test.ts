/**
 * Properties of the password in every rendering: generated passwords always fit their target and
 * come back out unchanged; any other value is either refused (without being echoed) or written
 * so that the router reads exactly it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HkdfByteSource, PasswordPolicy, ROUTER_TARGETS, ROUTER_TARGET_NAMES, ValidationError, checkRouterConfigInput,
  checkRouterPassword, parseSeed, renderRouterConfig, type RouterConfigInput, type RouterTarget,
} from '../support/core';
import { readBackPassword } from './read-back';
import { NODES_INPUT, RANGE_INPUT, TEST_SEED, generationPolicy } from './support';

const SEED = parseSeed(TEST_SEED);
/** Junos cannot authenticate dynamic peers, so it is always rendered with node addresses. */
const inputFor = (t: RouterTarget): RouterConfigInput => (t === 'junos' ? NODES_INPUT : RANGE_INPUT);
const lineCount = (s: string) => s.split('\n').length;

describe('generated passwords', () => {
  for (const target of ROUTER_TARGET_NAMES) {
    const profile = ROUTER_TARGETS[target].profile ?? 'default policy';
    it(`every password generated for ${target} (${profile}) passes the profile, renders, and reads back unchanged (1,000 runs)`, () => {
      const policy = generationPolicy(target);
      const placeholderLines = lineCount(renderRouterConfig(target, inputFor(target)));
      fc.assert(fc.property(fc.nat(), (n) => {
        // GIVEN a password generated under the target's generation policy
        const pw = policy.generate(new HkdfByteSource(SEED, `test/router/property/${target}/${n}`));
        // THEN it passes the full profile (generation rules included) and the target's checks
        expect(policy.check(pw), 'generated password fails its own policy').toEqual([]);
        expect(checkRouterPassword(target, pw), 'generated password refused by its target').toEqual([]);
        // AND WHEN rendered, the router reads back exactly it, on one line
        const out = renderRouterConfig(target, { ...inputFor(target), password: pw, includePassword: true });
        expect(readBackPassword(target, out) === pw, 'read-back differs from the password').toBe(true);
        expect(lineCount(out), 'the password changed the number of lines').toBe(placeholderLines);
      }), { numRuns: 1000 });
    });
  }

  it('the profiled targets are exactly those with a sourced router profile', () => {
    // GIVEN the target table; THEN NX-OS and EOS are the floor-policy ones, every other profile exists
    const unprofiled = ROUTER_TARGET_NAMES.filter((t) => !ROUTER_TARGETS[t].profile);
    expect(unprofiled).toEqual(['cisco-nxos', 'arista-eos']);
    for (const t of ROUTER_TARGET_NAMES) {
      const p = ROUTER_TARGETS[t].profile;
      if (p) expect(() => PasswordPolicy.forRouter(p), `profile ${p}`).not.toThrow();
    }
  });
});

// Characters that break syntaxes in different ways, mixed with ordinary ones.
const TRICKY = [...'aZ7-_.', ' ', '?', '"', '\\', '\n', '\r', '\t', '#', '!', ';', '{', '}', '$', '\'', '\u00a0', '\u2003', 'é', '€', '\u0000', '\u007f'];

describe('any password', () => {
  for (const target of ROUTER_TARGET_NAMES) {
    it(`${target}: a value is refused without being echoed, or read back exactly (300 runs)`, () => {
      const placeholderLines = lineCount(renderRouterConfig(target, inputFor(target)));
      fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...TRICKY), minLength: 1, maxLength: 90 }), (pw) => {
        // GIVEN any password; WHEN checked for the target
        const input = { ...inputFor(target), password: pw, includePassword: true };
        const problems = checkRouterConfigInput(target, input);
        if (problems.length > 0) {
          // THEN a refusal names a rule and, for a value long enough to recognise, never repeats it
          expect(problems.every((p) => p.field === 'password' && /^[a-z-]+\.[a-z-]+$/.test(p.rule))).toBe(true);
          let thrown: unknown;
          try { renderRouterConfig(target, input); } catch (e) { thrown = e; }
          expect(thrown).toBeInstanceOf(ValidationError);
          if (pw.length >= 8) {
            expect(problems.some((p) => p.message.includes(pw)), 'a problem echoes the password').toBe(false);
            expect((thrown as Error).message.includes(pw), 'the error echoes the password').toBe(false);
          }
          return;
        }
        // OTHERWISE the router reads back exactly the value, and no line was added or split
        const out = renderRouterConfig(target, input);
        expect(readBackPassword(target, out) === pw, 'read-back differs from the password').toBe(true);
        expect(lineCount(out)).toBe(placeholderLines);
      }), { numRuns: 300 });
    });
  }
});
