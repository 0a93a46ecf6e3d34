/**
 * The fail-open window, over time, with real daemons: calico-node's confd and secret watcher
 * (calico-node-watch.ts, ported from upstream's client.go and secret_watcher.go) follow an API server
 * that the library's cdk8s output is applied to, and reload calico-node's BIRD (BIRD 1.6, confd's
 * files) as confd does. Two routers (BIRD 2) peer with the node: P holds the password the user reads
 * from the output, N holds none (a router whose operator never configured one). Each BGPPeer of one
 * shared Secret reaches one of them.
 *
 * Scenarios: the objects applied in the library's order; the BGPPeers applied before their Secret;
 * before their RoleBinding; the Secret deleted (and restored); the password rotated in place. Each
 * measures how long calico-node's BIRD ran a peer without its password (from the renders it applied)
 * and how long router N had an unauthenticated session up; the numbers go to the e2e report.
 * Assertions are on what happened, never on how fast: every wait is bounded and generous.
 */
import { randomBytes } from 'node:crypto';
import { App, Chart } from 'cdk8s';
import { afterAll, expect, it } from 'vitest';
import { OPERATOR_INSTALL, auditObjects } from 'calico-bgp-auth';
import { BgpPassword, BgpPasswordSecret } from 'calico-bgp-auth/cdk8s';
import { renderBirdBgpProtocol, renderBirdConfig, startCalicoNodeBird, type Bird } from './support/bird';
import { routerPasswordsFromOutput, synthObjects } from './support/cdk8s-emitter';
import { calicoNodeObject, calicoProtocolName, type K8sObject } from './support/calico-node';
import { CalicoNodeWatch, FakeApiServer } from './support/calico-node-watch';
import { describeE2E } from './support/env';
import { parseBirdSummary } from './support/multi-router';
import { sleep, withTopology, type Topology } from './support/netns';
import { ipBatch } from './support/peering-batch';
import { redact } from './support/redact';
import { recordSession, recordTiming } from './support/report';
import { startBirdRouter, type Router } from './support/router';

const NODE_IP = '10.96.0.1';
const P_IP = '10.96.1.1';
const N_IP = '10.96.2.1';
const ROUTER_AS = 65001;
const NODE_AS = 64512;
const PROTO_P = calicoProtocolName('Global', P_IP);
const PROTO_N = calicoProtocolName('Global', N_IP);
/** The longest any step waits for a session to change. */
const WAIT_MS = 30_000;
/** How long a state that must hold is watched. */
const HOLD_MS = 4000;
const CASE_TIMEOUT = 150_000;

/** The library's output: one shared Secret, a BGPPeer to P and one to N, in the order cdk8s writes them. */
function output(seed: Buffer, rotation = 0): { objects: K8sObject[]; password: string } {
  const app = new App();
  const secret = new BgpPasswordSecret(new Chart(app, 'fabric'), 'tor', { install: 'operator', password: BgpPassword.generate({ seed, rotation }) });
  secret.addPeer('tor-p', { peerIP: P_IP, asNumber: ROUTER_AS });
  secret.addPeer('tor-n', { peerIP: N_IP, asNumber: ROUTER_AS });
  const objects = synthObjects(app);
  return { objects, password: routerPasswordsFromOutput(objects)['tor-p']! };
}

const routerConfig = (ip: string, password: string | undefined) => renderBirdConfig({
  routerId: ip,
  protocols: [renderBirdBgpProtocol({ name: 'peer', localAs: ROUTER_AS, neighborIp: NODE_IP, neighborAs: NODE_AS, sourceAddress: ip, password })],
});

interface Sample {
  readonly t: number;
  readonly nodeP: string;
  readonly nodeN: string;
  readonly routerP: string;
  readonly routerN: string;
}
type Side = Exclude<keyof Sample, 't'>;

