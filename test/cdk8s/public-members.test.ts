/**
 * The public members the cdk8s constructs share with the Pulumi components (issue 18): the Calico
 * object as `bgpPeer` / `bgpConfiguration` (the deprecated `apiObject` the same object), and the
 * `password` getters, which give the value written into the Secret and nothing else, while the
 * construct itself, printed or serialized, never shows it.
 */
import { inspect } from 'node:util';
import { ApiObject } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  BgpPassword, BgpPasswordSecret, MeshPassword, PasswordUnit, SecuredBgpPeer,
} from 'calico-bgp-auth/cdk8s';
import { TEST_SEED, appAndChart, ofKind, synth } from './support';

const PEER = { peerIP: '10.0.0.1', asNumber: 65001 };
const seeded = () => BgpPassword.generate({ seed: TEST_SEED });
const STORE = { store: { name: 'vault', kind: 'ClusterSecretStore' as const }, remoteRef: { key: 'bgp/tor' } };

/** The value under `key` of the synthesized Secret `name`. */
function secretValue(objects: ReturnType<typeof synth>, name: string, key: string): unknown {
  return ofKind(objects, 'Secret').find((s) => s.metadata.name === name)?.stringData?.[key];
}

/** Every construct kind with a password, built with a generated one. */
function everyKind() {
  const { chart } = appAndChart();
  const peer = new SecuredBgpPeer(chart, 'peer', { ...PEER, password: seeded() });
  const mesh = new MeshPassword(chart, 'mesh', { password: seeded() });
  const rack = new BgpPasswordSecret(chart, 'rack', { password: seeded() });
  const added = rack.addPeer('tor-1', { ...PEER, peerIP: '10.0.0.2' });
  const onShared = new SecuredBgpPeer(chart, 'on-rack', { ...PEER, peerIP: '10.0.0.3', sharedSecret: rack });
  const perPeer = new BgpPasswordSecret(chart, 'per-peer', { password: seeded(), keyPerPeer: true });
  const ownKey = perPeer.addPeer('tor-2', { ...PEER, peerIP: '10.0.0.4' });
  return { chart, peer, mesh, rack, added, onShared, perPeer, ownKey };
}

