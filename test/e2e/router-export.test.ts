/**
 * The router side the library renders really peers with Calico: FRR, GoBGP and BIRD configurations from
 * `renderRouterConfig` establish TCP-MD5 sessions with BIRD configured as calico-node would be,
 * from a Secret, Role, RoleBinding and BGPPeer the core built (buildPasswordSecret + the secured
 * peer plan, read through the calico-node emulator). Same password: Established. Wrong: down.
 * Passwords are derived from a random seed per run and never appear in case names or messages.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import {
  PasswordPolicy,
  buildPasswordSecret,
  derivePassword,
  planSecuredBgpPeer,
  renderRouterConfig,
  routerConfigInputFromPeers,
  type RouterConfigOptions,
} from '../support/core';
import { renderBirdConfig, startCalicoNodeBird, type Bird } from './support/bird';
import { calicoProtocolName, renderCalicoNodeBirdConfig, resolvePasswords, type K8sObject } from './support/calico-node';
import { describeE2E } from './support/env';
import { withPair, withTopology, type Pair, type Topology } from './support/netns';
import { redact } from './support/redact';
import { startBirdRouter, startFrr, startGobgp, type Router } from './support/router';

const NODE_AS = 64512;
const ROUTER_AS = 64513;
/** How long a session that must stay down is watched. */
const DOWN_WATCH_MS = 7000;
const SEED = randomBytes(32);
let counter = 0;

const timings: string[] = [];
afterAll(() => {
  // eslint-disable-next-line no-console
  if (timings.length) console.log(`router-export time to Established:\n  ${timings.join('\n  ')}`);
});

type Kind = 'frr' | 'gobgp' | 'bird';

/** A secured BGPPeer to `routerIp`, as the core plans it, with its Secret holding a derived password. */
function securedPeer(routerIp: string, kind: Kind) {
  const name = `tor-${process.pid}-${counter++}`;
  const spec = { peerIP: routerIp, asNumber: ROUTER_AS };
  const plan = planSecuredBgpPeer({ name, spec });
  const password = derivePassword({ seed: SEED, context: name, policy: PasswordPolicy.forRouter(kind) });
  const secret = buildPasswordSecret({
    name: plan.secretKeyRef.name,
    install: plan.install,
    stringData: { [plan.secretKeyRef.key]: password },
  });
  const objects = [secret, plan.role!, plan.roleBinding!, plan.calicoObject] as unknown as K8sObject[];
  return { name, spec, plan, password, objects };
}

/** The password calico-node would read for the peer, through the Secret and its RBAC. */
function calicoNodePassword(peer: ReturnType<typeof securedPeer>): string {
  const [resolved] = resolvePasswords(peer.objects, {
    namespace: peer.plan.install.namespace,
    serviceAccount: peer.plan.install.serviceAccount,
  });
  expect(resolved?.warnings, 'calico-node reads the Secret without warnings').toEqual([]);
  expect(resolved?.password === peer.password, 'calico-node reads the generated password verbatim').toBe(true);
  return resolved!.password!;
}

/** The router configuration the library renders for `peer`, with `password` written in. */
function routerText(
  kind: Kind,
  peer: ReturnType<typeof securedPeer>,
  password: string,
  options: RouterConfigOptions,
): string {
  const input = routerConfigInputFromPeers({
    ...options,
    peers: [{ name: peer.name, spec: peer.spec }],
    secretKeyRef: peer.plan.secretKeyRef,
    install: peer.plan.install,
    clusterASNumber: NODE_AS,
    password,
    includePassword: true,
  });
  const text = renderRouterConfig(kind, input);
  // bgpd runs alone here: logging to stdout lets the launcher see rejected lines. BIRD needs its
  // global part (router id, device protocol) around the rendered template and protocols.
  if (kind === 'frr') return `frr defaults traditional\nhostname router\nlog stdout informational\n!\n${text}`;
  if (kind === 'bird') return renderBirdConfig({ routerId: peer.spec.peerIP, protocols: [text] });
  return text;
}

async function startRouter(
  topo: Topology,
  kind: Kind,
  ns: string,
  neighborIp: string,
  configText: string,
  dynamic: boolean,
): Promise<Router> {
  if (kind === 'frr') return startFrr(topo, { ns, neighborIp, configText, label: 'router' });
  if (kind === 'gobgp') return startGobgp(topo, { ns, neighborIp, configText, label: 'router' });
  // The rendering's first protocol is calico_1; a dynamic one spawns calico_1_1 when the node connects.
  return startBirdRouter(topo, { ns, configText, protocolName: dynamic ? 'calico_1_1' : 'calico_1', label: 'router' });
}

async function startNode(
  topo: Topology,
  ns: string,
  nodeIp: string,
  routerIp: string,
  password: string,
): Promise<Bird> {
  return startCalicoNodeBird(topo, {
    ns,
    label: 'node',
    files: renderCalicoNodeBirdConfig({
      nodeIp,
      asNumber: NODE_AS,
      peers: [{ ip: routerIp, asNumber: ROUTER_AS, password }],
    }),
  });
}

