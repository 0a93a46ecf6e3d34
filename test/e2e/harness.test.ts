/**
 * Proves the end-to-end harness: real BIRD / FRR / GoBGP daemons in throwaway network
 * namespaces, TCP-MD5 on the veth between them, and the calico-node emulator in front.
 * Passwords are random per run and never appear in case names or assertion messages.
 */
import { afterAll, expect, it } from 'vitest';
import { renderBirdBgpProtocol, renderBirdConfig, startCalicoNodeBird, type Bird, type BirdProtocolState } from './support/bird';
import { calicoNodeFiles, calicoNodeObject, calicoProtocolName, confdBgpConfig, renderCalicoNodeBirdConfig, resolvePasswords, snapshotSecrets } from './support/calico-node';
import { describeE2E } from './support/env';
import { CALICO_SYSTEM, meshWithPassword, peerWithPassword, randomPassword, withoutKind } from './support/fixtures';
import { run, withPair, withTopology, type Pair } from './support/netns';
import { redact } from './support/redact';
import { recordSession } from './support/report';
import { startBirdRouter, startRouter, type Router, type RouterKind } from './support/router';

const NODE_AS = 64512;
const ROUTER_AS = 64513;
/** How long a session that must stay down is watched. */
const DOWN_WATCH_MS = 7000;

const timings: string[] = [];
afterAll(() => {
  // eslint-disable-next-line no-console
  if (timings.length) console.log(`e2e harness time to Established:\n  ${timings.join('\n  ')}`);
});

/** A state summary safe to show in a failure message. */
const diag = (s: BirdProtocolState | { state: string; lastError?: string }, secrets: string[]) =>
  redact(JSON.stringify(s), secrets);

/** Calico node (BIRD, in pair.a) peering with a router of `kind` (in pair.b). */
async function nodeAndRouter(
  pair: Pair,
  kind: RouterKind,
  nodePassword: string | undefined,
  routerPassword: string | undefined,
) {
  const started = Date.now(); // timings count from launching the first daemon
  const node = await startCalicoNodeBird(pair.topo, {
    ns: pair.a,
    label: 'node',
    files: renderCalicoNodeBirdConfig({
      nodeIp: pair.aIp,
      asNumber: NODE_AS,
      peers: [{ ip: pair.bIp, asNumber: ROUTER_AS, password: nodePassword }],
    }),
  });
  const router = await startRouter(pair.topo, kind, pair.b, {
    routerId: pair.bIp,
    localAs: ROUTER_AS,
    localIp: pair.bIp,
    neighborIp: pair.aIp,
    neighborAs: NODE_AS,
    password: routerPassword,
  });
  return { node, router, proto: calicoProtocolName('Global', pair.bIp), started };
}

async function expectEstablished(
  label: string,
  node: Bird,
  proto: string,
  router: Router,
  started: number,
  secrets: string[],
) {
  const nodeUp = await node.waitEstablished(proto, 30_000);
  const routerUp = nodeUp && (await router.waitEstablished(5000));
  timings.push(`${label}: ${nodeUp && routerUp ? `${Date.now() - started} ms` : 'not established'}`);
  recordSession({
    suite: 'harness',
    case: label,
    router: router.kind,
    expected: 'established',
    observed: nodeUp && routerUp ? 'established' : 'other',
  });
  expect(nodeUp, `${label}: node side not Established: ${diag(await node.state(proto), secrets)}`).toBe(true);
  expect(routerUp, `${label}: router side not Established: ${diag(await router.state(), secrets)}`).toBe(true);
}

async function expectStaysDown(label: string, node: Bird, proto: string, router: Router, secrets: string[]) {
  const up = await node.waitEstablished(proto, DOWN_WATCH_MS);
  const nodeState = await node.state(proto);
  const routerState = await router.state();
  recordSession({ suite: 'harness', case: label, router: router.kind, expected: 'down', observed: !up && nodeState.state !== 'Established' && routerState.state !== 'Established' ? 'down' : 'other' });
  expect(up, `${label}: node side unexpectedly Established`).toBe(false);
  expect(nodeState.state, `${label}: node state ${diag(nodeState, secrets)}`).not.toBe('Established');
  expect(nodeState.protocolState, `${label}: node protocol ${diag(nodeState, secrets)}`).not.toBe('up');
  expect(routerState.state, `${label}: router state ${diag(routerState, secrets)}`).not.toBe('Established');
}

