/**
 * The fabric the `BgpPasswordSecret.addPeer` / `SharedBgpPeer` tests share: a secret with three
 * added peers, and the same peers as `SecuredBgpPeer`s with `sharedSecret`, which the added ones
 * must match (the wrapper aside).
 */
import { Chart } from 'cdk8s';
import { PasswordPolicy, RouterConfigOptions } from 'calico-bgp-auth';
import { BgpPassword, BgpPasswordSecret, BgpPasswordSecretProps, SecuredBgpPeer, SharedBgpPeerProps } from 'calico-bgp-auth/cdk8s';
import { fingerprint } from '../../core/helpers/bytes';
import { Obj, TEST_SEED, appAndChart, ofKind, synth } from '../support';

export const seeded = (seed = TEST_SEED) => BgpPassword.generate({ seed, policy: PasswordPolicy.forRouter('frr') });
export const tor = (i: number): SharedBgpPeerProps => ({ peerIP: `10.10.1.${i}`, asNumber: 65101, nodeSelector: `rack == 'r${i}'` });
export const PEERS = ['tor-1', 'tor-2', 'tor-3'];
export const RANGE: RouterConfigOptions = { clusterASNumber: 64512, nodeCIDRs: ['10.10.0.0/16'] };
export const SPINE: SharedBgpPeerProps = { peerIP: '10.0.0.1', asNumber: 65001 };

/** A chart (in namespace 'apps') with a secret at test/rack and `PEERS` added to it. */
export function fabric(props: BgpPasswordSecretProps = {}, namespace = 'apps') {
  const { app, chart } = appAndChart(namespace);
  const secret = new BgpPasswordSecret(chart, 'rack', { password: seeded(), ...props });
  const peers = PEERS.map((name, i) => secret.addPeer(name, tor(i + 1)));
  return { app, chart, secret, peers };
}

/** The same peers as `SecuredBgpPeer`s with `sharedSecret` (the secret at the same path). */
export function securedFabric(props: BgpPasswordSecretProps = {}, namespace = 'apps') {
  const { chart } = appAndChart(namespace);
  const secret = new BgpPasswordSecret(chart, 'rack', { password: seeded(), ...props });
  PEERS.forEach((name, i) => new SecuredBgpPeer(chart, `peer-${i}`, { ...tor(i + 1), name, sharedSecret: secret }));
  return { chart, secret };
}

/** Objects with every password replaced by its fingerprint, so that a failing comparison prints none. */
export function masked(objects: Obj[]): Obj[] {
  const mask = (data: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(data).map(([k, v]) => [k, fingerprint(String(v))]));
  return objects.map((o) => (o.stringData ? { ...o, stringData: mask(o.stringData) } : o));
}

/** Objects sorted by kind and name. */
export const sorted = (objects: Obj[]) => [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));

/** The index of the first object of `kind` (and `name`, when given). */
export const at = (objects: Obj[], kind: string, name?: string) =>
  objects.findIndex((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

/** The Secret's values by key, as fingerprints. */
export const keyFingerprints = (objects: Obj[]) =>
  Object.fromEntries(Object.entries(ofKind(objects, 'Secret')[0].stringData).map(([k, v]) => [k, fingerprint(String(v))]));

/** The password under `key` of the synthesized Secret `name`. */
export function secretValue(chart: Chart, name: string, key: string): string {
  const value = ofKind(synth(chart), 'Secret').find((s) => s.metadata.name === name)?.stringData?.[key];
  if (typeof value !== 'string') throw new Error(`Secret ${name} has no key ${key}`);
  return value;
}

/** The validation lines of `error` reported at `constructPath`, without the prefix. */
export const linesAt = (error: string | undefined, constructPath: string) =>
  (error ?? '').split('\n').map((l) => l.trim()).filter((l) => l.startsWith(`[${constructPath}] `)).map((l) => l.slice(constructPath.length + 3));
