/**
 * The floor rules on characters YAML or a display get wrong: U+2028/U+2029 (YAML 1.1 line breaks),
 * format characters (Unicode Cf: zero-width, bidirectional overrides, BOM) and unpaired surrogates.
 * Refused in every path: the floor, policies, typed values in both engines, generation alphabets.
 */
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { PasswordPolicy, ROUTER_PROFILES, checkPasswordFloor } from '../../support/core';
import * as k from 'calico-bgp-auth/cdk8s';
import * as p from 'calico-bgp-auth/pulumi';
import { validationError } from '../../support/errors';
import { startMockStack } from '../../pulumi/support/mock-stack';

const CORE = 'Kq2-mZr8.Vt4+Hw9';
const rules = (pw: string) => checkPasswordFloor(pw).map((x) => x.rule);

describe('checkPasswordFloor: line separators, format characters, unpaired surrogates', () => {
  it.each([
    ['U+2028 LINE SEPARATOR inside', `${CORE}\u2028x`, ['password.line-separator']],
    ['U+2029 PARAGRAPH SEPARATOR inside', `${CORE}\u2029x`, ['password.line-separator']],
    ['a trailing U+2028 (also whitespace)', `${CORE}\u2028`, ['password.surrounding-whitespace', 'password.line-separator']],
    ['a zero-width space', `${CORE}\u200bx`, ['password.format-character']],
    ['a zero-width joiner', `${CORE}\u200dx`, ['password.format-character']],
    ['a right-to-left override', `${CORE}\u202ex`, ['password.format-character']],
    ['a first-strong isolate', `${CORE}\u2068x`, ['password.format-character']],
    ['a soft hyphen', `${CORE}\u00adx`, ['password.format-character']],
    ['a leading byte-order mark (also whitespace)', `\ufeff${CORE}`, ['password.surrounding-whitespace', 'password.format-character']],
    ['a tag character (astral Cf)', `${CORE}\u{e0041}x`, ['password.format-character']],
    ['a lone high surrogate', `${CORE}\ud800x`, ['password.unpaired-surrogate']],
    ['a lone low surrogate at the end', `${CORE}\udfff`, ['password.unpaired-surrogate']],
    ['surrogates in the wrong order', `${CORE}\udc00\ud800`, ['password.unpaired-surrogate']],
  ])('GIVEN %s WHEN checked THEN refused, without the password', (_what, pw, expected) => {
    const problems = checkPasswordFloor(pw);
    expect(problems.map((x) => x.rule)).toEqual(expected);
    expect(JSON.stringify(problems)).not.toContain(CORE);
  });

  it('GIVEN every Cf code point WHEN checked inside a password THEN each is refused', () => {
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (/\p{Cf}/u.test(c)) expect(rules(`ab${c}cd`), `U+${cp.toString(16)}`).toContain('password.format-character');
    }
  });

  it('GIVEN a valid astral character (a surrogate pair) and visible non-ASCII WHEN checked THEN accepted', () => {
    expect(checkPasswordFloor(`${CORE}😀é€`)).toEqual([]);
  });

  it('GIVEN any policy WHEN checking such a value THEN the floor refuses it; no router profile generates from an alphabet holding one', () => {
    for (const profile of ROUTER_PROFILES) {
      const policy = PasswordPolicy.routerLimits(profile.name);
      expect(policy.check(`${CORE}\u202ex`).map((x) => x.rule)).toContain('password.format-character');
      expect([...PasswordPolicy.forRouter(profile.name).alphabet].filter((c) => /[\u2028\u2029\p{Cf}\p{Cs}]/u.test(c))).toEqual([]);
    }
  });
});

describe('typed values in both engines', () => {
  it('cdk8s: fromValue with a bidi override or U+2028 fails validation, naming the rule', () => {
    for (const [value, rule] of [[`${CORE}\u202ex`, 'format-character'], [`${CORE}\u2028x`, 'U+2028'], [`${CORE}\ud800`, 'unpaired UTF-16 surrogate']]) {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      new k.SecuredBgpPeer(chart, 'tor', { peerIP: '10.0.0.1', asNumber: 64512, password: k.BgpPassword.fromValue(value) });
      const messages = app.node.findAll().flatMap((c) => c.node.validate());
      expect(messages.join('\n')).toContain(rule === 'format-character' ? 'invisible format character' : rule);
      expect(messages.join('\n')).not.toContain(CORE);
    }
  });

  it('Pulumi: fromValue with a zero-width space or U+2029 is refused at construction, naming the rule', async () => {
    await startMockStack();
    expect(validationError(() => new p.SecuredBgpPeer('tor', { peerIP: '10.0.0.1', asNumber: 64512, password: p.BgpPassword.fromValue(`${CORE}\u200bx`) }))
      .problems.map((x) => x.rule)).toEqual(['password.format-character']);
    expect(validationError(() => new p.MeshPassword('mesh', { password: p.BgpPassword.fromValue(`${CORE}\u2029x`) }))
      .problems.map((x) => x.rule)).toEqual(['password.line-separator']);
  });
});