/** A node, routers P and N, the API server and calico-node following it; a sampler of every side's state. */
async function rig(topo: Topology) {
  const [nodeNs, pNs, nNs] = [await topo.addNamespace('node'), await topo.addNamespace('p'), await topo.addNamespace('n')];
  await ipBatch(topo, nodeNs, [`addr add ${NODE_IP}/32 dev lo`]);
  for (const [ns, ip] of [[pNs, P_IP], [nNs, N_IP]] as const) {
    const link = await topo.link(nodeNs, ns);
    await ipBatch(topo, nodeNs, [`route add ${ip}/32 dev ${link.aIf} src ${NODE_IP}`]);
    await ipBatch(topo, ns, [`addr add ${ip}/32 dev ${link.bIf}`, `route add ${NODE_IP}/32 dev ${link.bIf} src ${ip}`]);
  }
  const seed = randomBytes(32);
  const out = output(seed);
  const api = new FakeApiServer();
  api.apply(calicoNodeObject({ name: 'node-1', ipv4: NODE_IP }));
  let node: Bird | undefined;
  const calico = new CalicoNodeWatch({ api, install: OPERATOR_INSTALL, nodeName: 'node-1', reload: (files) => node!.reconfigure(files) });
  topo.onCleanup(() => calico.stop());
  node = await startCalicoNodeBird(topo, { ns: nodeNs, label: 'calico-node', files: await calico.initial() });
  const routerP: Router & { bird: Bird } = await startBirdRouter(topo, { ns: pNs, configText: routerConfig(P_IP, out.password), label: 'router-p' });
  const routerN = await startBirdRouter(topo, { ns: nNs, configText: routerConfig(N_IP, undefined), label: 'router-n' });
  calico.start();

  const samples: Sample[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const [n, p, r] = await Promise.all([
        node!.birdc('show', 'protocols').then(parseBirdSummary, () => new Map()),
        routerP.state(), routerN.state(),
      ]);
      samples.push({ t: Date.now(), nodeP: n.get(PROTO_P)?.state ?? 'Unknown', nodeN: n.get(PROTO_N)?.state ?? 'Unknown', routerP: p.state, routerN: r.state });
      await sleep(200);
    }
  })();
  topo.onCleanup(async () => { sampling = false; await sampler; });
  const secrets = [out.password];
  const last = () => samples[samples.length - 1];
  const up = (s: Sample | undefined, peer: 'P' | 'N') => !!s && s[`node${peer}`] === 'Established' && s[`router${peer}`] === 'Established';
  return {
    api, calico, node, routerP, seed, out, samples, secrets,
    /** Applies objects one by one, as `kubectl apply -f` does (a request each). */
    async apply(objects: readonly K8sObject[]) { for (const o of objects) { api.apply(o); await sleep(20); } },
    /** Waits (bounded) until `pred` holds for the latest sample; false on timeout. */
    async until(pred: (s: Sample) => boolean, timeoutMs = WAIT_MS): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const s = last();
        if (s && pred(s)) return true;
        await sleep(100);
      }
      return false;
    },
    up,
    /** Samples of [from, to]. */
    between: (from: number, to: number) => samples.filter((s) => s.t >= from && s.t <= to),
    /** Approximate time `side` was Established in [from, to] (each sample holds until the next). */
    establishedMs(side: Side, from: number, to: number): number {
      let total = 0;
      samples.forEach((s, i) => {
        const end = Math.min(to, samples[i + 1]?.t ?? to);
        if (s[side] === 'Established' && s.t >= from && end > s.t) total += end - Math.max(from, s.t);
      });
      return total;
    },
    /** How many times `side` went from Established to anything else in [from, to]. */
    drops(side: Side, from: number, to: number): number {
      const w = samples.filter((s) => s.t >= from && s.t <= to);
      return w.filter((s, i) => i > 0 && w[i - 1][side] === 'Established' && s[side] !== 'Established').length;
    },
    diag: () => redact(JSON.stringify({ last: last(), renders: calico.history.slice(-3) }), secrets),
  };
}

const isKind = (kind: string) => (o: K8sObject) => o.kind === kind;
const timings: string[] = [];
afterAll(() => {
  // eslint-disable-next-line no-console
  if (timings.length) console.log(`calico-node fail-open windows (secret watcher timing):\n  ${timings.join('\n  ')}`);
});

function report(
  scenario: string,
  unauthenticatedRenderMs: number,
  unauthenticatedEstablishedMs: number,
  notes: string,
) {
  recordTiming({ scenario, unauthenticatedRenderMs, unauthenticatedEstablishedMs, notes });
  timings.push(
    `${scenario}: calico-node without the password ${unauthenticatedRenderMs} ms; router N up unauthenticated ${unauthenticatedEstablishedMs} ms (${notes})`,
  );
}