describe('cdk8s public member names', () => {
  it('GIVEN each unit WHEN read THEN bgpPeer / bgpConfiguration is its Calico object and the deprecated apiObject is the same object', () => {
    // GIVEN
    const { peer, mesh, added, onShared } = everyKind();
    // THEN
    expect(peer.bgpPeer).toBeInstanceOf(ApiObject);
    expect(peer.bgpPeer.kind).toBe('BGPPeer');
    expect(peer.bgpPeer.name).toBe(peer.peerName);
    expect(ApiObject.of(peer)).toBe(peer.bgpPeer);
    expect(peer.apiObject).toBe(peer.bgpPeer);
    expect(onShared.apiObject).toBe(onShared.bgpPeer);
    expect(added.bgpPeer.kind).toBe('BGPPeer');
    expect(added.bgpPeer.name).toBe('tor-1');
    expect(added.apiObject).toBe(added.bgpPeer);
    expect(mesh.bgpConfiguration.kind).toBe('BGPConfiguration');
    expect(mesh.bgpConfiguration.name).toBe('default');
    expect(mesh.configurationName).toBe('default');
    expect(mesh.apiObject).toBe(mesh.bgpConfiguration);
  });

  it('GIVEN SecuredBgpPeer and MeshPassword THEN both are PasswordUnits whose unit members are getters of PasswordUnit, not own properties', () => {
    // GIVEN
    const { peer, mesh } = everyKind();
    const members = ['secretName', 'secretKey', 'install', 'secret', 'role', 'roleBinding', 'password'];
    for (const unit of [peer, mesh]) {
      // THEN
      expect(unit).toBeInstanceOf(PasswordUnit);
      for (const m of members) {
        expect(Object.getOwnPropertyNames(unit), m).not.toContain(m);
        expect(typeof Object.getOwnPropertyDescriptor(PasswordUnit.prototype, m)?.get, m).toBe('function');
      }
      expect(unit.secret?.kind).toBe('Secret');
      expect(unit.role?.kind).toBe('Role');
      expect(unit.roleBinding?.kind).toBe('RoleBinding');
      expect(unit.install.namespace).toBe('calico-system');
    }
  });

  it('GIVEN generated passwords WHEN synthesized THEN each password getter is the value written under the unit\'s key', () => {
    // GIVEN
    const { chart, peer, mesh, rack, added, onShared, perPeer, ownKey } = everyKind();
    // WHEN
    const objects = synth(chart);
    // THEN
    expect(peer.password).toEqual(expect.any(String));
    expect(secretValue(objects, peer.secretName, peer.secretKey)).toBe(peer.password);
    expect(secretValue(objects, mesh.secretName, mesh.secretKey)).toBe(mesh.password);
    expect(rack.secretKeys).toEqual(['password']);
    expect(secretValue(objects, rack.secretName, 'password')).toBe(rack.password);
    expect(added.password).toBe(rack.password);
    expect(onShared.password).toBe(rack.password);
    expect(rack.passwordFor('any-peer')).toBe(rack.password);
    // AND with a key per peer, each peer's own, no shared one
    expect(perPeer.password).toBeUndefined();
    expect(perPeer.secretKeys).toEqual(['tor-2']);
    expect(secretValue(objects, perPeer.secretName, 'tor-2')).toBe(perPeer.passwordFor('tor-2'));
    expect(ownKey.password).toBe(perPeer.passwordFor('tor-2'));
    expect(perPeer.passwordFor('not-attached')).toBeUndefined();
  });

  it.each([
    ['an existing Secret', BgpPassword.fromExistingSecret({ name: 'bgp', key: 'pw' })],
    ['the external-secrets generator', BgpPassword.fromExternalSecretsGenerator()],
    ['an external secret store', BgpPassword.fromExternalSecret(STORE)],
    ['a generated password that cannot be produced (a bad seed)', BgpPassword.generate({ seed: 'not-a-seed' })],
  ])('GIVEN %s THEN the password getters are undefined', (_what, password) => {
    // GIVEN
    const { chart } = appAndChart();
    const peer = new SecuredBgpPeer(chart, 'peer', { ...PEER, password });
    const mesh = new MeshPassword(chart, 'mesh', { password });
    const rack = new BgpPasswordSecret(chart, 'rack', { password });
    const added = rack.addPeer('tor-1', PEER);
    // THEN
    for (const value of [peer.password, mesh.password, rack.password, rack.passwordFor('tor-1'), added.password]) {
      expect(value).toBeUndefined();
    }
  });

  it('GIVEN every construct kind WHEN printed with util.inspect or its public objects serialized THEN no password shows', () => {
    // GIVEN
    const { chart, peer, mesh, rack, added, onShared, perPeer, ownKey } = everyKind();
    const objects = synth(chart);
    const secrets = [peer.password, mesh.password, rack.password, perPeer.passwordFor('tor-2')];
    expect(secrets.every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
    for (const construct of [peer, mesh, rack, added, onShared, perPeer, ownKey]) {
      // WHEN printed as a logger would, and deeper
      const printed = [
        inspect(construct), inspect(construct, { depth: 4 }), String(construct), Object.keys(construct).join(),
      ];
      // THEN
      for (const text of printed) for (const s of secrets) expect(text.includes(s!), 'a password in the printed construct').toBe(false);
    }
    // AND the public objects other than the Secrets hold none
    const notSecrets = objects.filter((o) => o.kind !== 'Secret');
    const calicoObjects = [peer.bgpPeer, mesh.bgpConfiguration, added.bgpPeer].map((o) => o.toJson());
    const names = [peer, mesh].map((u) => [u.secretName, u.secretKey, u.install]);
    const serialized = JSON.stringify([notSecrets, names, rack.secretKeys, perPeer.secretKeys, calicoObjects]);
    for (const s of secrets) expect(serialized.includes(s!)).toBe(false);
  });
});
