/**
 * The calico-node emulator against Calico's own compiled configs (test/e2e/fixtures/upstream,
 * Calico 87c15906f, Apache-2.0): fed the inputs of upstream's password scenarios (TestBGPPeerPassword,
 * TestNodeMeshBGPPassword, TestBGPPasswordDeadlock: the mock_data input and the Secrets that
 * daemon_test.go holds at each step), it must render the same `template bgp` and `protocol bgp`
 * blocks as real confd did (order and whitespace aside), and the same bird.cfg.
 *
 * With the daemons: BIRD 1.6 (the BIRD line calico-node runs) parses every upstream compiled
 * config with a library-generated password in place of upstream's, and runs upstream's
 * password/step3 config: its peers reach Established with FRR and GoBGP configured from the
 * library's router export holding the same password, and stay down with a BIRD router holding
 * another one.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PasswordPolicy, renderRouterConfig, routerConfigInputFromPeers } from 'calico-bgp-auth';
import { checkBirdConfig, startCalicoNodeBird } from './support/bird';
import { calicoNodeFiles, confdBgpConfig, renderBirdCfg, snapshotSecrets } from './support/calico-node';
import { describeE2E } from './support/env';
import { composeRouterConfig, parseBirdSummary, startMultiRouter, type MultiRouter } from './support/multi-router';
import { sleep, withTopology } from './support/netns';
import { ipBatch } from './support/peering-batch';
import { redact } from './support/redact';
import { recordSession, recordTemplate } from './support/report';
import type { RouterKind } from './support/router';
import { COMPILED_DIR, UPSTREAM_INSTALL, UPSTREAM_SCENARIOS, bgpBlocks, compiledFile, stepObjects } from './support/upstream-scenarios';

/** Whitespace-insensitive lines of a whole file, blank lines dropped. */
const normalized = (text: string) => text.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).filter(Boolean);

describe('calico-node emulator vs. upstream compiled configs', () => {
  for (const scenario of UPSTREAM_SCENARIOS) {
    for (const step of scenario.steps) {
      it(`${scenario.name} ${step.id}: the same BGP blocks and bird.cfg as confd's ${step.compiled}/bird.cfg`, () => {
        // GIVEN the scenario's objects and the step's Secrets, read by calico-node in kube-system
        const objects = [...scenario.objects(), ...stepObjects(step)];
        const warnings: string[] = [];
        // WHEN the emulator renders bird.cfg for the node confd ran as
        const config = confdBgpConfig({
          objects,
          nodeName: scenario.nodeName,
          ipVersion: 4,
          secrets: snapshotSecrets(objects, UPSTREAM_INSTALL),
          warn: (m) => warnings.push(m),
        });
        const ours = renderBirdCfg(config, 4);
        const theirs = compiledFile(step.compiled, 'bird.cfg');
        // THEN every BGP block matches upstream's, and so does the whole file
        const [a, b] = [bgpBlocks(ours), bgpBlocks(theirs)];
        const differing = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
        recordTemplate({ scenario: scenario.name, step: step.id, file: `${step.compiled}/bird.cfg`, blocks: b.size, matched: differing.length === 0 });
        expect(b.size, 'upstream has BGP blocks').toBeGreaterThan(1);
        expect(differing, 'blocks that differ').toEqual([]);
        expect([...a.keys()]).toEqual([...b.keys()]);
        expect(normalized(ours)).toEqual(normalized(theirs));
        // AND a Secret or key the step lacks is a fail-open warning, never a silent one
        const expectedPasswords = (theirs.match(/password "/g) ?? []).length;
        expect(config.peers.filter((p) => p.password).length).toBe(expectedPasswords);
      });
    }
  }

  it('covers every compiled config vendored for the password scenarios', () => {
    const vendored = ['password', 'mesh/password', 'password-deadlock'].flatMap((d) => {
      const dir = path.join(COMPILED_DIR, d);
      return readdirSync(dir).includes('bird.cfg') ? [d] : readdirSync(dir).map((s) => `${d}/${s}`);
    });
    const compared = new Set(UPSTREAM_SCENARIOS.flatMap((s) => s.steps.map((x) => x.compiled)));
    expect(vendored.filter((d) => !compared.has(d))).toEqual([]);
  });
});

/** Upstream's passwords in a compiled config, replaced by library-generated ones (one per distinct value). */
function withLibraryPasswords(text: string, map: Map<string, string>): string {
  return text.replace(/password "([^"]*)";/g, (_, old: string) => {
    if (!map.has(old)) map.set(old, PasswordPolicy.DEFAULT.generate());
    return `password "${map.get(old)}";`;
  });
}