const session = (c: string, expected: 'established' | 'down', observed: boolean | 'down') =>
  recordSession({ suite: 'secret timing', case: c, router: 'bird', expected, observed: observed === true ? 'established' : observed === 'down' ? 'down' : 'other' });

describeE2E('calico-node secret watcher timing: the fail-open window', () => {
  it('objects applied in the library\'s order: calico-node never runs a peer without its password; P comes up, N never does', () => withTopology(async (topo) => {
    const r = await rig(topo);
    // GIVEN the output in the order the library writes it: Secret, Role, RoleBinding, then the BGPPeers
    const order = r.out.objects.map((o) => o.kind);
    expect(order.indexOf('Secret')).toBeLessThan(order.indexOf('RoleBinding'));
    expect(order.indexOf('RoleBinding')).toBeLessThan(order.indexOf('BGPPeer'));
    // WHEN it is applied
    const t0 = Date.now();
    await r.apply(r.out.objects);
    // THEN P reaches Established, and N (no password) never does while we watch
    const pUp = await r.until((s) => r.up(s, 'P'));
    await sleep(HOLD_MS);
    const t1 = Date.now();
    expect(pUp, `P Established: ${r.diag()}`).toBe(true);
    const nEver = r.between(t0, t1).some((s) => s.nodeN === 'Established' || s.routerN === 'Established');
    session('library order: P', 'established', pUp);
    session('library order: N (no password)', 'down', nEver ? false : 'down');
    expect(nEver, `N never Established: ${r.diag()}`).toBe(false);
    // AND no render calico-node applied ever held a BGPPeer without its password, nor warned
    expect(r.calico.warnings).toEqual([]);
    expect(r.calico.history.flatMap((h) => h.peers).filter((p) => p.referencesSecret && !p.hasPassword)).toEqual([]);
    const unauth = r.calico.unauthenticatedMs(PROTO_P, t0, t1) + r.calico.unauthenticatedMs(PROTO_N, t0, t1);
    expect(unauth).toBe(0);
    report('library order', unauth, r.establishedMs('routerN', t0, t1),
      `P Established ${r.samples.find((s) => s.t >= t0 && r.up(s, 'P'))!.t - t0} ms after the first object`);
  }), CASE_TIMEOUT);

  it('BGPPeers applied before their Secret: calico-node peers without a password; P refuses, N accepts (the fail-open); the Secret arrives and P comes up authenticated, N goes down', () => withTopology(async (topo) => {
    const r = await rig(topo);
    // GIVEN the RBAC and the BGPPeers applied, the Secret not yet
    const t0 = Date.now();
    await r.apply(r.out.objects.filter((o) => o.kind !== 'Secret'));
    // THEN calico-node warns and renders both peers without a password: N (no password) comes up
    const nUp = await r.until((s) => r.up(s, 'N'));
    expect(nUp, `N Established unauthenticated: ${r.diag()}`).toBe(true);
    expect(r.calico.warnings.some((w) => w.startsWith("Can't read password for BGPPeer tor-p: ")), 'calico-node warned').toBe(true);
    await sleep(HOLD_MS);
    // AND P, which has a password, refuses a session without one
    const tSecret = Date.now();
    const pEverBefore = r.between(t0, tSecret).some((s) => s.nodeP === 'Established' || s.routerP === 'Established');
    session('peer before secret: N accepts the unauthenticated peer (fail-open)', 'established', nUp);
    session('peer before secret: P refuses the unauthenticated peer', 'down', pEverBefore ? false : 'down');
    expect(pEverBefore, `P never Established without the password: ${r.diag()}`).toBe(false);
    // WHEN the Secret arrives
    await r.apply(r.out.objects.filter(isKind('Secret')));
    // THEN calico-node re-renders with the password: P comes up, and N is refused from then on
    const pUp = await r.until((s) => r.up(s, 'P'));
    const auth = r.calico.history.find(
      (h) => h.appliedAt >= tSecret && h.peers.some((p) => p.name === PROTO_P && p.hasPassword),
    );
    expect(auth, `an authenticated render after the Secret: ${r.diag()}`).toBeDefined();
    await sleep(HOLD_MS);
    const t1 = Date.now();
    expect(pUp, `P Established: ${r.diag()}`).toBe(true);
    const nAfter = r.between(auth!.appliedAt + 1000, t1).some((s) => s.nodeN === 'Established' || s.routerN === 'Established');
    session('peer before secret: P after the Secret', 'established', pUp);
    session('peer before secret: N after the Secret', 'down', nAfter ? false : 'down');
    expect(nAfter, `N down once the password is rendered: ${r.diag()}`).toBe(false);
    const unauth = r.calico.unauthenticatedMs(PROTO_P, t0, t1);
    expect(unauth).toBeGreaterThan(0);
    report('BGPPeer before its Secret', unauth, r.establishedMs('routerN', t0, t1),
      `Secret applied ${tSecret - t0} ms after the BGPPeers; authenticated render ${auth!.appliedAt - tSecret} ms after the Secret`);
  }), CASE_TIMEOUT);

  it('BGPPeers applied before their RoleBinding: calico-node fails open until its informer\'s next list after the RoleBinding (reflector backoff)', () => withTopology(async (topo) => {
    const r = await rig(topo);
    // GIVEN everything but the RoleBinding
    const t0 = Date.now();
    await r.apply(r.out.objects.filter((o) => o.kind !== 'RoleBinding'));
    // THEN the informer's list is forbidden: calico-node renders without a password, N comes up
    const nUp = await r.until((s) => r.up(s, 'N'));
    expect(nUp, `N Established unauthenticated: ${r.diag()}`).toBe(true);
    // (a while later: the informer has backed off a few times by then)
    await sleep(HOLD_MS);
    // WHEN the RoleBinding arrives
    const tRb = Date.now();
    await r.apply(r.out.objects.filter(isKind('RoleBinding')));
    // THEN at the informer's next retry the Secret is listed and P comes up authenticated
    const pUp = await r.until((s) => r.up(s, 'P'), 45_000);
    const auth = r.calico.history.find(
      (h) => h.appliedAt >= tRb && h.peers.some((p) => p.name === PROTO_P && p.hasPassword),
    );
    await sleep(HOLD_MS);
    const t1 = Date.now();
    session('peer before RoleBinding: N accepts the unauthenticated peer (fail-open)', 'established', nUp);
    session('peer before RoleBinding: P after the RoleBinding', 'established', pUp);
    expect(pUp && auth !== undefined, `P Established after the RoleBinding: ${r.diag()}`).toBe(true);
    expect(r.calico.watcher.informers.some((i) => i.forbidden > 0), 'the informer was refused by RBAC first').toBe(true);
    const unauth = r.calico.unauthenticatedMs(PROTO_P, t0, t1);
    report('BGPPeer before its RoleBinding', unauth, r.establishedMs('routerN', t0, t1),
      `RoleBinding applied ${tRb - t0} ms after the BGPPeers; authenticated render ${auth!.appliedAt - tRb} ms after the RoleBinding`);
  }), CASE_TIMEOUT);

  it('the Secret deleted: calico-node fails open at once (P drops, N comes up), the audit reports it, and restoring the Secret closes it', () => withTopology(async (topo) => {
    const r = await rig(topo);
    await r.apply(r.out.objects);
    expect(await r.until((s) => r.up(s, 'P')), `P Established: ${r.diag()}`).toBe(true);
    // WHEN the Secret is deleted
    const secret = r.out.objects.find(isKind('Secret'))!;
    const tDel = Date.now();
    r.api.delete('Secret', String(secret.metadata!.name), secret.metadata!.namespace);
    // THEN calico-node re-renders without the password: P drops and stays down, N comes up
    const nUp = await r.until((s) => r.up(s, 'N'));
    expect(nUp, `N Established unauthenticated after the delete: ${r.diag()}`).toBe(true);
    expect(r.calico.warnings.some((w) => w.startsWith("Can't read password for BGPPeer tor-p: ")), 'calico-node warned').toBe(true);
    await sleep(HOLD_MS);
    const tRestore = Date.now();
    const open = r.calico.history.find(
      (h) => h.appliedAt >= tDel && h.peers.some((p) => p.name === PROTO_P && !p.hasPassword),
    );
    expect(open, `an unauthenticated render after the delete: ${r.diag()}`).toBeDefined();
    const pDown = r.between(open!.appliedAt + 1500, tRestore).every((s) => s.nodeP !== 'Established' && s.routerP !== 'Established');
    session('secret deleted: N accepts calico-node without its password (fail-open)', 'established', nUp);
    session('secret deleted: P refuses calico-node without its password', 'down', pDown ? 'down' : false);
    expect(pDown, `P down while the Secret is gone: ${r.diag()}`).toBe(true);
    // AND the library's audit of what the cluster holds reports the missing Secret
    const findings = auditObjects(r.api.objects(), { install: 'operator' }).findings;
    expect(findings.some((f) => f.rule === 'secret.not-found' && f.kind === 'BGPPeer' && f.name === 'tor-p'), JSON.stringify(findings.map((f) => [f.rule, f.name]))).toBe(true);
    // WHEN the Secret is restored, THEN P is back, authenticated
    await r.apply([secret]);
    const pUp = await r.until((s) => r.up(s, 'P'));
    const auth = r.calico.history.find(
      (h) => h.appliedAt >= tRestore && h.peers.some((p) => p.name === PROTO_P && p.hasPassword),
    );
    await sleep(HOLD_MS);
    const t1 = Date.now();
    session('secret deleted: P after the Secret is restored', 'established', pUp);
    expect(pUp && auth !== undefined, `P back: ${r.diag()}`).toBe(true);
    const unauth = r.calico.unauthenticatedMs(PROTO_P, tDel, t1);
    report('Secret deleted, restored later', unauth, r.establishedMs('routerN', tDel, t1),
      `unauthenticated render ${open!.appliedAt - tDel} ms after the delete; restored ${tRestore - tDel} ms after it; authenticated render ${auth!.appliedAt - tRestore} ms after the restore`);
  }), CASE_TIMEOUT);

  it('the password rotated in place (router and Secret together): one render, never without a password, one reset, back up', () => withTopology(async (topo) => {
    const r = await rig(topo);
    await r.apply(r.out.objects);
    expect(await r.until((s) => r.up(s, 'P')), `P Established: ${r.diag()}`).toBe(true);
    await sleep(1000);
    // WHEN the next rotation's Secret is applied and the router takes the new password at the same time
    const next = output(r.seed, 1);
    r.secrets.push(next.password);
    expect(next.password !== r.out.password, 'a new password').toBe(true);
    const tRot = Date.now();
    const rendersBefore = r.calico.history.length;
    await r.apply(next.objects.filter(isKind('Secret')));
    await r.routerP.bird.reconfigure(routerConfig(P_IP, next.password));
    // THEN the session comes back with the new password
    await sleep(500);
    const pUp = await r.until((s) => r.up(s, 'P'));
    await sleep(HOLD_MS);
    const t1 = Date.now();
    session('rotation in place: P with the new password', 'established', pUp);
    expect(pUp, `P Established again: ${r.diag()}`).toBe(true);
    // AND calico-node rendered once, with a password throughout, and the session reset once
    const renders = r.calico.history.slice(rendersBefore);
    expect(renders.length, 'one render for the new password').toBe(1);
    expect(renders[0].peers.every((p) => p.hasPassword)).toBe(true);
    // (from the last sample before the change: the reset can start within a sampling interval)
    const seq = r.between(tRot - 500, t1).map((s) => `${s.t - tRot}:${s.nodeP}/${s.routerP}`).join(' ');
    expect(r.drops('nodeP', tRot - 1000, t1), `one reset: ${seq} ${r.diag()}`).toBe(1);
    const unauth = r.calico.unauthenticatedMs(PROTO_P, tRot, t1);
    expect(unauth).toBe(0);
    const back = r.samples.find((s) => s.t > tRot && r.drops('nodeP', tRot - 1000, s.t) === 1 && r.up(s, 'P'));
    report('password rotated in place', unauth, r.establishedMs('routerN', tRot, t1),
      `new password rendered ${renders[0].appliedAt - tRot} ms after the Secret update; P back ${back ? back.t - tRot : '?'} ms after it`);
  }), CASE_TIMEOUT);
}, { concurrent: true });