describeE2E('e2e harness', () => {
  it('BIRD<->BIRD with the same password reaches Established', () => withPair(async (pair) => {
    const pw = randomPassword();
    const { node, router, proto, started } = await nodeAndRouter(pair, 'bird', pw, pw);
    await expectEstablished('bird-bird same password', node, proto, router, started, [pw]);
  }));

  it('BIRD<->BIRD with different passwords stays down', () => withPair(async (pair) => {
    const a = randomPassword();
    const b = randomPassword();
    const { node, router, proto } = await nodeAndRouter(pair, 'bird', a, b);
    await expectStaysDown('bird-bird wrong password', node, proto, router, [a, b]);
  }));

  it('calico-node emulator fails open without the RoleBinding, and the session stays down', () => withPair(async (pair) => {
    const pw = randomPassword();
    const objects = peerWithPassword({ peerIp: pair.bIp, asNumber: ROUTER_AS, password: pw });

    const granted = resolvePasswords(objects, CALICO_SYSTEM);
    expect(granted.length, 'one BGPPeer resolved').toBe(1);
    expect(granted[0].password === pw, 'with RBAC in place the secret value is resolved verbatim').toBe(true);
    expect(granted[0].warnings, 'no warnings with RBAC in place').toEqual([]);

    const [denied] = resolvePasswords(withoutKind(objects, 'RoleBinding'), CALICO_SYSTEM);
    expect(denied.password === undefined, 'password is dropped when the RoleBinding is missing').toBe(true);
    expect(denied.warnings.length, 'one warning').toBe(1);
    expect(denied.warnings[0].startsWith("Can't read password for BGPPeer tor-router"), 'confd-style warning').toBe(true);
    expect(denied.warnings[0].includes(pw), 'warning must not contain the password').toBe(false);

    const { node, router, proto } = await nodeAndRouter(pair, 'bird', denied.password, pw);
    await expectStaysDown('fail-open (no password) vs router with password', node, proto, router, [pw]);
  }));

  it('an 80-byte password establishes', () => withPair(async (pair) => {
    const pw = randomPassword(80);
    expect(Buffer.byteLength(pw), 'fixture length').toBe(80);
    const { node, router, proto, started } = await nodeAndRouter(pair, 'bird', pw, pw);
    await expectEstablished('bird-bird 80-byte password', node, proto, router, started, [pw]);
  }));

  it('an 81-byte password is refused by the kernel and BIRD reports it', () => withPair(async (pair) => {
    const pw = randomPassword(81);
    const { node, proto } = await nodeAndRouter(pair, 'bird', pw, randomPassword(80));
    const { ok, last } = await node.waitFor(proto, (s) => s.state === 'Down' && !!s.lastError, 10_000);
    expect(ok, `81-byte: node never went Down with an error: ${diag(last, [pw])}`).toBe(true);
    expect(last.lastError, 'BIRD show protocols error').toMatch(/Kernel MD5 auth failed/);
    expect(last.logErrors.some((l) => /password for TCP MD5 Signature is too long/.test(l)), `log: ${diag(last, [pw])}`).toBe(true);
    expect(JSON.stringify(last).includes(pw), 'state text must not contain the password').toBe(false);
  }));

  for (const kind of ['frr', 'gobgp'] as const) {
    it(`BIRD<->${kind} with the same password reaches Established`, () => withPair(async (pair) => {
      const pw = randomPassword();
      const { node, router, proto, started } = await nodeAndRouter(pair, kind, pw, pw);
      expect(router.configErrors(), `${kind} accepted every config line`).toEqual([]);
      await expectEstablished(`bird-${kind} same password`, node, proto, router, started, [pw]);
    }));
  }

  it('two Calico nodes mesh with the mesh password and both peer with one router (bridge)', () => withTopology(async (topo) => {
    const meshPw = randomPassword();
    const peerPw = randomPassword();
    const [n1, n2, r] = await topo.bridge(3);
    const objects = [
      ...meshWithPassword(meshPw),
      ...peerWithPassword({ peerIp: r.ip, asNumber: ROUTER_AS, password: peerPw, secretName: 'tor-password' }),
    ];
    const resolved = resolvePasswords(objects, CALICO_SYSTEM);
    const mesh = resolved.find((x) => x.source === 'BGPConfiguration');
    const peer = resolved.find((x) => x.source === 'BGPPeer');
    expect(mesh?.password === meshPw && peer?.password === peerPw, 'both passwords resolved').toBe(true);
    expect(resolved.flatMap((x) => x.warnings), 'no warnings').toEqual([]);

    const started = Date.now();
    const nodes = await Promise.all([n1, n2].map((n) => startCalicoNodeBird(topo, {
      ns: n.ns, label: 'node',
      files: renderCalicoNodeBirdConfig({
        nodeIp: n.ip, asNumber: NODE_AS, meshNodes: [n1, n2], meshPassword: mesh?.password,
        peers: [{ ip: r.ip, asNumber: ROUTER_AS, password: peer?.password }],
      }),
    })));
    const router = await startBirdRouter(topo, {
      ns: r.ns, protocolName: 'node1',
      configText: renderBirdConfig({
        routerId: r.ip,
        protocols: [n1, n2].map((n, i) => renderBirdBgpProtocol({
          name: `node${i + 1}`, localAs: ROUTER_AS, neighborIp: n.ip, neighborAs: NODE_AS, password: peerPw, multihop: false,
        })),
      }),
    });
    const secrets = [meshPw, peerPw];
    const checks: Array<[Bird, string]> = [
      [nodes[0], calicoProtocolName('Mesh', n2.ip)], [nodes[1], calicoProtocolName('Mesh', n1.ip)],
      [nodes[0], calicoProtocolName('Global', r.ip)], [nodes[1], calicoProtocolName('Global', r.ip)],
      [router.bird, 'node1'], [router.bird, 'node2'],
    ];
    const ups = await Promise.all(checks.map(([b, p]) => b.waitEstablished(p, 30_000)));
    timings.push(`mesh (2 nodes + router, 6 sessions): ${ups.every(Boolean) ? `${Date.now() - started} ms` : 'not established'}`);
    for (const [i, [b, p]] of checks.entries()) {
      expect(ups[i], `mesh: ${p} not Established: ${diag(await b.state(p), secrets)}`).toBe(true);
    }
  }));

  for (const [label, same] of [['the same password reaches Established', true], ['a wrong password stays down', false]] as const) {
    it(`IPv6: an IPv6 BGPPeer goes to calico-node's bird6.cfg; BIRD 1.6's bird6 with a BIRD 2 router, ${label}`, () => withPair(async (pair) => {
      // GIVEN a node with an IPv6 address and a BGPPeer to an IPv6 router, its password in a Secret
      const [nodeIp, routerIp] = ['fd00:96::1', 'fd00:96::2'];
      await run('ip', ['-n', pair.a, 'addr', 'add', `${nodeIp}/64`, 'dev', pair.link.aIf, 'nodad']);
      await run('ip', ['-n', pair.b, 'addr', 'add', `${routerIp}/64`, 'dev', pair.link.bIf, 'nodad']);
      const pw = randomPassword();
      const objects = [
        calicoNodeObject({ name: 'node-1', ipv4: pair.aIp, ipv6: nodeIp }),
        ...peerWithPassword({ peerIp: routerIp, asNumber: ROUTER_AS, password: pw }),
      ];
      // WHEN calico-node renders it: the peer is in bird6.cfg only
      const render = (v: 4 | 6) => confdBgpConfig({ objects, nodeName: 'node-1', ipVersion: v, secrets: snapshotSecrets(objects, CALICO_SYSTEM) });
      expect(render(4).peers).toEqual([]);
      const files = calicoNodeFiles(render(6), 6);
      const proto = calicoProtocolName('Global', routerIp);
      expect(files.main).toBe('bird6.cfg');
      expect(files.files['bird6.cfg']).toContain(`protocol bgp ${proto} from bgp_template`);
      const node = await startCalicoNodeBird(pair.topo, { ns: pair.a, label: 'node6', files });
      const routerPw = same ? pw : randomPassword();
      const router = await startBirdRouter(pair.topo, {
        ns: pair.b, configText: renderBirdConfig({
          routerId: pair.bIp,
          protocols: [renderBirdBgpProtocol({ name: 'peer', localAs: ROUTER_AS, neighborIp: nodeIp, neighborAs: NODE_AS, sourceAddress: routerIp, password: routerPw, multihop: false })],
        }),
      });
      // THEN BIRD 1.6's bird6 peers over IPv6 with TCP-MD5 as the passwords say
      if (same) await expectEstablished('IPv6 bird6-bird', node, proto, router, Date.now(), [pw]);
      else await expectStaysDown('IPv6 bird6-bird wrong password', node, proto, router, [pw, routerPw]);
    }));
  }
}, { concurrent: true });
