import { inspect } from 'node:util';
import { Chart, Testing } from 'cdk8s';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PasswordPolicy, derivePassword } from 'calico-bgp-auth';
import { BgpPassword, MeshPassword, SecuredBgpPeer, UNSEEDED_PASSWORD_WARNING } from 'calico-bgp-auth/cdk8s';
import { OTHER_SEED, TEST_SEED, appAndChart, ofKind, passwords, synth, synthError } from './support';

const PEER = { peerIP: '192.0.2.1', asNumber: 64601 } as const;

/** Builds the same small app each time: a mesh password and two peers. */
function buildApp(password: () => BgpPassword | undefined) {
  const app = Testing.app();
  const chart = new Chart(app, 'fabric');
  new MeshPassword(chart, 'mesh', { asNumber: 64512, password: password() });
  new SecuredBgpPeer(chart, 'tor-1', { ...PEER, password: password() });
  new SecuredBgpPeer(chart, 'tor-2', { peerIP: '192.0.2.2', asNumber: 64601, password: password() });
  return { app, chart };
}

/** The objects with every Secret value blanked out. */
function withoutSecretValues(objects: ReturnType<typeof synth>) {
  return objects.map((o) => (o.kind === 'Secret' ? { ...o, stringData: Object.fromEntries(Object.keys(o.stringData).map((k) => [k, '*'])) } : o));
}

