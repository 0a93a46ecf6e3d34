/**
 * `BgpPasswordSecret.addPeer`: the objects an added peer emits and their order (the BGPPeer after
 * the Secret and RBAC it relies on), the same as a `SecuredBgpPeer` with `sharedSecret`, and the
 * app-wide name check over them.
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KubeObject } from 'calico-bgp-auth';
import { BgpPasswordSecret, SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';
import { PEERS, fabric, masked, securedFabric, seeded, sorted, tor } from './fixture';
import { fingerprint } from '../../core/helpers/bytes';
import { checkNameCollisions } from '../../support/core';
import { validateObject } from '../../support/crd-validator';
import { Obj, appAndChart, expectSecured, ofKind, passwordRef, passwords, synth, synthError } from '../support';

describe('BgpPasswordSecret.addPeer: objects and order', () => {
  it('emits the Secret, Role, RoleBinding, then the added BGPPeers, cluster-scoped, valid and wired to the Secret', () => {
    // GIVEN a secret with three added peers in a Chart that has a namespace
    const { chart, secret, peers } = fabric();

    // WHEN synthesized
    const objects = synth(chart);

    // THEN the shared objects come first, then the BGPPeers in the order added, without a namespace
    expect(objects.map((o) => o.kind)).toEqual(['Secret', 'Role', 'RoleBinding', 'BGPPeer', 'BGPPeer', 'BGPPeer']);
    const bgpPeers = ofKind(objects, 'BGPPeer');
    expect(bgpPeers.map((p) => p.metadata.name)).toEqual(PEERS);
    for (const [i, p] of bgpPeers.entries()) {
      expect(p.metadata, p.metadata.name).not.toHaveProperty('namespace');
      expect(passwordRef(p)).toEqual({ name: secret.secretName, key: 'password' });
      expect(p.spec).toMatchObject(tor(i + 1));
    }
    expect(peers.map((p) => [p.peerName, p.secretName, p.secretKey])).toEqual(PEERS.map((n) => [n, secret.secretName, 'password']));
    expectSecured(objects);
    for (const o of objects) expect(validateObject(o), `${o.kind} ${o.metadata.name}`).toEqual([]);
  });

  it('puts each BGPPeer directly under the secret, after its RBAC in tree order, with no construct or dependency edge of its own', () => {
    // GIVEN / WHEN a fabric nothing else depends on, synthesized
    const { chart, secret, peers } = fabric();
    synth(chart);
    // THEN the tree order alone writes the peers last: no edge is declared (lib/cdk8s/ordering.ts)
    for (const peer of peers) {
      expect(peer.bgpPeer.node.scope).toBe(secret);
      expect(peer.bgpPeer.node.path).toBe(`test/rack/${peer.peerName}`);
      expect(peer.bgpPeer.node.dependencies).toEqual([]);
      expect(peer).not.toBeInstanceOf(Construct);
    }
    // THEN the secret holds its three objects and one ApiObject per peer, nothing more
    expect(secret.node.children.map((c) => c.node.id)).toEqual(['Secret', 'Role', 'RoleBinding', ...PEERS]);
  });

  it.each([false, true])('emits what SecuredBgpPeer with sharedSecret emits for the same peers (keyPerPeer %s)', (keyPerPeer) => {
    // GIVEN the same three peers, added to a secret, and as SecuredBgpPeers sharing a secret at the same path
    const added = synth(fabric({ keyPerPeer }).chart);
    const secured = synth(securedFabric({ keyPerPeer }).chart);

    // THEN the objects are equal (passwords compared by fingerprint), in the same kind order
    expect(masked(sorted(added))).toEqual(masked(sorted(secured)));
    expect(added.map((o) => o.kind)).toEqual(secured.map((o) => o.kind));
    expect(passwords(added).map(fingerprint)).toEqual(passwords(secured).map(fingerprint));
  });

  it('keeps the Secret and RBAC ahead of the BGPPeer when an object created before the secret depends on the peer', () => {
    // GIVEN an object created first, depending on a peer added later
    const { chart } = appAndChart();
    const early = new ApiObject(chart, 'early', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'early' } });
    const secret = new BgpPasswordSecret(chart, 'rack', { password: seeded() });
    const peer = secret.addPeer('tor-1', tor(1));
    early.addDependency(peer.bgpPeer);

    // WHEN synthesized
    const objects = synth(chart);

    // THEN Secret < Role < RoleBinding < BGPPeer < the dependant
    expect(objects.map((o) => o.kind)).toEqual(['Secret', 'Role', 'RoleBinding', 'BGPPeer', 'ConfigMap']);
    expectSecured(objects);
  });

  it('keeps the Secret and RBAC ahead of the BGPPeer when a chart created before depends on the peer', () => {
    // GIVEN a chart created first, with an object depending on a peer added in a later chart
    const app = Testing.app();
    const early = new ApiObject(new Chart(app, 'early'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'early' } });
    const secret = new BgpPasswordSecret(new Chart(app, 'secrets'), 'rack', { password: seeded() });
    early.addDependency(secret.addPeer('tor-1', tor(1)).bgpPeer);

    // WHEN the app is synthesized
    const objects = parseAllDocuments(app.synthYaml()).map((d) => d.toJS() as Obj);

    // THEN the secret's chart is written first, the peer after its Secret and RBAC
    expect(objects.map((o) => o.kind)).toEqual(['Secret', 'Role', 'RoleBinding', 'BGPPeer', 'ConfigMap']);
    expect(app.charts.map((c) => c.node.id)).toEqual(['secrets', 'early']);
  });
});

describe('BgpPasswordSecret.addPeer: name collisions across the app', () => {
  /** The core's compose.name-collision message for these emitters of one BGPPeer. */
  function collision(name: string, emitters: string[]): string {
    const object = { apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name } } as KubeObject;
    const problems = checkNameCollisions(emitters.map((emitter) => ({ object, emitter })));
    expect(problems.map((p) => p.rule)).toEqual(['compose.name-collision']);
    return problems[0].message;
  }

  it('reports an added peer and a SecuredBgpPeer elsewhere writing the same BGPPeer', () => {
    // GIVEN an added peer 'tor-1' in one chart and a SecuredBgpPeer named 'tor-1' in another
    const app = Testing.app();
    new BgpPasswordSecret(new Chart(app, 'a'), 'rack', { password: seeded() }).addPeer('tor-1', tor(1));
    new SecuredBgpPeer(new Chart(app, 'b'), 'tor', { ...tor(1), name: 'tor-1', password: seeded() });

    // WHEN the app is synthesized THEN the core's collision problem names both emitters
    expect(() => app.synthYaml()).toThrow(collision('tor-1', ['a/rack/tor-1', 'b/tor/Resource']));
  });

  it('reports two secrets adding a peer of the same name (the duplicate check is per secret)', () => {
    const { chart } = appAndChart();
    new BgpPasswordSecret(chart, 'rack-a', { password: seeded() }).addPeer('tor-1', tor(1));
    new BgpPasswordSecret(chart, 'rack-b', { password: seeded() }).addPeer('tor-1', tor(2));
    expect(synthError(chart)).toContain(collision('tor-1', ['test/rack-a/tor-1', 'test/rack-b/tor-1']));
  });
});
