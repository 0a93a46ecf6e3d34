/**
 * `BgpPasswordSecret.addPeer` in real BGP sessions, cdk8s and Pulumi: BGPPeers added to one shared
 * password, and to a secret with one key per peer, are emitted by the engine (cdk8s synth; a
 * Pulumi program under mocks), read by the calico-node emulator (Secret in its namespace, RBAC by
 * name, fail-open otherwise) into a node-side BIRD, and peered with BIRD, FRR and GoBGP routers:
 * - configured with the password the user reads (the synthesized Secret; addPeer's `password`
 *   output): every session reaches Established;
 * - configured with another password, or with the other peer's key: the node refuses, down;
 * - the shared RoleBinding removed: calico-node fails open, the router refuses;
 * - configured from `SharedBgpPeer.routerConfig(kind, { includePassword: true })` as is: Established.
 * And for a fabric of added peers, the objects present when each BGPPeer is created (cdk8s: the
 * YAML before it; Pulumi: its dependencies) already let calico-node read its password, so the
 * fail-open window never opens.
 *
 * Passwords are generated per run and compared only as booleans; diagnostics are redacted.
 */
import { randomBytes } from 'node:crypto';
import type * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PasswordPolicy } from 'calico-bgp-auth';
import * as cdk8sLib from 'calico-bgp-auth/cdk8s';
import * as pulumiLib from 'calico-bgp-auth/pulumi';
import { routerPasswordsFromOutput, synthObjects } from './support/cdk8s-emitter';
import { resolvePasswords, type K8sObject } from './support/calico-node';
import { describeE2E } from './support/env';
import { runExportBatch, type ExportBatchResult, type RouterSlot } from './support/export-batch';
import { runPeeringBatch, type EmittedSet, type PeeringBatchResult } from './support/peering-batch';
import type { RouterKind } from './support/router';
import { ROUTER_AS, installOf, type InstallName, type PeerDecl, type PeerVerdict } from './support/session-cases';
import { ROUTER_KINDS, expectPeerVerdict } from './support/session-suite';
import { startMockStack, valueOf, TYPES, type Registration } from '../pulumi/support/mock-stack';

/** What a user declares: one BgpPasswordSecret and the peers added to it. */
interface SharedDecl {
  readonly install: InstallName;
  readonly keyPerPeer: boolean;
  readonly peers: readonly PeerDecl[];
}

/** What one app or stack emitted, by BGPPeer name where per peer. */
interface SharedEmission {
  readonly objects: K8sObject[];
  /**
   * The password the user reads for the router: the synthesized Secret (cdk8s), addPeer's `password` output (Pulumi).
   */
  readonly routerPasswords: Readonly<Record<string, string | undefined>>;
  /** The Secret key addPeer reports. */
  readonly secretKeys: Readonly<Record<string, string>>;
  /** `SharedBgpPeer.routerConfig(target, { includePassword: true, ...slot })`. */
  readonly exports: Readonly<Record<string, (target: RouterKind, slot: RouterSlot) => Promise<string>>>;
  /** The objects a cluster holds when the BGPPeer is created, the BGPPeer last. */
  readonly presentAtCreation: Readonly<Record<string, K8sObject[]>>;
}

type Engine = 'cdk8s' | 'pulumi';

/** The longest a Pulumi program or output may take under mocks (a failed output never settles). */
const SETTLE_MS = 15_000;

