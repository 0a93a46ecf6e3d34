/**
 * The core's password-source model (lib/source): the one place both engines decide where a unit's
 * Secret is, which external-secrets objects come with it, and which props a source overrides.
 */
import { describe, expect, it } from 'vitest';
import {
  OPERATOR_INSTALL, PASSWORD_SOURCES, PasswordPolicy,
  checkPasswordSource, isDistinctPerKey, isInline, resolvePasswordSource,
} from '../../support/core';

const target = { secretName: 'bgp-password-tor-a', key: 'password', install: OPERATOR_INSTALL };

describe('resolvePasswordSource', () => {
  it('GIVEN a generated or given password WHEN resolved THEN the unit owns the Secret it would write', () => {
    for (const source of [PASSWORD_SOURCES.generate({}), PASSWORD_SOURCES.fromValue('s3cret-Value-1')]) {
      expect(isInline(source)).toBe(true);
      expect(resolvePasswordSource(source, target)).toEqual({
        placement: { mode: 'own', name: 'bgp-password-tor-a', key: 'password' },
        secretKeyRef: { name: 'bgp-password-tor-a', key: 'password' },
        problems: [],
      });
    }
  });

  it('GIVEN an existing Secret WHEN props name another THEN the Secret is the source\'s and the props are refused', () => {
    const source = PASSWORD_SOURCES.fromExistingSecret({ name: 'rack-md5' });
    expect(isInline(source)).toBe(false);
    const same = resolvePasswordSource(source, target, { name: 'rack-md5', key: 'password' });
    expect(same.placement).toEqual({ mode: 'existing', name: 'rack-md5', key: 'password' });
    expect(same.problems).toEqual([]);
    const other = resolvePasswordSource(source, target, { name: 'mine', nameField: 'name', keyField: 'key' });
    expect(other.problems.map((p) => [p.field, p.rule])).toEqual([['name', 'compose.source-names-secret']]);
    expect(other.problems[0].message).toContain("leave 'name' and 'key' unset");
  });

  it('GIVEN the external-secrets generator at rotation 2 with a staged 3 WHEN resolved THEN the Secret is the rotation\'s and the staged set comes apart', () => {
    const source = PASSWORD_SOURCES.fromExternalSecretsGenerator({ rotation: 2, prepareRotation: 3 });
    const r = resolvePasswordSource(source, target);
    expect(r.problems).toEqual([]);
    expect(r.secretKeyRef).toEqual({ name: 'bgp-password-tor-a-r2', key: 'password' });
    expect(r.placement).toEqual({ mode: 'existing', name: 'bgp-password-tor-a-r2', key: 'password' });
    expect(r.external?.rotation).toBe(2);
    expect(r.external?.current.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Password/bgp-password-tor-a-r2', 'ExternalSecret/bgp-password-tor-a-r2']);
    expect(r.external?.staged?.rotation).toBe(3);
    expect(r.external?.staged?.unit.objects.map((o) => o.kind)).toEqual(['Password', 'ExternalSecret', 'Role', 'RoleBinding']);
  });

  it('GIVEN a store source WHEN resolved THEN one ExternalSecret writes the target Secret; bad inputs are problems, not objects', () => {
    const ok = resolvePasswordSource(PASSWORD_SOURCES.fromExternalSecret({ store: { name: 'vault' }, remoteRef: { key: 'bgp/tor-a' } }), target);
    expect(ok.secretKeyRef).toEqual({ name: 'bgp-password-tor-a', key: 'password' });
    expect(ok.external?.current.objects.map((o) => o.kind)).toEqual(['ExternalSecret']);
    const bad = resolvePasswordSource(PASSWORD_SOURCES.fromExternalSecret({ store: { name: 'vault' }, remoteRef: { key: '' } }), target);
    expect(bad.external).toBeUndefined();
    expect(bad.secretKeyRef).toEqual({ name: 'bgp-password-tor-a', key: 'password' });
    expect(bad.problems.map((p) => p.rule)).toEqual(['external-secrets.remote-key']);
  });
});

describe('checkPasswordSource', () => {
  it('GIVEN a value breaking its policy WHEN checked THEN the policy\'s problem names the field and never the value; a deferred value waits', () => {
    const source = PASSWORD_SOURCES.fromValue('has"quote', { policy: PasswordPolicy.floorOnly() });
    const problems = checkPasswordSource(source, 'password');
    expect(problems.map((p) => p.field)).toContain('password');
    expect(JSON.stringify(problems)).not.toContain('has"quote');
    expect(checkPasswordSource(source, 'password', () => true)).toEqual([]);
  });

  it('GIVEN a generated password with rotation -1 or 1.5 WHEN checked THEN derive.rotation, as derivePassword says it', () => {
    for (const rotation of [-1, 1.5]) {
      expect(checkPasswordSource(PASSWORD_SOURCES.generate({ rotation }), 'password').map((p) => p.rule)).toEqual(['derive.rotation']);
    }
    expect(checkPasswordSource(PASSWORD_SOURCES.generate({ rotation: 3 }), 'password')).toEqual([]);
  });

  it('GIVEN each source WHEN asked THEN only a generated password gives each key its own value', () => {
    expect(isDistinctPerKey(PASSWORD_SOURCES.generate({}))).toBe(true);
    expect(isDistinctPerKey(PASSWORD_SOURCES.fromValue('x'))).toBe(false);
    expect(isDistinctPerKey(PASSWORD_SOURCES.fromExistingSecret({ name: 'a' }))).toBe(false);
    expect(isDistinctPerKey(PASSWORD_SOURCES.fromExternalSecretsGenerator())).toBe(false);
  });
});
