import { randomBytes } from 'node:crypto';
import { validationError } from '../support/errors';
import { describe, it, expect } from 'vitest';
import { PasswordPolicy, ROUTER_PROFILES, ValidationError } from 'calico-bgp-auth';
import { BgpPassword, ENTROPY_BYTES, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import { shapePassword as shapeFromSources } from '../../lib/pulumi/shape-password';
import { expectDifferentPasswords, expectSamePassword, secretStringData } from './support/assertions';
import { TYPES, startMockStack, valueOf } from './support/mock-stack';

// The default policy and every router profile: the Pulumi path must honour each exactly, including
// first-character rules (cisco-ios, dell-os9, brocade-netiron) that RandomPassword cannot express.
const POLICIES: ReadonlyArray<[string, PasswordPolicy]> = [
  ['default', PasswordPolicy.DEFAULT],
  ...ROUTER_PROFILES.map((p): [string, PasswordPolicy] => [p.name, PasswordPolicy.forRouter(p.name)]),
];
// The component's shaping function is internal (not exported by the package); typed here with the package's
// PasswordPolicy.
type ShapeOptions = { context: string; rotation?: number; policy?: PasswordPolicy; entropySource?: string };
const shapePassword = shapeFromSources as unknown as (entropyBase64: string, options: ShapeOptions) => string;
const entropy = () => randomBytes(ENTROPY_BYTES).toString('base64');

describe('generated passwords through the Pulumi path', () => {
  it('shapes at least 10,000 RandomBytes outputs into passwords that meet the default policy and every router profile', () => {
    // GIVEN random RandomBytes outputs, as the provider returns them (base64 of 64 bytes)
    const perPolicy = Math.ceil(10_000 / POLICIES.length);
    let checked = 0;
    const failures: string[] = [];
    for (const [name, policy] of POLICIES) {
      for (let i = 0; i < perPolicy; i++) {
        // WHEN the component's shaping function turns them into a password
        const password = shapePassword(entropy(), { context: 'password', rotation: i % 3, policy });
        // THEN the password meets the policy (rules only in the failure list, never the value)
        const problems = policy.check(password);
        if (problems.length) failures.push(`${name}: ${problems.map((p) => p.rule).join(', ')}`);
        if (password.length !== policy.length) failures.push(`${name}: length ${password.length} instead of ${policy.length}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10_000);
    expect(failures).toEqual([]);
  });

  it('is a pure function of entropy, context, rotation and policy', () => {
    // GIVEN one entropy
    const e = entropy();
    const policy = PasswordPolicy.forRouter('cisco-ios');
    // THEN the same inputs give the same password (a `pulumi up` that keeps the RandomBytes keeps the password)
    expectSamePassword(shapePassword(e, { context: 'password', policy }), shapePassword(e, { context: 'password', policy }), 'same inputs');
    // AND a different context, rotation or entropy gives another one
    const base = shapePassword(e, { context: 'password', policy });
    expectDifferentPasswords(base, shapePassword(e, { context: 'tor-b', policy }), 'other context');
    expectDifferentPasswords(base, shapePassword(e, { context: 'password', rotation: 1, policy }), 'other rotation');
    expectDifferentPasswords(base, shapePassword(entropy(), { context: 'password', policy }), 'other entropy');
  });

  it('refuses missing, short or fixed entropy with a message about the RandomBytes (not a seed), which never quotes it', () => {
    const short = randomBytes(16).toString('base64');
    for (const [given, rule, text] of [
      [undefined, 'entropy.missing', 'the RandomBytes gave no entropy: its \'base64\' output is missing.'],
      ['', 'entropy.missing', 'its \'base64\' output is an empty string'],
      [short, 'entropy.too-short', 'the RandomBytes gave 128 bits of entropy; at least 256 bits are needed'],
      [Buffer.alloc(64, 7).toString('base64'), 'entropy.weak', 'gave bytes that repeat a handful of values'],
      ['not base64 at all!', 'entropy.encoding', 'gave entropy that is not base64 text'],
    ] as const) {
      const err = validationError(() => shapePassword(given as string, { context: 'password' }));
      expect(err.problems.map((p) => `${p.field} ${p.rule}`)).toEqual([`entropy ${rule}`]);
      expect(err.message).toContain(text);
      expect(err.message).toContain('calicoBgpAuthMocks() from \'calico-bgp-auth/pulumi/testing\'');
      expect(err.message).not.toMatch(/seed/i);
      if (given) expect(err.message.includes(given)).toBe(false);
    }
    // AND the RandomBytes is named when known
    expect(validationError(() => shapePassword(short, { context: 'password', entropySource: 'tor-a-entropy' })).message).toContain('RandomBytes \'tor-a-entropy\' gave 128 bits');
  });

  it('meets every policy through real components: a few hundred peers under mocks, Secret value equal to the output', async () => {
    // GIVEN 20 peers per policy (340 components), each with mocked RandomBytes entropy
    const stack = await startMockStack();
    const peers: Array<[string, PasswordPolicy, SecuredBgpPeer]> = [];
    POLICIES.forEach(([name, policy], p) => {
      for (let i = 0; i < 20; i++) {
        const peer = new SecuredBgpPeer(`peer-${name}-${i}`, {
          peerIP: `10.${p}.${i}.1`, asNumber: 65000 + p, password: BgpPassword.generate({ policy }),
        });
        peers.push([name, policy, peer]);
      }
    });
    await stack.settle();
    // THEN every password output meets its policy and is exactly what the Secret holds
    const secrets = new Map(stack.ofType(TYPES.secret)
      .map((r) => [r.inputs.metadata.name as string, secretStringData(r).password]));
    const failures: string[] = [];
    for (const [name, policy, peer] of peers) {
      const password = await valueOf(peer.password!);
      const problems = policy.check(password);
      if (problems.length) failures.push(`${name}: ${problems.map((x) => x.rule).join(', ')}`);
      if (secrets.get(await valueOf(peer.secretName)) !== password) failures.push(`${name}: Secret value differs from the password output`);
    }
    expect(peers.length).toBeGreaterThanOrEqual(300);
    expect(failures).toEqual([]);
  });
});