const diag = (s: unknown, secrets: string[]) => redact(JSON.stringify(s), secrets);
/** The /30 of the pair's link (10.77.k.1 and .2). */
const linkCidr = (pair: Pair) => `${pair.aIp.split('.').slice(0, 3).join('.')}.0/${pair.link.prefixLen}`;

async function session(pair: Pair, kind: Kind, options: (pair: Pair) => RouterConfigOptions, wrongPassword: boolean) {
  const peer = securedPeer(pair.bIp, kind);
  const nodePassword = calicoNodePassword(peer);
  const routerPassword = wrongPassword
    ? derivePassword({ seed: SEED, context: `${peer.name}/other`, policy: PasswordPolicy.forRouter(kind) })
    : peer.password;
  const started = Date.now();
  const node = await startNode(pair.topo, pair.a, pair.aIp, pair.bIp, nodePassword);
  const opts = options(pair);
  const router = await startRouter(
    pair.topo,
    kind,
    pair.b,
    pair.aIp,
    routerText(kind, peer, routerPassword, opts),
    opts.nodeCIDRs !== undefined,
  );
  expect(router.configErrors(), `${kind} accepted every rendered line`).toEqual([]);
  return { node, router, proto: calicoProtocolName('Global', pair.bIp), started, secrets: [peer.password, routerPassword] };
}

const CASES: Array<[string, Kind, (pair: Pair) => RouterConfigOptions]> = [
  ['FRR, listen range over the node subnet', 'frr', (pair) => ({ nodeCIDRs: [linkCidr(pair)] })],
  ['FRR, the node as an explicit neighbour', 'frr', (pair) => ({ nodeAddresses: [pair.aIp] })],
  // gobgpd before osrg/gobgp#2739 cannot sign dynamic-neighbour sessions, so GoBGP lists the node.
  ['GoBGP, the node as an explicit neighbour', 'gobgp', (pair) => ({ nodeAddresses: [pair.aIp] })],
  ['BIRD, dynamic BGP over the node subnet', 'bird', (pair) => ({ nodeCIDRs: [linkCidr(pair)] })],
  ['BIRD, the node as an explicit neighbour', 'bird', (pair) => ({ nodeAddresses: [pair.aIp] })],
];

describeE2E('router export: rendered router configs against calico-node', () => {
  for (const [name, kind, options] of CASES) {
    it(`${name}: the Secret's password reaches Established`, () => withPair(async (pair) => {
      const { node, router, proto, started, secrets } = await session(pair, kind, options, false);
      const nodeUp = await node.waitEstablished(proto, 30_000);
      const routerUp = nodeUp && await router.waitEstablished(5000);
      timings.push(`${name}: ${nodeUp && routerUp ? `${Date.now() - started} ms` : 'not established'}`);
      expect(nodeUp, `${name}: calico-node side not Established: ${diag(await node.state(proto), secrets)}`).toBe(true);
      expect(routerUp, `${name}: router side not Established: ${diag(await router.state(), secrets)}`).toBe(true);
    }));

    it(`${name}: a wrong password stays down`, () => withPair(async (pair) => {
      const { node, router, proto, secrets } = await session(pair, kind, options, true);
      const up = await node.waitEstablished(proto, DOWN_WATCH_MS);
      const nodeState = await node.state(proto);
      const routerState = await router.state();
      expect(up, `${name}: calico-node side unexpectedly Established`).toBe(false);
      expect(nodeState.state, `${name}: node ${diag(nodeState, secrets)}`).not.toBe('Established');
      expect(routerState.state, `${name}: router ${diag(routerState, secrets)}`).not.toBe('Established');
    }));
  }

  it('FRR, one listen range accepts two calico-nodes of the subnet with the shared Secret', () => withTopology(async (topo) => {
    // GIVEN two nodes and a router on one bridge (10.78.0.0/24), one BGPPeer for all nodes
    const [n1, n2, r] = await topo.bridge(3);
    const peer = securedPeer(r.ip, 'frr');
    const nodePassword = calicoNodePassword(peer);
    const started = Date.now();
    const nodes = await Promise.all([n1, n2].map((n) => startNode(topo, n.ns, n.ip, r.ip, nodePassword)));
    // WHEN the router runs the rendered listen range over the subnet
    const router = await startFrr(topo, { ns: r.ns, neighborIp: n1.ip, label: 'router', configText: routerText('frr', peer, peer.password, { nodeCIDRs: ['10.78.0.0/24'] }) });
    expect(router.configErrors(), 'FRR accepted every rendered line').toEqual([]);
    // THEN both nodes reach Established
    const proto = calicoProtocolName('Global', r.ip);
    const ups = await Promise.all(nodes.map((b) => b.waitEstablished(proto, 30_000)));
    timings.push(`FRR listen range, 2 nodes: ${ups.every(Boolean) ? `${Date.now() - started} ms` : 'not established'}`);
    for (const [i, b] of nodes.entries()) {
      expect(ups[i], `node ${i + 1} not Established: ${diag(await b.state(proto), [peer.password])}`).toBe(true);
    }
  }));
}, { concurrent: true });