describe('BgpPassword', () => {
  beforeEach(() => {
    // Tests control the seed; an ambient one must not leak in.
    vi.stubEnv('CALICO_BGP_AUTH_SEED', undefined);
    vi.stubEnv('CALICO_BGP_AUTH_SEED_FILE', undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  describe('generate with a seed', () => {
    it('writes byte-identical YAML at every synth', () => {
      // GIVEN the same app built twice with the same seed
      const first = buildApp(() => BgpPassword.generate({ seed: TEST_SEED })).app.synthYaml();
      const second = buildApp(() => BgpPassword.generate({ seed: TEST_SEED })).app.synthYaml();

      // THEN the output is the same bytes, and carries no seed
      expect(second).toBe(first);
      expect(first).not.toContain(TEST_SEED);
    });

    it('takes the seed from CALICO_BGP_AUTH_SEED when no seed is given, without a warning', () => {
      // GIVEN the seed in the environment and passwords with default options
      vi.stubEnv('CALICO_BGP_AUTH_SEED', TEST_SEED);
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

      // WHEN built twice, once with the default password, once with the seed passed explicitly
      const fromEnv = buildApp(() => undefined).app.synthYaml();
      const explicit = buildApp(() => BgpPassword.generate({ seed: TEST_SEED })).app.synthYaml();

      // THEN they agree and nothing warns
      expect(fromEnv).toBe(explicit);
      expect(warn).not.toHaveBeenCalled();
    });

    it('derives from the construct path and the Secret key (a contract: changing it would rotate every password)', () => {
      const { chart } = appAndChart();
      const peer = new SecuredBgpPeer(chart, 'tor', { ...PEER, secretKey: 'md5', password: BgpPassword.generate({ seed: TEST_SEED }) });
      const expected = derivePassword({ seed: TEST_SEED, context: `${peer.node.path}/md5` });
      expect(passwords(synth(chart))).toEqual([expected]);
    });

    it('gives every peer, seed and rotation an unrelated password', () => {
      const values = [
        [TEST_SEED, 0], [TEST_SEED, 1], [OTHER_SEED, 0],
      ].flatMap(([seed, rotation]) => {
        const password = () => BgpPassword.generate({ seed: seed as string, rotation: rotation as number });
        return passwords(synth(buildApp(password).chart));
      });
      expect(values).toHaveLength(9);
      expect(new Set(values).size).toBe(9);
    });

    it('meets the policy given', () => {
      const policy = PasswordPolicy.forRouter('lancom-lcos-sx');
      const { chart } = appAndChart();
      new SecuredBgpPeer(chart, 'tor', { ...PEER, password: BgpPassword.generate({ seed: TEST_SEED, policy }) });
      const [value] = passwords(synth(chart));
      expect(value).toHaveLength(25);
      expect(policy.check(value)).toEqual([]);
    });

    it.each([
      ['too short', 'abcd', /\[test\/tor\] 'seed' carries 16 bits; at least 256 bits are needed/],
      ['not hex nor base64', 'not a seed!', /\[test\/tor\] 'seed' must be hex or base64 text/],
      ['a typed pattern', '0123456789abcdef'.repeat(4), /\[test\/tor\] 'seed' decodes to 256 bits but can carry only about \d+: it has a regular sequence/],
      ['a repeated phrase (read as base64)', 'mysupersecretseed'.repeat(3), /\[test\/tor\] 'seed' decodes to 304 bits but can carry only about \d+: it has /],
    ])('refuses a seed that is %s, without showing it', (_what, seed, message) => {
      const { chart } = appAndChart();
      new SecuredBgpPeer(chart, 'tor', { ...PEER, password: BgpPassword.generate({ seed }) });
      const error = synthError(chart);
      expect(error).toMatch(message);
      expect(error).not.toContain(seed);
    });

    it('refuses a weak seed from the environment, naming the variable', () => {
      vi.stubEnv('CALICO_BGP_AUTH_SEED', '00'.repeat(32));
      const { chart } = appAndChart();
      new SecuredBgpPeer(chart, 'tor', PEER);
      expect(synthError(chart)).toMatch(/\[test\/tor\] 'CALICO_BGP_AUTH_SEED' repeats a handful of byte values/);
    });

    it('refuses an empty CALICO_BGP_AUTH_SEED instead of generating without a seed', () => {
      vi.stubEnv('CALICO_BGP_AUTH_SEED', '');
      const { chart } = appAndChart();
      new SecuredBgpPeer(chart, 'tor', PEER);
      expect(synthError(chart)).toMatch(/\[test\/tor\] 'CALICO_BGP_AUTH_SEED' is set but empty/);
    });

    it('refuses a low-entropy seed from the environment, naming the variable', () => {
      vi.stubEnv('CALICO_BGP_AUTH_SEED', 'mysupersecretseed'.repeat(3));
      const { chart } = appAndChart();
      new SecuredBgpPeer(chart, 'tor', PEER);
      const error = synthError(chart);
      expect(error).toMatch(/\[test\/tor\] 'CALICO_BGP_AUTH_SEED' decodes to 304 bits but can carry only about/);
      expect(error).not.toContain('mysupersecretseed');
    });

    it('refuses a negative rotation', () => {
      const { chart } = appAndChart();
      new SecuredBgpPeer(chart, 'tor', { ...PEER, password: BgpPassword.generate({ seed: TEST_SEED, rotation: -1 }) });
      expect(synthError(chart)).toContain('\'rotation\' (-1) must be a non-negative integer.');
    });
  });

  describe('generate without a seed', () => {
    it('writes new passwords at every synth and nothing else changes', () => {
      // GIVEN the same app built twice without a seed
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const first = synth(buildApp(() => undefined).chart);
      const second = synth(buildApp(() => undefined).chart);

      // THEN only the Secret values differ
      expect(withoutSecretValues(second)).toEqual(withoutSecretValues(first));
      const [a, b] = [passwords(first), passwords(second)];
      expect(a).toHaveLength(3);
      a.forEach((value, i) => expect(b[i]).not.toBe(value));
    });

    it('warns once per app, naming the environment variable', () => {
      // GIVEN three unseeded passwords in one app, then another app
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      buildApp(() => undefined);
      expect(warn).toHaveBeenCalledTimes(1);
      buildApp(() => undefined);

      // THEN one warning per app, saying that sessions reset and how to set a seed
      expect(warn).toHaveBeenCalledTimes(2);
      expect(warn).toHaveBeenCalledWith(UNSEEDED_PASSWORD_WARNING);
      expect(UNSEEDED_PASSWORD_WARNING).toContain('CALICO_BGP_AUTH_SEED');
      expect(UNSEEDED_PASSWORD_WARNING).toContain('resets every BGP session');
    });
  });

  describe('fromValue', () => {
    it('keeps the value out of the object\'s printed and serialized forms and out of construct metadata', () => {
      // GIVEN a hand-chosen value bound to a peer
      const value = 'hand-chosen-Value-42';
      const password = BgpPassword.fromValue(value);
      const { app, chart } = appAndChart();
      new SecuredBgpPeer(chart, 'tor', { ...PEER, password });

      // THEN the value is in the Secret only
      expect(inspect(password, { depth: 5 })).not.toContain(value);
      expect(JSON.stringify(password)).not.toContain(value);
      const metadata = app.node.findAll().flatMap((c) => c.node.metadata);
      expect(JSON.stringify(metadata)).not.toContain(value);
      const objects = synth(chart);
      expect(JSON.stringify(objects.filter((o) => o.kind !== 'Secret'))).not.toContain(value);
      expect(ofKind(objects, 'Secret')[0].stringData.password).toBe(value);
    });
  });
});
