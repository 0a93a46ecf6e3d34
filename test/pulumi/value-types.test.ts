/**
 * `BgpPassword.fromValue` given something other than a string (a number in a config secret, an
 * undefined value): a ValidationError naming the field and the rule, never the value, raised once
 * (one check, whose error every input built from the value carries), never a TypeError from deep
 * inside the checks printing the value.
 */
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { ValidationError } from 'calico-bgp-auth';
import { BgpPassword, BgpPasswordSecret, MeshPassword, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import { TYPES, startMockStack } from './support/mock-stack';
import { collectingUnhandled } from './support/assertions';
import { validationError } from '../support/errors';

const PEER = { peerIP: '10.0.0.10', asNumber: 64512 };
const NUMBER = 987654321987;

const text = (e: unknown) => `${(e as Error)?.message ?? e}\n${(e as Error)?.stack ?? ''}`;

describe('BgpPassword.fromValue with a value that is not a string', () => {
  it.each([
    ['a secret number', () => pulumi.secret(NUMBER as unknown as string)],
    ['an Output of undefined', () => pulumi.output(undefined as unknown as string)],
    ['an Output of an object', () => pulumi.output({ value: NUMBER } as unknown as string)],
  ])('%s fails the deployment with one ValidationError naming the field, without the value, before anything is written', async (_what, value) => {
    // GIVEN a peer, a mesh and a shared secret on such a value
    const stack = await startMockStack();
    const unhandled = await collectingUnhandled(async () => {
      new SecuredBgpPeer('rr-1', { ...PEER, password: BgpPassword.fromValue(value()) });
      await stack.settleFailing();
    });
    // THEN every rejection is the one ValidationError of the check, naming the field and the rule
    expect(unhandled.length).toBeGreaterThan(0);
    expect(new Set(unhandled).size).toBe(1);
    const [err] = unhandled as ValidationError[];
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.problems.map((p) => [p.field, p.rule])).toEqual([['password', 'password.type']]);
    expect(err.message).toContain('SecuredBgpPeer \'rr-1\': \'password\' must be a string, not ');
    // AND no message or stack holds the value
    for (const e of unhandled) expect(text(e)).not.toContain(String(NUMBER));
    // AND neither the Secret nor the BGPPeer was registered
    expect(stack.ofType(TYPES.secret)).toEqual([]);
    expect(stack.ofType(TYPES.bgpPeer)).toEqual([]);
  });

  it.each([
    ['a number', NUMBER],
    ['undefined', undefined],
    ['null', null],
  ])('refuses %s given directly at construction, in every component, naming the field', async (_what, value) => {
    await startMockStack();
    const password = () => BgpPassword.fromValue(value as unknown as string);
    for (const build of [
      () => new SecuredBgpPeer('rr-1', { ...PEER, password: password() }),
      () => new MeshPassword('mesh', { password: password() }),
      () => new BgpPasswordSecret('rack', { password: password() }),
    ]) {
      const e = validationError(build);
      expect(e.problems.map((p) => [p.field, p.rule])).toEqual([['password', 'password.type']]);
      expect(text(e)).not.toContain(String(NUMBER));
    }
  });
});