const timings: string[] = [];
afterAll(() => {
  // eslint-disable-next-line no-console
  if (timings.length) console.log(`upstream compiled configs under BIRD 1.6:\n  ${timings.join('\n  ')}`);
});

describeE2E('upstream compiled configs under BIRD 1.6', () => {
  it('BIRD 1.6 parses every upstream compiled config with library-generated passwords, and the emulator\'s bird.cfg and bird6.cfg', async () => {
    const dirs = [...new Set(UPSTREAM_SCENARIOS.flatMap((s) => s.steps.map((x) => x.compiled)))];
    const tmp = mkdtempSync(path.join(tmpdir(), 'cba-upstream-'));
    try {
      for (const d of dirs) {
        const dir = mkdtempSync(path.join(tmp, 'c-'));
        const map = new Map<string, string>();
        for (const f of ['bird.cfg', 'bird_aggr.cfg', 'bird_ipam.cfg']) writeFileSync(path.join(dir, f), withLibraryPasswords(compiledFile(d, f), map), { mode: 0o600 });
        const parsed = await checkBirdConfig(path.join(dir, 'bird.cfg'), 'bird1');
        expect(parsed, `${d}: ${redact(parsed.message, [...map.values()])}`).toEqual({ ok: true, message: '' });
      }
      // The emulator's own files (IPv4 and IPv6) for a node with a password peer of each family.
      const objects = [
        { apiVersion: 'projectcalico.org/v3', kind: 'Node', metadata: { name: 'n1' }, spec: { bgp: { ipv4Address: '10.24.0.1/24', ipv6Address: 'fd00::1/64' } } },
        { apiVersion: 'projectcalico.org/v3', kind: 'Node', metadata: { name: 'n2' }, spec: { bgp: { ipv4Address: '10.24.0.2/24', ipv6Address: 'fd00::2/64' } } },
        ...['10.24.9.9', 'fd00::9'].map((ip, i) => ({ apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: `p${i}` }, spec: { peerIP: ip, asNumber: 65001, password: { secretKeyRef: { name: 's', key: 'k' } } } })),
      ];
      const pw = PasswordPolicy.DEFAULT.generate();
      for (const v of [4, 6] as const) {
        const files = calicoNodeFiles(confdBgpConfig({ objects, nodeName: 'n1', ipVersion: v, secrets: () => ({ ok: true, value: pw }) }), v);
        expect(files.files[files.main]).toContain(`protocol bgp ${v === 4 ? 'Global_10_24_9_9' : 'Global_fd00__9'} from bgp_template`);
        expect(files.files[files.main]).toContain(`protocol bgp ${v === 4 ? 'Mesh_10_24_0_2' : 'Mesh_fd00__2'} from bgp_template`);
        const dir = mkdtempSync(path.join(tmp, `e${v}-`));
        for (const [f, text] of Object.entries(files.files)) writeFileSync(path.join(dir, f), text, { mode: 0o600 });
        const parsed = await checkBirdConfig(path.join(dir, files.main), 'bird1', v);
        expect(parsed, redact(parsed.message, [pw])).toEqual({ ok: true, message: '' });
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('upstream\'s password/step3 bird.cfg runs under BIRD 1.6: Established with FRR and GoBGP from the library\'s export, down with a wrong password', () => withTopology(async (topo) => {
    // GIVEN upstream's compiled config for node1 (10.24.0.1): three iBGP peers, each with its own password
    const map = new Map<string, string>();
    const files = Object.fromEntries(['bird.cfg', 'bird_aggr.cfg', 'bird_ipam.cfg'].map((f) => [f, withLibraryPasswords(compiledFile('password/step3', f), map)]));
    const pw = (upstreamValue: string) => map.get(upstreamValue)!;
    const routers: Array<{ ip: string; kind: RouterKind; password: string; expect: 'established' | 'down'; protocol: string }> = [
      { ip: '10.24.0.2', kind: 'frr', password: pw('password-a'), expect: 'established', protocol: 'Node_10_24_0_2' },
      { ip: '10.24.0.3', kind: 'gobgp', password: pw('password-b'), expect: 'established', protocol: 'Node_10_24_0_3' },
      { ip: '10.24.10.10', kind: 'bird', password: PasswordPolicy.DEFAULT.generate(), expect: 'down', protocol: 'Node_10_24_10_10' },
    ];
    const secrets = [...map.values(), ...routers.map((r) => r.password)];
    const nodeNs = await topo.addNamespace('node');
    const running: MultiRouter[] = [];
    for (const [i, r] of routers.entries()) {
      const ns = await topo.addNamespace('r');
      const link = await topo.link(nodeNs, ns);
      if (i === 0) await ipBatch(topo, nodeNs, ['addr add 10.24.0.1/32 dev lo']);
      await ipBatch(topo, nodeNs, [`route add ${r.ip}/32 dev ${link.aIf} src 10.24.0.1`]);
      await ipBatch(topo, ns, [`addr add ${r.ip}/32 dev ${link.bIf}`,
        `route add 10.24.0.1/32 dev ${link.bIf} src ${r.ip}`]);
      // AND each router configured from the library's router export for the BGPPeer that reaches it
      const text = renderRouterConfig(r.kind, routerConfigInputFromPeers({
        peers: [{ name: `bgppeer-${i + 1}`, spec: { peerIP: r.ip, asNumber: 64512 } }], secretKeyRef: { name: 'my-secrets-1', key: 'a' },
        install: 'manifest', clusterASNumber: 64512, nodeAddresses: ['10.24.0.1'], routerId: r.ip, peerGroup: 'calico',
        password: r.password, includePassword: true,
      }));
      running.push(await startMultiRouter(topo, { kind: r.kind, ns, configText: composeRouterConfig(r.kind, r.ip, [text]), neighbors: [{ nodeIp: '10.24.0.1', birdProtocol: 'calico_1' }] }));
    }
    // WHEN BIRD 1.6 runs upstream's files as calico-node runs them
    const started = Date.now();
    const node = await startCalicoNodeBird(topo, { ns: nodeNs, label: 'upstream', files: { ipVersion: 4, main: 'bird.cfg', files } });
    // THEN the peers holding the same password reach Established on both ends; the other never does
    const ever = new Set<string>();
    let last = new Map<string, string>();
    for (;;) {
      const nodeStates = parseBirdSummary(await node.birdc('show', 'protocols').catch(() => ''));
      const routerStates = await Promise.all(running.map((r) => r.states()));
      last = new Map(routers.flatMap((r, i) => [[`node:${r.protocol}`, nodeStates.get(r.protocol)?.state ?? 'Unknown'], [`router:${r.ip}`, routerStates[i].get('10.24.0.1')?.state ?? 'Unknown']]));
      for (const [k, s] of last) if (s === 'Established') ever.add(k);
      const upDone = routers.filter((r) => r.expect === 'established').every((r) => last.get(`node:${r.protocol}`) === 'Established' && last.get(`router:${r.ip}`) === 'Established');
      if ((upDone && Date.now() - started > 7000) || Date.now() - started > 30_000) break;
      await sleep(300);
    }
    timings.push(`password/step3 with FRR, GoBGP, BIRD (wrong password): watched ${Date.now() - started} ms`);
    const diag = redact(JSON.stringify(Object.fromEntries(last)), secrets);
    for (const r of routers) {
      const up = last.get(`node:${r.protocol}`) === 'Established' && last.get(`router:${r.ip}`) === 'Established';
      const never = !ever.has(`node:${r.protocol}`) && !ever.has(`router:${r.ip}`);
      recordSession({ suite: 'upstream password/step3 under BIRD 1.6', case: r.protocol, router: r.kind, expected: r.expect, observed: up ? 'established' : never ? 'down' : 'other' });
      if (r.expect === 'established') expect(up, `${r.protocol} (${r.kind}): ${diag}`).toBe(true);
      else expect(never, `${r.protocol} (${r.kind}) never Established: ${diag}`).toBe(true);
    }
    for (const r of running) expect(r.daemon.configErrors(), 'the router took its configuration').toEqual([]);
  }), 90_000);
});
