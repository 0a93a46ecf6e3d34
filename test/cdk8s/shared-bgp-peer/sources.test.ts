/**
 * `BgpPasswordSecret.addPeer` with each password source and install: a key per peer, an existing
 * Secret, external-secrets, calico-node's namespace.
 */
import { ApiObject } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BgpPassword } from 'calico-bgp-auth/cdk8s';
import { PEERS, at, fabric, keyFingerprints, seeded } from './fixture';
import { OTHER_SEED, expectSecured, expectValid, ofKind, passwordRef, synth } from '../support';

describe('BgpPasswordSecret.addPeer: password sources and installs', () => {
  it('with keyPerPeer gives each added peer its own key and password, stable across synths with the same seed', () => {
    // GIVEN the same fabric built twice with the same seed, and once with another
    const first = fabric({ keyPerPeer: true });
    const again = fabric({ keyPerPeer: true });
    const other = fabric({ keyPerPeer: true, password: seeded(OTHER_SEED) });

    // WHEN synthesized
    const fps = keyFingerprints(synth(first.chart));

    // THEN one key per peer, named after it, each referenced by its BGPPeer, all values distinct
    expect(Object.keys(fps).sort()).toEqual(PEERS);
    expect(new Set(Object.values(fps)).size).toBe(PEERS.length);
    expect(first.peers.map((p) => p.secretKey)).toEqual(PEERS);
    for (const p of ofKind(synth(first.chart), 'BGPPeer')) expect(passwordRef(p)).toEqual({ name: first.secret.secretName, key: p.metadata.name });
    // AND the same seed gives the same values (also at a second synth of the same app), another seed others
    expect(keyFingerprints(synth(first.chart))).toEqual(fps);
    expect(keyFingerprints(synth(again.chart))).toEqual(fps);
    const otherFps = keyFingerprints(synth(other.chart));
    for (const name of PEERS) expect(otherFps[name], name).not.toBe(fps[name]);
    expectValid(synth(first.chart));
  });

  it('puts the Secret and RBAC in kube-system for the manifest install', () => {
    const { chart, secret } = fabric({ install: 'manifest' });
    const objects = synth(chart);
    expect(secret.install.namespace).toBe('kube-system');
    expectSecured(objects, { namespace: 'kube-system' });
    expectValid(objects);
  });

  it('emits no Secret for an existing one: the BGPPeers reference it, after the RBAC', () => {
    const { chart, peers } = fabric({ password: BgpPassword.fromExistingSecret({ name: 'rack-md5', key: 'md5' }) });
    const objects = synth(chart);
    expect(objects.map((o) => o.kind)).toEqual(['Role', 'RoleBinding', 'BGPPeer', 'BGPPeer', 'BGPPeer']);
    for (const p of ofKind(objects, 'BGPPeer')) expect(passwordRef(p)).toEqual({ name: 'rack-md5', key: 'md5' });
    expect(peers.map((p) => `${p.secretName}/${p.secretKey}`)).toEqual(PEERS.map(() => 'rack-md5/md5'));
    expectSecured(objects, { secretEmitted: false });
    expectValid(objects);
  });

  it.each([
    ['the external-secrets generator', BgpPassword.fromExternalSecretsGenerator(), ['Password', 'ExternalSecret']],
    ['an external secret store', BgpPassword.fromExternalSecret({ store: { name: 'vault', kind: 'ClusterSecretStore' }, remoteRef: { key: 'bgp/rack' } }), ['ExternalSecret']],
  ])('orders the BGPPeers after the objects of %s, referencing the Secret they write', (_what, password, sourceKinds) => {
    // GIVEN a secret whose password external-secrets writes, with added peers
    const { chart, secret, peers } = fabric({ password });
    const sourceObjects = secret.node.children
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && sourceKinds.includes(c.kind));
    expect(sourceObjects.map((o) => o.kind)).toEqual(sourceKinds);
    // AND an object created earlier depending on the first peer, which makes the secret's unit
    // declare its dependencies (the tree order alone would no longer hold)
    new ApiObject(chart, 'early-dependant', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'early' } }).addDependency(peers[0].bgpPeer);

    // WHEN synthesized
    const objects = synth(chart);

    // THEN every peer depends on every source object
    for (const peer of peers) for (const o of sourceObjects) expect(peer.bgpPeer.node.dependencies, `${peer.peerName} after ${o.kind}`).toContain(o);
    // AND no Secret and no password value, every BGPPeer after every source object and the RBAC
    expect(ofKind(objects, 'Secret')).toEqual([]);
    expect(objects.map((o) => o.kind).sort()).toEqual([...sourceKinds, 'ConfigMap', 'Role', 'RoleBinding', 'BGPPeer', 'BGPPeer', 'BGPPeer'].sort());
    const firstPeer = at(objects, 'BGPPeer');
    for (const kind of [...sourceKinds, 'Role', 'RoleBinding']) expect(at(objects, kind), kind).toBeLessThan(firstPeer);
    const es = ofKind(objects, 'ExternalSecret')[0];
    for (const p of ofKind(objects, 'BGPPeer')) expect(passwordRef(p).name).toBe(es.spec.target.name);
    expect(secret.secretName).toBe(es.spec.target.name);
    const ours = objects.filter((o) => o.kind !== 'ConfigMap');
    expectSecured(ours, { secretEmitted: false });
    expectValid(ours);
  });
});
