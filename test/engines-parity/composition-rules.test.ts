/**
 * One rule, one place: every composition rule of the core (lib/calico/composition.ts) is triggered
 * through the cdk8s constructs and through the Pulumi components with the same inputs, and both
 * engines must report the core's sentence for it, word for word. cdk8s reports messages (prefixed
 * with the construct path only when synthesized); Pulumi throws a ValidationError carrying the
 * problems (prefixed with the component only in the error's text). Where a sentence names a unit
 * (the first MeshPassword, the emitters of a colliding object), each engine names it its own way (a
 * construct path, `Kind 'name'`); those names are masked before the sentences are compared.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Problem, ValidationError } from 'calico-bgp-auth';
import {
  checkKeyPerPeer,
  checkNameCollisions,
  checkSharedSecretExclusive,
  checkSharedSecretInstall,
  checkSharedSecretTarget,
  checkSingleMeshPassword,
  checkSharedPeerName,
  checkSourceNamesSecret,
  planSecuredBgpPeer,
  resolveInstall,
} from '../support/core';
import * as k from 'calico-bgp-auth/cdk8s';
import * as p from 'calico-bgp-auth/pulumi';
import { TEST_SEED } from '../cdk8s/support';
import { startMockStack } from '../pulumi/support/mock-stack';

type Engine = 'cdk8s' | 'pulumi';

interface ParityCase {
  readonly rule: string;
  readonly title: string;
  /** Declares the units in a cdk8s chart (path `test`). */
  readonly cdk8s: (chart: Chart) => void;
  /** Declares the same components in a Pulumi program; the last one is expected to throw. */
  readonly pulumi: () => void;
  /** The core's problems for the same plain inputs, with each engine's names for the units. */
  readonly core: (engine: Engine) => Problem[];
  /** The engine's names for the units in the sentences, masked before comparing. @default none */
  readonly names?: Record<Engine, readonly string[]>;
}

const PEER = { peerIP: '192.0.2.1', asNumber: 64601 };
const seeded = () => k.BgpPassword.generate({ seed: TEST_SEED });

/** Both peers reference one existing Secret, so each would emit the same Role and RoleBinding. */
function collisionProblems(emitters: (peer: string, kind: 'Role' | 'RoleBinding') => string): Problem[] {
  const plans = ['tor-1', 'tor-2'].map((name) => ({ name, plan: planSecuredBgpPeer({ name, spec: PEER, secret: { mode: 'existing', name: 'rack-md5', key: 'password' } }) }));
  return checkNameCollisions((['Role', 'RoleBinding'] as const).flatMap((kind) => plans.map(({ name, plan }) =>
    ({ object: kind === 'Role' ? plan.role! : plan.roleBinding!, emitter: emitters(name, kind) }))));
}

