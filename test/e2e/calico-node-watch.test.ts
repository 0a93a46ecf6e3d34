/**
 * calico-node over time without daemons (runs everywhere): the confd recheck loop and the secret
 * watcher of calico-node-watch.ts, driven through the in-memory API server, behave as upstream's
 * client.go and secret_watcher.go do. Waits are bounded; nothing asserts how fast.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { calicoNodeObject, type CalicoNodeFiles, type K8sObject } from './support/calico-node';
import { CalicoNodeWatch, FakeApiServer, reflectorBackoffMs } from './support/calico-node-watch';
import { CALICO_SYSTEM, peerWithPassword } from './support/fixtures';
import { sleep } from './support/netns';

const PW = 'Zq7-watch-fixture';
const PROTO = 'Global_10_0_0_2';
const running: CalicoNodeWatch[] = [];
afterEach(() => { for (const c of running.splice(0)) c.stop(); });

/** A calico-node following `api`; `renders` holds the bird.cfg of every reload. */
async function follow(api: FakeApiServer) {
  api.apply(calicoNodeObject({ name: 'node-1', ipv4: '10.0.0.1' }));
  const renders: string[] = [];
  const calico = new CalicoNodeWatch({ api, install: CALICO_SYSTEM, nodeName: 'node-1', reload: async (f: CalicoNodeFiles) => { renders.push(f.files['bird.cfg']); } });
  running.push(calico);
  renders.push((await calico.initial()).files['bird.cfg']);
  calico.start();
  const until = async (pred: () => boolean, what: string) => {
    const deadline = Date.now() + 15_000;
    while (!pred() && Date.now() < deadline) await sleep(20);
    expect(pred(), what).toBe(true);
    await calico.idle();
  };
  const last = () => renders[renders.length - 1];
  const peerBlock = (text = last()) => /protocol bgp Global_10_0_0_2 from bgp_template \{[\s\S]*?\n\}/.exec(text)?.[0] ?? '';
  return { calico, renders, until, last, peerBlock };
}

const objects = () => peerWithPassword({ peerIp: '10.0.0.2', asNumber: 65001, password: PW });
const ofKind = (kind: string) => objects().find((o) => o.kind === kind)!;
const applyAll = (api: FakeApiServer, os: K8sObject[]) => { for (const o of os) api.apply(o); };

describe('calico-node over time (confd + secret_watcher.go)', () => {
  it('Secret and RBAC first: the BGPPeer is rendered with its password at once, without a warning', async () => {
    const api = new FakeApiServer();
    const n = await follow(api);
    applyAll(api, objects());
    await n.until(() => n.peerBlock().includes('password'), 'rendered with the password');
    expect(n.renders.filter((r) => r.includes(PROTO) && !n.peerBlock(r).includes('password')), 'no render without it').toEqual([]);
    expect(n.calico.warnings).toEqual([]);
    expect(n.calico.watcher.informers.length, 'one informer for the one Secret').toBe(1);
  });

  it('BGPPeer first: no password and a warning; then the Secret added, updated and deleted each re-render', async () => {
    const api = new FakeApiServer();
    const n = await follow(api);
    applyAll(api, objects().filter((o) => o.kind !== 'Secret'));
    await n.until(() => n.last().includes(PROTO), 'the peer is rendered');
    expect(n.peerBlock()).not.toContain('password');
    expect(n.calico.warnings).toEqual(['Can\'t read password for BGPPeer tor-router: no data available for secret bgp-password']);
    // added
    api.apply(ofKind('Secret'));
    await n.until(() => n.peerBlock().includes(`password "${PW}";`),
      'rendered with the password once the Secret is added');
    // updated
    api.apply({ ...ofKind('Secret'), stringData: { password: `${PW}-2` } });
    await n.until(() => n.peerBlock().includes(`password "${PW}-2";`),
      'rendered with the new password once the Secret is updated');
    // deleted: the watch entry goes, the next GetSecret starts a new informer (the old one keeps running)
    api.delete('Secret', 'bgp-password', 'calico-system');
    await n.until(() => !n.peerBlock().includes('password'), 'rendered without a password once the Secret is deleted');
    expect(n.calico.watcher.informers.length).toBe(2);
    // and back
    api.apply(ofKind('Secret'));
    await n.until(() => n.peerBlock().includes(`password "${PW}";`),
      'rendered with the password once the Secret is back');
  });

  it('a key the Secret lacks fails open with upstream\'s message', async () => {
    const api = new FakeApiServer();
    const n = await follow(api);
    applyAll(api, objects().map((o) => (o.kind === 'Secret' ? { ...o, stringData: { other: PW } } : o)));
    await n.until(() => n.last().includes(PROTO), 'the peer is rendered');
    expect(n.peerBlock()).not.toContain('password');
    expect(n.calico.warnings).toContain('Can\'t read password for BGPPeer tor-router: secret bgp-password does not have key password');
  });

  it('RBAC is checked when the informer lists: without the RoleBinding it fails open, retries with backoff, and the RoleBinding closes it', async () => {
    const api = new FakeApiServer();
    const n = await follow(api);
    applyAll(api, objects().filter((o) => o.kind !== 'RoleBinding'));
    await n.until(() => n.last().includes(PROTO), 'the peer is rendered');
    expect(n.peerBlock()).not.toContain('password');
    expect(n.calico.watcher.informers[0].synced, 'a forbidden list never syncs').toBe(false);
    expect(n.calico.watcher.informers[0].forbidden).toBeGreaterThan(0);
    api.apply(ofKind('RoleBinding'));
    await n.until(() => n.peerBlock().includes(`password "${PW}";`), 'rendered with the password after the next retry');
  });

  it('RBAC removed after the watch started changes nothing (a running watch is not re-authorized)', async () => {
    const api = new FakeApiServer();
    const n = await follow(api);
    applyAll(api, objects());
    await n.until(() => n.peerBlock().includes('password'), 'rendered with the password');
    const before = n.renders.length;
    api.delete('RoleBinding', 'calico-bgp-auth-secret-reader', 'calico-system');
    api.apply({ ...ofKind('Secret'), stringData: { password: `${PW}-3` } });
    await n.until(() => n.peerBlock().includes(`password "${PW}-3";`),
      'the update still arrives through the running watch');
    expect(n.renders.length).toBe(before + 1);
  });

  it('a BGPPeer deleted: its Secret\'s watch is swept', async () => {
    const api = new FakeApiServer();
    const n = await follow(api);
    applyAll(api, objects());
    await n.until(() => n.peerBlock().includes('password'), 'rendered with the password');
    api.delete('BGPPeer', 'tor-router');
    await n.until(() => !n.last().includes(PROTO), 'the peer is gone');
    expect(n.calico.watcher.watches.size).toBe(0);
  });

  it('backs off like client-go\'s reflector: 0.8 s doubling to 30 s, jittered up to twice that', () => {
    expect([0, 1, 2, 10].map((f) => reflectorBackoffMs(f, () => 0))).toEqual([800, 1600, 3200, 30_000]);
    expect(reflectorBackoffMs(0, () => 1)).toBe(1600);
    expect(reflectorBackoffMs(10, () => 1)).toBe(60_000);
  });
});
