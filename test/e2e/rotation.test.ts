/**
 * The rotation procedure of docs/ROTATION.md, end to end with real daemons: BIRD configured the way
 * calico-node renders it from the cdk8s synth output (through the calico-node emulator), and a BIRD
 * router. Each case: old password up, change (router first, then the cluster), new password up,
 * old password refused. Passwords are compared only as booleans and redacted from every message.
 */
import { App, Chart } from 'cdk8s';
import { expect, it } from 'vitest';
import { OPERATOR_INSTALL } from 'calico-bgp-auth';
import { BgpPassword, MeshPassword, SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';
import { startCalicoNodeBird, type Bird } from './support/bird';
import { calicoProtocolName, renderCalicoNodeBirdConfig, resolvePasswords, type K8sObject } from './support/calico-node';
import { copySecretValue, synthObjects } from './support/cdk8s-emitter';
import { describeE2E } from './support/env';
import { sleep, withPair, type Pair } from './support/netns';
import { redact } from './support/redact';
import { renderBirdRouterConfig, startBirdRouter } from './support/router';
import { syncGeneratedSecrets } from '../external-secrets/support/eso-emulator';

const SEED = '7f3ac162cccf5480eb3e195d95809246dbaf253a01434767520db081ee2ff20a';
const NODE_AS = 64512;
const ROUTER_AS = 64601;
const CASE_TIMEOUT = 150_000;
/** How long a session that must stay down is watched. */
const DOWN_WATCH_MS = 8000;

/** The cdk8s synth output of one SecuredBgpPeer towards `routerIp` with `password`. */
function peerOutput(routerIp: string, password: BgpPassword): K8sObject[] {
  const app = new App();
  new SecuredBgpPeer(new Chart(app, 'fabric'), 'tor', { name: 'tor', peerIP: routerIp, asNumber: ROUTER_AS, password });
  return synthObjects(app);
}

/** What calico-node reads for the only BGPPeer of `objects` (fails the test on a warning). */
function nodePassword(objects: K8sObject[]): string {
  const [entry, ...rest] = resolvePasswords(objects, OPERATOR_INSTALL);
  expect(rest).toEqual([]);
  expect(entry.warnings, 'calico-node reads the password without warning').toEqual([]);
  expect(entry.password !== undefined, 'calico-node has a password').toBe(true);
  return entry.password!;
}

/** The password a user copies for the router: the Secret the BGPPeer references, from `objects`. */
function routerCopy(objects: K8sObject[]): string {
  const ref = objects.find((o) => o.kind === 'BGPPeer')!.spec.password.secretKeyRef;
  const value = copySecretValue(objects, ref.name, ref.key);
  expect(value !== undefined, `the Secret ${ref.name} holds key ${ref.key}`).toBe(true);
  return value!;
}

const nodeConfig = (pair: Pair, password: string) =>
  renderCalicoNodeBirdConfig({
    nodeIp: pair.aIp,
    asNumber: NODE_AS,
    peers: [{ ip: pair.bIp, asNumber: ROUTER_AS, password }],
  });
const routerConfig = (pair: Pair, password: string) =>
  renderBirdRouterConfig({
    routerId: pair.bIp,
    localAs: ROUTER_AS,
    localIp: pair.bIp,
    neighborIp: pair.aIp,
    neighborAs: NODE_AS,
    password,
  });

/** A Calico node (BIRD in pair.a) and a BIRD router (pair.b), with the checks of the procedure. */
async function startPeering(pair: Pair, nodePw: string, routerPw: string, secrets: string[]) {
  const node = await startCalicoNodeBird(pair.topo, { ns: pair.a, label: 'node', files: nodeConfig(pair, nodePw) });
  const router = await startBirdRouter(pair.topo, { ns: pair.b, configText: routerConfig(pair, routerPw) });
  const proto = calicoProtocolName('Global', pair.bIp);
  const diag = async () =>
    redact(JSON.stringify({ node: await node.state(proto), router: await router.state() }), secrets);
  return {
    node, router,
    async expectUp(step: string) {
      const up = await node.waitEstablished(proto, 30_000) && await router.waitEstablished(10_000);
      expect(up, `${step}: both ends Established: ${await diag()}`).toBe(true);
    },
    async expectDown(step: string) {
      const deadline = Date.now() + DOWN_WATCH_MS;
      let ever = false;
      while (Date.now() < deadline) {
        ever ||= (await node.state(proto)).state === 'Established' || (await router.state()).state === 'Established';
        await sleep(250);
      }
      expect(ever, `${step}: never Established: ${await diag()}`).toBe(false);
    },
  };
}

/** Two Calico nodes meshing (BIRD in pair.a and pair.b), each configured from its own reading of the output. */
async function startMesh(pair: Pair, pwA: string, pwB: string, secrets: string[]) {
  const config = (ip: string, meshPassword: string) =>
    renderCalicoNodeBirdConfig({
      nodeIp: ip,
      asNumber: NODE_AS,
      meshNodes: [{ ip: pair.aIp }, { ip: pair.bIp }],
      meshPassword,
    });
  const a = await startCalicoNodeBird(pair.topo, { ns: pair.a, label: 'node-a', files: config(pair.aIp, pwA) });
  const b = await startCalicoNodeBird(pair.topo, { ns: pair.b, label: 'node-b', files: config(pair.bIp, pwB) });
  const nodes: Array<[Bird, string, string]> = [[a, pair.aIp, calicoProtocolName('Mesh', pair.bIp)], [b, pair.bIp, calicoProtocolName('Mesh', pair.aIp)]];
  const diag = async () => redact(JSON.stringify(await Promise.all(nodes.map(([n, , p]) => n.state(p)))), secrets);
  const states = async () => Promise.all(nodes.map(async ([n, , p]) => (await n.state(p)).state));
  return {
    reconfigure: (i: 0 | 1, pw: string) => nodes[i][0].reconfigure(config(nodes[i][1], pw)),
    async expectUp(step: string) {
      const up = (await Promise.all(nodes.map(([n, , p]) => n.waitEstablished(p, 30_000)))).every(Boolean);
      expect(up, `${step}: both mesh ends Established: ${await diag()}`).toBe(true);
    },
    async expectDown(step: string) {
      const deadline = Date.now() + DOWN_WATCH_MS;
      let ever = false;
      while (Date.now() < deadline) {
        ever ||= (await states()).includes('Established');
        await sleep(250);
      }
      expect(ever, `${step}: never Established: ${await diag()}`).toBe(false);
    },
  };
}

describeE2E('rotation: changing a BGP password on a live peering', () => {
  it('router peer, derived password: rotation 1 -> 2 through the cdk8s synth output; router first, then the cluster', async () => {
    await withPair(async (pair) => {
      // GIVEN the peer synthesized at rotation 1 and at rotation 2, from the same seed
      const before = peerOutput(pair.bIp, BgpPassword.generate({ seed: SEED, rotation: 1 }));
      const after = peerOutput(pair.bIp, BgpPassword.generate({ seed: SEED, rotation: 2 }));
      const [old, next] = [nodePassword(before), nodePassword(after)];
      const secrets = [old, next];
      expect(old !== next, 'the rotation gives a new password').toBe(true);
      expect(routerCopy(before) === old && routerCopy(after) === next, 'the router copies what calico-node reads').toBe(true);
      // AND the old password up on both ends
      const s = await startPeering(pair, old, routerCopy(before), secrets);
      await s.expectUp('old password');
      // WHEN the router changes first: the ends disagree and the session goes down
      await s.router.bird.reconfigure(routerConfig(pair, routerCopy(after)));
      await s.expectDown('router changed, cluster not yet');
      // AND the cluster follows (calico-node re-renders bird.cfg from the new output, BIRD reconfigures)
      await s.node.reconfigure(nodeConfig(pair, next));
      // THEN the new password is up
      await s.expectUp('new password');
      // AND the old password is refused: a router still on it never gets a session
      await s.router.bird.reconfigure(routerConfig(pair, old));
      await s.expectDown('router back on the old password');
      // AND (the refusal was the password) the new one comes back
      await s.router.bird.reconfigure(routerConfig(pair, next));
      await s.expectUp('new password again');
    });
  }, CASE_TIMEOUT);

  it('mesh: rotation 0 -> 1 takes the mesh session down until both nodes have the new password; a node left on the old one is refused', async () => {
    await withPair(async (pair) => {
      // GIVEN the mesh password synthesized at rotation 0 and 1 (each node reads the same output)
      const mesh = (rotation: number) => {
        const app = new App();
        new MeshPassword(new Chart(app, 'cluster'), 'mesh', { asNumber: NODE_AS, password: BgpPassword.generate({ seed: SEED, rotation }) });
        const [entry] = resolvePasswords(synthObjects(app), OPERATOR_INSTALL);
        expect(entry.warnings).toEqual([]);
        return entry.password!;
      };
      const [old, next] = [mesh(0), mesh(1)];
      const secrets = [old, next];
      expect(old !== next, 'the rotation gives a new password').toBe(true);
      const m = await startMesh(pair, old, old, secrets);
      await m.expectUp('old mesh password');
      // WHEN one node picks the change up before the other: the mesh session is down between them
      await m.reconfigure(0, next);
      await m.expectDown('one node on the new password');
      // AND the other follows: the session is back
      await m.reconfigure(1, next);
      await m.expectUp('both nodes on the new password');
      // AND a node still on the old password is refused
      await m.reconfigure(1, old);
      await m.expectDown('one node back on the old password');
    });
  }, CASE_TIMEOUT);

  it('router peer, generated in the cluster: stage rotation 2, configure the router from the staged Secret, switch', async () => {
    await withPair(async (pair) => {
      const generator = (o: { rotation: number; prepareRotation?: number }) =>
        peerOutput(pair.bIp, BgpPassword.fromExternalSecretsGenerator(o));
      // GIVEN rotation 1 applied: external-secrets (emulated) wrote the Secret once
      const applied1 = generator({ rotation: 1 });
      let cluster = syncGeneratedSecrets(applied1);
      const old = nodePassword([...applied1, ...cluster]);
      const oldSecret = routerCopy([...applied1, ...cluster]);
      // WHEN rotation 2 is staged (prepareRotation) and applied
      const staged = generator({ rotation: 1, prepareRotation: 2 });
      cluster = syncGeneratedSecrets(staged, cluster);
      // THEN the peer still reads the same, unchanged password; the staged Secret holds a new one
      expect(nodePassword([...staged, ...cluster]) === old, 'staging does not change the peer\'s password').toBe(true);
      const next = copySecretValue(cluster, 'bgp-password-tor-r2', 'password')!;
      const secrets = [old, next];
      expect(next !== undefined && next !== old, 'the staged Secret holds a new password').toBe(true);
      const s = await startPeering(pair, old, oldSecret, secrets);
      await s.expectUp('rotation 1');
      // WHEN the router takes the staged password, then the cluster switches to rotation 2
      await s.router.bird.reconfigure(routerConfig(pair, next));
      await s.expectDown('router on rotation 2, cluster on rotation 1');
      const switched = generator({ rotation: 2 });
      cluster = syncGeneratedSecrets(switched, cluster);
      expect(nodePassword([...switched, ...cluster]) === next, 'after the switch calico-node reads the staged password').toBe(true);
      await s.node.reconfigure(nodeConfig(pair, next));
      // THEN the new password is up, and the old one is refused
      await s.expectUp('rotation 2');
      await s.router.bird.reconfigure(routerConfig(pair, old));
      await s.expectDown('router back on rotation 1');
    });
  }, CASE_TIMEOUT);
}, { concurrent: true });