const CASES: readonly ParityCase[] = [
  {
    rule: 'compose.shared-secret-exclusive',
    title: 'a peer with a shared secret and its own secretName and secretKey',
    cdk8s: (chart) => {
      const rack = new k.BgpPasswordSecret(chart, 'rack', { name: 'rack-md5', password: seeded() });
      new k.SecuredBgpPeer(chart, 'tor-1', { ...PEER, sharedSecret: rack, secretName: 'mine', secretKey: 'pw' });
    },
    pulumi: () => {
      const rack = new p.BgpPasswordSecret('rack', { name: 'rack-md5' });
      new p.SecuredBgpPeer('tor-1', { ...PEER, sharedSecret: rack, secretName: 'mine', secretKey: 'pw' });
    },
    core: () => checkSharedSecretExclusive({ secretName: 'mine', secretKey: 'pw' }),
  },
  {
    rule: 'compose.shared-secret-install',
    title: 'a peer for the operator install sharing a Secret of a manifest install',
    cdk8s: (chart) => {
      const rack = new k.BgpPasswordSecret(chart, 'rack', { name: 'rack-md5', password: seeded(), install: 'manifest' });
      new k.SecuredBgpPeer(chart, 'tor-1', { ...PEER, sharedSecret: rack, install: 'operator' });
    },
    pulumi: () => {
      const rack = new p.BgpPasswordSecret('rack', { name: 'rack-md5', install: 'manifest' });
      new p.SecuredBgpPeer('tor-1', { ...PEER, sharedSecret: rack, install: 'operator' });
    },
    core: () => checkSharedSecretInstall({ install: resolveInstall('operator'), secretName: 'rack-md5', secretInstall: resolveInstall('manifest') }),
  },
  {
    rule: 'compose.shared-secret-install',
    title: 'a peer for the operator install sharing a Secret granted to ServiceAccount other-sa in calico-system',
    cdk8s: (chart) => {
      const rack = new k.BgpPasswordSecret(chart, 'rack', { name: 'rack-md5', password: seeded(), install: { namespace: 'calico-system', serviceAccount: 'other-sa' } });
      new k.SecuredBgpPeer(chart, 'tor-1', { ...PEER, sharedSecret: rack, install: 'operator' });
    },
    pulumi: () => {
      const rack = new p.BgpPasswordSecret('rack', { name: 'rack-md5', install: { namespace: 'calico-system', serviceAccount: 'other-sa' } });
      new p.SecuredBgpPeer('tor-1', { ...PEER, sharedSecret: rack, install: 'operator' });
    },
    core: () => checkSharedSecretInstall({
      install: resolveInstall('operator'), secretName: 'rack-md5', secretInstall: resolveInstall({ namespace: 'calico-system', serviceAccount: 'other-sa' }),
    }),
  },
  {
    rule: 'compose.shared-secret-install',
    title: 'a peer running as ServiceAccount other-sa sharing a Secret of the operator install',
    cdk8s: (chart) => {
      const rack = new k.BgpPasswordSecret(chart, 'rack', { name: 'rack-md5', password: seeded(), install: 'operator' });
      new k.SecuredBgpPeer(chart, 'tor-1', { ...PEER, sharedSecret: rack, install: { namespace: 'calico-system', serviceAccount: 'other-sa' } });
    },
    pulumi: () => {
      const rack = new p.BgpPasswordSecret('rack', { name: 'rack-md5', install: 'operator' });
      new p.SecuredBgpPeer('tor-1', { ...PEER, sharedSecret: rack, install: { namespace: 'calico-system', serviceAccount: 'other-sa' } });
    },
    core: () => checkSharedSecretInstall({
      install: resolveInstall({ namespace: 'calico-system', serviceAccount: 'other-sa' }), secretName: 'rack-md5', secretInstall: resolveInstall('operator'),
    }),
  },
  {
    rule: 'compose.shared-secret-target',
    title: 'a peer going elsewhere than its shared secret (another cdk8s App, another Pulumi provider)',
    cdk8s: (chart) => {
      const rack = new k.BgpPasswordSecret(new Chart(Testing.app(), 'other'), 'rack', { name: 'rack-md5', password: seeded() });
      new k.SecuredBgpPeer(chart, 'tor-1', { ...PEER, sharedSecret: rack });
    },
    pulumi: () => {
      const rack = new p.BgpPasswordSecret('rack', { name: 'rack-md5' }, { provider: new k8s.Provider('cluster-a', {}) });
      new p.SecuredBgpPeer('tor-1', { ...PEER, sharedSecret: rack }, { provider: new k8s.Provider('cluster-b', {}) });
    },
    core: (engine) => checkSharedSecretTarget(engine === 'cdk8s'
      ? { secretName: 'rack-md5', peerTarget: 'this cdk8s App', secretTarget: 'another cdk8s App' }
      : { secretName: 'rack-md5', peerTarget: 'provider \'cluster-b\'', secretTarget: 'provider \'cluster-a\'' }),
    names: { cdk8s: ['this cdk8s App', 'another cdk8s App'], pulumi: ['provider \'cluster-b\'', 'provider \'cluster-a\''] },
  },
  {
    rule: 'compose.key-per-peer-source',
    title: 'a key-per-peer secret over an existing Secret',
    cdk8s: (chart) => { new k.BgpPasswordSecret(chart, 'rack', { keyPerPeer: true, password: k.BgpPassword.fromExistingSecret({ name: 'rack-md5' }) }); },
    pulumi: () => { new p.BgpPasswordSecret('rack', { keyPerPeer: true, peerNames: ['tor-1'], password: p.BgpPassword.fromExistingSecret({ name: 'rack-md5' }) }); },
    core: () => checkKeyPerPeer({ keyPerPeer: true, distinctPerKey: false }),
  },
  {
    rule: 'compose.key-per-peer-key',
    title: 'a key-per-peer secret given a key',
    cdk8s: (chart) => { new k.BgpPasswordSecret(chart, 'rack', { keyPerPeer: true, key: 'pw', password: seeded() }); },
    pulumi: () => { new p.BgpPasswordSecret('rack', { keyPerPeer: true, peerNames: ['tor-1'], key: 'pw' }); },
    core: () => checkKeyPerPeer({ keyPerPeer: true, distinctPerKey: true, key: 'pw' }),
  },
  {
    rule: 'compose.source-names-secret',
    title: 'a peer naming its Secret while the password is an existing Secret',
    cdk8s: (chart) => { new k.SecuredBgpPeer(chart, 'tor-1', { ...PEER, secretName: 'mine', password: k.BgpPassword.fromExistingSecret({ name: 'theirs' }) }); },
    pulumi: () => { new p.SecuredBgpPeer('tor-1', { ...PEER, secretName: 'mine', password: p.BgpPassword.fromExistingSecret({ name: 'theirs' }) }); },
    core: () => checkSourceNamesSecret({ sourceRef: { name: 'theirs', key: 'password' }, name: 'mine' }),
  },
  {
    rule: 'compose.source-names-secret',
    title: 'a mesh password naming its key while the password is an existing Secret',
    cdk8s: (chart) => { new k.MeshPassword(chart, 'mesh', { secretKey: 'pw', password: k.BgpPassword.fromExistingSecret({ name: 'theirs' }) }); },
    pulumi: () => { new p.MeshPassword('mesh', { secretKey: 'pw', password: p.BgpPassword.fromExistingSecret({ name: 'theirs' }) }); },
    core: () => checkSourceNamesSecret({ sourceRef: { name: 'theirs', key: 'password' }, key: 'pw' }),
  },
  {
    rule: 'compose.source-names-secret',
    title: 'a shared secret naming itself while the password is an existing Secret',
    cdk8s: (chart) => { new k.BgpPasswordSecret(chart, 'rack', { name: 'mine', password: k.BgpPassword.fromExistingSecret({ name: 'theirs' }) }); },
    pulumi: () => { new p.BgpPasswordSecret('rack', { name: 'mine', password: p.BgpPassword.fromExistingSecret({ name: 'theirs' }) }); },
    core: () => checkSourceNamesSecret({ sourceRef: { name: 'theirs', key: 'password' }, name: 'mine', nameField: 'name', keyField: 'key' }),
  },
  {
    rule: 'compose.single-mesh-password',
    title: 'a second MeshPassword',
    cdk8s: (chart) => {
      new k.MeshPassword(chart, 'mesh-a', { password: seeded() });
      new k.MeshPassword(chart, 'mesh-b', { password: seeded(), secretName: 'other-mesh-password' });
    },
    pulumi: () => {
      new p.MeshPassword('mesh-a');
      new p.MeshPassword('mesh-b', { secretName: 'other-mesh-password' });
    },
    core: (engine) => checkSingleMeshPassword({ first: engine === 'cdk8s' ? 'MeshPassword \'test/mesh-a\'' : 'MeshPassword \'mesh-a\'' }),
    names: { cdk8s: ['MeshPassword \'test/mesh-a\''], pulumi: ['MeshPassword \'mesh-a\''] },
  },
  {
    rule: 'compose.name-collision',
    title: 'two peers each granting the same existing Secret',
    cdk8s: (chart) => {
      new k.SecuredBgpPeer(chart, 'tor-1', { ...PEER, password: k.BgpPassword.fromExistingSecret({ name: 'rack-md5' }) });
      new k.SecuredBgpPeer(chart, 'tor-2', { ...PEER, peerIP: '192.0.2.2', password: k.BgpPassword.fromExistingSecret({ name: 'rack-md5' }) });
    },
    pulumi: () => {
      new p.SecuredBgpPeer('tor-1', { ...PEER, password: p.BgpPassword.fromExistingSecret({ name: 'rack-md5' }) });
      new p.SecuredBgpPeer('tor-2', { ...PEER, peerIP: '192.0.2.2', password: p.BgpPassword.fromExistingSecret({ name: 'rack-md5' }) });
    },
    core: (engine) => collisionProblems((peer, kind) => engine === 'cdk8s' ? `test/${peer}/${kind}` : `SecuredBgpPeer '${peer}'`),
    names: {
      cdk8s: ['test/tor-1/RoleBinding', 'test/tor-2/RoleBinding', 'test/tor-1/Role', 'test/tor-2/Role'],
      pulumi: ['SecuredBgpPeer \'tor-1\'', 'SecuredBgpPeer \'tor-2\''],
    },
  },
  {
    rule: 'compose.shared-peer-duplicate',
    title: 'two peers of the same name added to one shared secret',
    cdk8s: (chart) => {
      const rack = new k.BgpPasswordSecret(chart, 'rack', { name: 'rack-md5', password: seeded() });
      rack.addPeer('tor-1', PEER);
      rack.addPeer('tor-1', { ...PEER, peerIP: '192.0.2.2' });
    },
    pulumi: () => {
      const rack = new p.BgpPasswordSecret('rack', { name: 'rack-md5' });
      rack.addPeer('tor-1', PEER);
      rack.addPeer('tor-1', { ...PEER, peerIP: '192.0.2.2' });
    },
    core: () => checkSharedPeerName('tor-1', true),
  },
];