function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not settle within ${SETTLE_MS} ms`)), SETTLE_MS); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function emitCdk8s(d: SharedDecl): Promise<SharedEmission> {
  const app = new App();
  // A fresh seed: passwords derive from it, the construct path and the key.
  const secret = new cdk8sLib.BgpPasswordSecret(new Chart(app, 'e2e'), 'shared', {
    install: d.install, keyPerPeer: d.keyPerPeer, password: cdk8sLib.BgpPassword.generate({ seed: randomBytes(32) }),
  });
  const peers = d.peers.map((p) => secret.addPeer(p.name, { peerIP: p.peerIP, asNumber: p.asNumber }));
  const objects = synthObjects(app);
  const at = (name: string) => objects.findIndex((o) => o.kind === 'BGPPeer' && o.metadata?.name === name);
  return {
    objects,
    routerPasswords: routerPasswordsFromOutput(objects),
    secretKeys: Object.fromEntries(peers.map((p) => [p.peerName, p.secretKey])),
    exports: Object.fromEntries(
      peers.map((p) => [
        p.peerName,
        async (target: RouterKind, slot: RouterSlot) => p.routerConfig(target, { includePassword: true, ...slot }),
      ]),
    ),
    // `kubectl apply -f` creates the objects in the order of the YAML.
    presentAtCreation: Object.fromEntries(
      peers.map((p) => [p.peerName, at(p.peerName) < 0 ? [] : objects.slice(0, at(p.peerName) + 1)]),
    ),
  };
}

/** The Kubernetes objects `r` depends on, transitively (what the Pulumi engine creates first), then `r`. */
function dependencyClosure(all: readonly Registration[], r: Registration): K8sObject[] {
  const seen = new Set<string>();
  const todo = [...r.dependencies];
  while (todo.length) {
    const urn = todo.pop()!;
    if (seen.has(urn)) continue;
    seen.add(urn);
    todo.push(...(all.find((x) => x.urn === urn)?.dependencies ?? []));
  }
  return [...all.filter((x) => seen.has(x.urn)), r].filter((x) => x.type.startsWith('kubernetes:')).map((x) => x.inputs as K8sObject);
}

async function emitPulumi(d: SharedDecl): Promise<SharedEmission> {
  const stack = await startMockStack();
  const secret = new pulumiLib.BgpPasswordSecret('shared', {
    install: d.install,
    keyPerPeer: d.keyPerPeer,
    peerNames: d.keyPerPeer ? d.peers.map((p) => p.name) : undefined,
    password: pulumiLib.BgpPassword.generate(),
  });
  const peers = d.peers.map((p) => secret.addPeer(p.name, { peerIP: p.peerIP, asNumber: p.asNumber }));
  await within(stack.settle(), 'the Pulumi program');
  const reveal = async (f: (p: pulumiLib.SharedBgpPeer) => pulumi.Output<string> | undefined) =>
    Object.fromEntries(await Promise.all(d.peers.map(async (p, i) => {
      const o = f(peers[i]);
      return [p.name, o === undefined ? undefined : await within(valueOf(o), 'an output')] as const;
    })));
  const bgpPeers = stack.ofType(TYPES.bgpPeer);
  return {
    objects: stack.kubeObjects() as K8sObject[],
    routerPasswords: await reveal((p) => p.password),
    secretKeys: await reveal((p) => p.secretKey) as Record<string, string>,
    exports: Object.fromEntries(d.peers.map((p, i) => [p.name, (target: RouterKind, slot: RouterSlot) =>
      within(valueOf(peers[i].routerConfig(target, { includePassword: true, ...slot })), 'routerConfig')])),
    presentAtCreation: Object.fromEntries(d.peers.map((p) => {
      const r = bgpPeers.find((x) => x.inputs.metadata?.name === p.name);
      return [p.name, r ? dependencyClosure(stack.registrations, r) : []];
    })),
  };
}

const EMIT: Record<Engine, (d: SharedDecl) => Promise<SharedEmission>> = { cdk8s: emitCdk8s, pulumi: emitPulumi };
const ENGINES: readonly Engine[] = ['cdk8s', 'pulumi'];

/** A case of sessions; `alter` is what differs from the library's output on the cluster or the router. */
interface SessionCase {
  readonly id: string;
  readonly title: string;
  readonly verdict: PeerVerdict;
  readonly decl: (ip: (i: number) => string) => SharedDecl;
  /** Also run with the router configured from each added peer's routerConfig export. */
  readonly exported?: boolean;
  readonly alter?: (e: SharedEmission) => Pick<SharedEmission, 'objects' | 'routerPasswords'>;
}

const peersAt = (ip: (i: number) => string, n: number): PeerDecl[] =>
  Array.from({ length: n }, (_, i) => ({ name: `tor-${'ab'[i]}`, peerIP: ip(i), asNumber: ROUTER_AS }));

const CASES: readonly SessionCase[] = [
  {
    id: 'shared', title: 'two peers added to one shared password reach Established', verdict: 'established', exported: true,
    decl: (ip) => ({ install: 'operator', keyPerPeer: false, peers: peersAt(ip, 2) }),
  },
  {
    id: 'key-per-peer', title: 'two peers added with keyPerPeer (manifest install), each with its own key, reach Established', verdict: 'established', exported: true,
    decl: (ip) => ({ install: 'manifest', keyPerPeer: true, peers: peersAt(ip, 2) }),
  },
  {
    id: 'key-per-peer-crossed', title: 'keyPerPeer with each router holding the other peer\'s password stays down', verdict: 'down',
    decl: (ip) => ({ install: 'manifest', keyPerPeer: true, peers: peersAt(ip, 2) }),
    alter: (e) => ({ objects: e.objects, routerPasswords: { 'tor-a': e.routerPasswords['tor-b'], 'tor-b': e.routerPasswords['tor-a'] } }),
  },
  {
    id: 'wrong', title: 'a router holding another password than the shared one stays down', verdict: 'down',
    decl: (ip) => ({ install: 'operator', keyPerPeer: false, peers: peersAt(ip, 1) }),
    alter: (e) => ({ objects: e.objects, routerPasswords: { 'tor-a': PasswordPolicy.DEFAULT.generate() } }),
  },
  {
    id: 'no-role-binding', title: 'without the shared RoleBinding calico-node fails open on every added peer and the router refuses', verdict: 'fail-open',
    decl: (ip) => ({ install: 'operator', keyPerPeer: false, peers: peersAt(ip, 2) }),
    alter: (e) => ({ objects: e.objects.filter((o) => o.kind !== 'RoleBinding'), routerPasswords: e.routerPasswords }),
  },
];

/** Peers of the apply-order check: a rack's worth, no daemons. */
const FABRIC_PEERS = 24;
const FABRIC: readonly SharedDecl[] = [false, true].map((keyPerPeer) => ({
  install: 'operator' as const, keyPerPeer,
  peers: Array.from({ length: FABRIC_PEERS }, (_, i) => ({ name: `rack-tor-${i}`, peerIP: `10.96.${keyPerPeer ? 1 : 0}.${i + 1}`, asNumber: ROUTER_AS })),
}));

interface Emitted {
  readonly engine: Engine;
  readonly kase: SessionCase;
  readonly decl: SharedDecl;
  readonly emission: SharedEmission;
}

function toSet(e: Emitted, verdict: PeerVerdict, altered: boolean): EmittedSet {
  const { objects, routerPasswords } = altered && e.kase.alter ? e.kase.alter(e.emission) : e.emission;
  const label = `${e.engine}/${e.kase.id}`;
  return {
    label, objects, install: installOf(e.decl.install),
    peers: Object.fromEntries(e.decl.peers.map((p) => [p.name, {
      caseId: `${label}/${p.name}`, routerPassword: routerPasswords[p.name], expect: verdict === 'established' ? 'established' as const : 'down' as const,
    }])),
  };
}

describeE2E('BgpPasswordSecret.addPeer in real BGP sessions', () => {
  let emitted: Emitted[] = [];
  const fabric = new Map<Engine, SharedEmission[]>();
  let peering: Map<RouterKind, Promise<PeeringBatchResult>> | undefined;
  let exported: Map<RouterKind, Promise<ExportBatchResult>> | undefined;
  const started = Date.now();

  beforeAll(async () => {
    // One engine after the other: Pulumi mocks are process-wide.
    for (const [e, engine] of ENGINES.entries()) {
      for (const [c, kase] of CASES.entries()) {
        const decl = kase.decl((i) => `10.98.${e * 10 + c}.${i + 1}`);
        emitted.push({ engine, kase, decl, emission: await EMIT[engine](decl) });
      }
      const racks: SharedEmission[] = [];
      for (const d of FABRIC) racks.push(await EMIT[engine](d));
      fabric.set(engine, racks);
    }
    const sets = emitted.map((x) => toSet(x, x.kase.verdict, true));
    const exportSets = emitted.filter((x) => x.kase.exported).map((x) => toSet(x, 'established', false));
    // Each added peer's own export for the router kind, by the case id `toSet` gives it.
    const exportsFor = (router: RouterKind) =>
      new Map(
        emitted
          .filter((x) => x.kase.exported)
          .flatMap((x) =>
            x.decl.peers.map(
              (p) =>
                [
                  `${x.engine}/${x.kase.id}/${p.name}`,
                  (slot: RouterSlot) => x.emission.exports[p.name](router, slot),
                ] as const,
            ),
          ),
      );
    peering = new Map(ROUTER_KINDS.map((router) => [router, runPeeringBatch({ router, sets, downWatchMs: 6000, suite: 'addPeer sessions' })]));
    exported = new Map(
      ROUTER_KINDS.map((router) => [router, runExportBatch({ router, sets: exportSets, exports: exportsFor(router) })]),
    );
    for (const p of [...peering.values(), ...exported.values()]) p.catch(() => undefined); // awaited by the tests
  });

  afterAll(async () => {
    const done = await Promise.allSettled([...(peering?.values() ?? []), ...(exported?.values() ?? [])]);
    const lines = done.map((r, i) => {
      const batch = `${ROUTER_KINDS[i % ROUTER_KINDS.length]} (${i < ROUTER_KINDS.length ? 'password copied' : 'routerConfig export'})`;
      if (r.status === 'rejected') {
        return `${batch}: failed: ${String((r.reason as Error)?.message ?? r.reason).slice(0, 300)}`;
      }
      const ups = [...r.value.outcomes.values()]
        .map((o) => o.node.establishedAfterMs)
        .filter((x): x is number => x !== undefined);
      return `${batch}: ${r.value.outcomes.size} sessions watched ${r.value.watchedMs} ms, Established after ${Math.min(...ups)}-${Math.max(...ups)} ms`;
    });
    // eslint-disable-next-line no-console
    console.log(`addPeer sessions (${Date.now() - started} ms in all):\n  ${lines.join('\n  ')}`);
    emitted = [];
  });

  for (const engine of ENGINES) {
    it(`${engine}: addPeer refers each BGPPeer to the shared key, or with keyPerPeer to its own key and password`, () => {
      // GIVEN the shared and keyPerPeer emissions, WHEN the BGPPeers are read
      for (const x of emitted.filter((y) => y.engine === engine && y.kase.exported)) {
        const names = x.decl.peers.map((p) => p.name);
        const refKey = (n: string) => x.emission.objects.find((o) => o.kind === 'BGPPeer' && o.metadata?.name === n)?.spec?.password?.secretKeyRef?.key;
        // THEN keyPerPeer: a key named after each peer, each its own password; shared: one key, one password
        const keys = names.map((n) => x.emission.secretKeys[n]);
        expect(names.map(refKey), x.kase.id).toEqual(keys);
        expect(keys, x.kase.id).toEqual(x.decl.keyPerPeer ? names : names.map(() => 'password'));
        const passwords = new Set(names.map((n) => x.emission.routerPasswords[n]));
        expect(passwords.has(undefined), `${x.kase.id}: the user can read every password`).toBe(false);
        expect(passwords.size, `${x.kase.id}: distinct passwords`).toBe(x.decl.keyPerPeer ? names.length : 1);
      }
    });

    it(`${engine}: every one of ${FABRIC_PEERS} added BGPPeers finds its Secret and RBAC already there when it is created (shared and keyPerPeer)`, () => {
      // GIVEN a rack of peers added to a shared secret, WHEN calico-node reads each BGPPeer with
      // only the objects the cluster holds at its creation (YAML order; Pulumi dependencies)
      for (const [r, e] of fabric.get(engine)!.entries()) {
        const d = FABRIC[r];
        for (const p of d.peers) {
          const resolved = resolvePasswords(e.presentAtCreation[p.name], installOf(d.install)).find((x) => x.source === 'BGPPeer' && x.peerName === p.name);
          // THEN it reads the password the user reads, never failing open
          expect(resolved, `${d.keyPerPeer ? 'keyPerPeer' : 'shared'} ${p.name}: the BGPPeer is emitted`).toBeDefined();
          expect(resolved!.warnings, p.name).toEqual([]);
          expect(resolved!.password !== undefined && resolved!.password === e.routerPasswords[p.name], `${p.name}: calico-node reads the user's password`).toBe(true);
        }
      }
    });

    for (const router of ROUTER_KINDS) {
      for (const kase of CASES) {
        it(`${engine}, ${router} router: ${kase.title}`, async () => {
          // GIVEN the added peers' objects as the engine emits them (altered as the case says), and
          // the router configured with the password the user read
          // WHEN calico-node (emulated) renders them into BIRD and both ends run
          const result = await peering!.get(router)!;
          const outcomes = [...result.outcomes.values()].filter((o) => o.setLabel === `${engine}/${kase.id}`);
          // THEN the router took its configuration and every added peer ends as the case says
          expect(result.routerConfigErrors, 'the router accepted its configuration').toEqual([]);
          expectPeerVerdict(kase.verdict, outcomes, result.secrets);
        });
      }
      for (const kase of CASES.filter((c) => c.exported)) {
        it(`${engine}, ${router} router configured from routerConfig('${router}', { includePassword: true }): ${kase.title}`, async () => {
          // GIVEN the router's configuration pasted from each added peer's router export
          // WHEN calico-node (emulated) reads the same output and both ends run
          const result = await exported!.get(router)!;
          const outcomes = [...result.outcomes.values()].filter((o) => o.setLabel === `${engine}/${kase.id}`);
          // THEN the router took every line, the export held calico-node's password, and the sessions are up
          expect(result.routerConfigErrors, 'the router accepted the exported configuration').toEqual([]);
          for (const o of outcomes) {
            expect(o.exportHoldsNodePassword, `${o.caseId}: the export holds the password calico-node read`).toBe(true);
          }
          expectPeerVerdict('established', outcomes, result.secrets);
        });
      }
    }
  }
}, { concurrent: true });
