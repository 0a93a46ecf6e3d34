/**
 * The router side against bad input (issue 16, "Router side"): every option of the wrong type or
 * value is a ValidationError naming the prop, in the core and both engines, never a TypeError or a
 * value silently replaced; `writeRouterConfig` never writes through a link planted at its path.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { renderRouterConfig, routerConfigInputFromPeers, type RouterConfigOptions } from '../../lib';
import { BgpPassword, SecuredBgpPeer } from '../../lib/cdk8s';
import { SecuredBgpPeer as PulumiSecuredBgpPeer } from '../../lib/pulumi';
import { startMockStack } from '../pulumi/support/mock-stack';
import { validationError } from '../support/errors';
import { TEST_SEED } from './support';

const TOR = { peerIP: '10.0.0.1', asNumber: 65001 };
const PEERS = [{ name: 'tor-a', spec: TOR }];
const REF = { name: 'tor-a-md5', key: 'password' };
const OK: RouterConfigOptions = { clusterASNumber: 64512, nodeCIDRs: ['10.0.0.0/24'] };

/** [what, options, the prop the problem names, its rule]. */
const BAD: Array<[string, Record<string, unknown>, string, string]> = [
  ['clusterASNumber \'abc\'', { clusterASNumber: 'abc' }, 'clusterASNumber', 'calico.as-number'],
  ['clusterASNumber \'1.2.3\'', { clusterASNumber: '1.2.3' }, 'clusterASNumber', 'calico.as-number'],
  ['clusterASNumber 0', { clusterASNumber: 0 }, 'clusterASNumber', 'calico.as-number'],
  ['clusterASNumber NaN', { clusterASNumber: Number.NaN }, 'clusterASNumber', 'calico.as-number'],
  ['routerASNumber \'abc\' (was ignored for the BGPPeers\' AS)', { routerASNumber: 'abc' }, 'routerASNumber', 'calico.as-number'],
  ['routerASNumber 2^32', { routerASNumber: 2 ** 32 }, 'routerASNumber', 'calico.as-number'],
  ['nodeCIDRs as one string', { nodeCIDRs: '10.0.0.0/24' }, 'nodeCIDRs', 'router.option-type'],
  ['nodeAddresses with a number', { nodeCIDRs: undefined, nodeAddresses: [167772171] }, 'nodeAddresses', 'router.option-type'],
  ['includePassword \'false\' (truthy: would write the password)', { includePassword: 'false' }, 'includePassword', 'router.option-type'],
  ['routerAddress as a number', { routerAddress: 167772161 }, 'routerAddress', 'router.option-type'],
  ['routerId as a number', { routerId: 1 }, 'routerId', 'router.option-type'],
  ['peerGroup as a list', { peerGroup: ['calico'] }, 'peerGroup', 'router.option-type'],
  ['ebgpMultihop \'2\'', { ebgpMultihop: '2' }, 'ebgpMultihop', 'router.multihop'],
];

describe('routerConfigInputFromPeers and renderRouterConfig (core)', () => {
  it.each(BAD)('refuses %s, naming the prop', (_what, bad, field, rule) => {
    const e = validationError(() => renderRouterConfig('frr', routerConfigInputFromPeers({ ...OK, ...bad, peers: PEERS, secretKeyRef: REF } as never)));
    expect(e.problems.map((p) => [p.field, p.rule])).toContainEqual([field, rule]);
    expect(e.message).toContain(`'${field}'`);
  });

  it('refuses a password that is not a string without naming it, in both steps', () => {
    const e = validationError(() =>
      routerConfigInputFromPeers({ ...OK, peers: PEERS, secretKeyRef: REF, password: 987654321987 as never }),
    );
    expect(e.problems.map((p) => p.rule)).toEqual(['router.option-type']);
    expect(e.message).not.toContain('987654321987');
    const input = routerConfigInputFromPeers({ ...OK, peers: PEERS, secretKeyRef: REF });
    const r = validationError(() => renderRouterConfig('frr', { ...input, password: 987654321987 as never, includePassword: true }));
    expect(r.message).toContain('\'password\' must be a string (got a number)');
    expect(r.message).not.toContain('987654321987');
  });
});

describe('routerConfig of the engines', () => {
  it.each(BAD)('cdk8s refuses %s with a ValidationError naming the prop', (_what, bad, field) => {
    const chart = new Chart(Testing.app(), 'test');
    const peer = new SecuredBgpPeer(chart, 'tor-a', { ...TOR, password: BgpPassword.generate({ seed: TEST_SEED }) });
    const e = validationError(() => peer.routerConfig('frr', { ...OK, ...bad } as never));
    expect(e.problems.map((p) => p.field)).toContain(field);
  });

  it.each(BAD)('Pulumi refuses %s where routerConfig is called', async (_what, bad, field) => {
    await startMockStack();
    const peer = new PulumiSecuredBgpPeer('tor-a', TOR);
    const e = validationError(() => peer.routerConfig('frr', { ...OK, ...bad } as never));
    expect(e.problems.map((p) => p.field)).toContain(field);
  });
});

describe('writeRouterConfig and links', () => {
  const mode = (file: string) => statSync(file).mode % 0o1000;

  /** A peer in an app writing to `<tmp>/out`, the file's path, and the temporary directory. */
  function setup() {
    const dir = mkdtempSync(path.join(tmpdir(), 'cba-link-'));
    const out = path.join(dir, 'out');
    mkdirSync(out);
    const chart = new Chart(Testing.app({ outdir: out }), 'test');
    const peer = new SecuredBgpPeer(chart, 'tor-a', { ...TOR, name: 'tor-a', password: BgpPassword.generate({ seed: TEST_SEED }) });
    return { dir, out, peer, file: path.join(out, 'tor-a.frr.conf') };
  }

  it('replaces a symbolic link planted at its path instead of writing the password through it', () => {
    // GIVEN a world-readable file elsewhere, and a link to it where the configuration goes
    const { dir, out, peer, file } = setup();
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'someone else\'s file\n');
    chmodSync(victim, 0o644);
    symlinkSync(victim, file);
    // WHEN the configuration with the password is written
    expect(peer.writeRouterConfig('frr', { ...OK, outdir: out, includePassword: true })).toBe(file);
    // THEN the link is replaced by a 0600 file holding the configuration, and its target is untouched
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8') === peer.routerConfig('frr', { ...OK, includePassword: true })).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('someone else\'s file\n');
    expect(mode(victim)).toBe(0o644);
    // and no temporary file is left behind
    expect(readdirSync(out)).toEqual(['tor-a.frr.conf']);
  });

  it('replaces a dangling link too (writing through it would create its target)', () => {
    const { dir, out, peer, file } = setup();
    const target = path.join(dir, 'created-through-the-link');
    symlinkSync(target, file);
    peer.writeRouterConfig('frr', { ...OK, outdir: out, includePassword: true });
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(existsSync(target)).toBe(false);
  });

  it('leaves nothing behind when the path cannot be replaced', () => {
    // GIVEN a directory where the file goes
    const { out, peer, file } = setup();
    mkdirSync(file);
    expect(() => peer.writeRouterConfig('frr', { ...OK, outdir: out, includePassword: true })).toThrow(/EISDIR|directory/i);
    expect(readdirSync(out)).toEqual(['tor-a.frr.conf']);
  });
});