/**
 * Every message cdk8s validation reports for the app (all constructs, unprefixed), or the problems
 * of the ValidationError a construct throws at once (`addPeer` refuses a duplicate name immediately).
 */
function cdk8sMessages(declare: (chart: Chart) => void): string[] {
  const app = Testing.app();
  try {
    declare(new Chart(app, 'test'));
  } catch (e) {
    if (e instanceof ValidationError) return e.problems.map((x) => x.message);
    throw e;
  }
  return app.node.findAll().flatMap((c) => c.node.validate());
}

/** The problems of the ValidationError the Pulumi program throws (none if it throws nothing). */
async function pulumiProblems(declare: () => void): Promise<readonly Problem[]> {
  await startMockStack();
  try {
    declare();
    return [];
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    throw e;
  }
}

function masked(messages: readonly string[], names: readonly string[] = []): string[] {
  return messages.map((m) => names.reduce((text, name) => text.split(name).join('<unit>'), m));
}

describe('cdk8s and Pulumi report the core\'s composition rules with the same sentences', () => {
  for (const c of CASES) {
    it(`${c.rule}: ${c.title}`, async () => {
      // GIVEN the same units declared in both engines
      // WHEN cdk8s validates the app and the Pulumi program runs
      const fromCdk8s = cdk8sMessages(c.cdk8s);
      const fromPulumi = (await pulumiProblems(c.pulumi)).filter((x) => x.rule === c.rule);

      // THEN Pulumi reports exactly the core's problems for this rule (field, rule, message)
      expect(c.core('pulumi').length).toBeGreaterThan(0);
      expect(fromPulumi).toEqual(c.core('pulumi'));
      // AND cdk8s reports each of the core's sentences once
      const expectedCdk8s = c.core('cdk8s').map((x) => x.message);
      expect(fromCdk8s.filter((m) => expectedCdk8s.includes(m))).toEqual(expectedCdk8s);
      // AND, the engines' names for the units aside, the sentences are identical
      expect(masked(expectedCdk8s, c.names?.cdk8s)).toEqual(masked(fromPulumi.map((x) => x.message), c.names?.pulumi));
    });
  }

  it('covers every rule of lib/calico/composition.ts', () => {
    // GIVEN the rule ids the core's composition file defines
    const source = readFileSync(path.join(__dirname, '..', '..', 'lib', 'calico', 'composition.ts'), 'utf8');
    const rules = [...new Set(source.match(/'compose\.[a-z-]+'/g)!.map((r) => r.slice(1, -1)))].sort();
    // THEN each is triggered by a parity case above
    expect(rules.length).toBeGreaterThan(0);
    expect([...new Set(CASES.map((c) => c.rule))].sort()).toEqual(rules);
  });
});
