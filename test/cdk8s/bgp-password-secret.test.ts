import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BgpPassword, BgpPasswordSecret, SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';
import { TEST_SEED, appAndChart, expectSecured, expectValid, ofKind, passwords, synth, synthError } from './support';

const password = () => BgpPassword.generate({ seed: TEST_SEED });
const tor = (i: number) => ({ peerIP: `10.10.1.${i}`, asNumber: 65101, nodeSelector: 'rack == \'r1\'' });

describe('BgpPasswordSecret', () => {
  it.each([1, 2, 5])('with one key for all, %i peers emit that many BGPPeers and 3 more objects', (k) => {
    // GIVEN k peers sharing one Secret
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'rack', { password: password() });
    for (let i = 1; i <= k; i++) new SecuredBgpPeer(chart, `tor-${i}`, { ...tor(i), sharedSecret: shared });

    // WHEN synthesized
    const objects = synth(chart);

    // THEN k BGPPeers + Secret, Role, RoleBinding, all reading the same key, all valid
    expect(objects).toHaveLength(k + 3);
    expect(objects.slice(0, 3).map((o) => o.kind)).toEqual(['Secret', 'Role', 'RoleBinding']);
    const peers = ofKind(objects, 'BGPPeer');
    expect(peers).toHaveLength(k);
    for (const p of peers) expect(p.spec.password.secretKeyRef).toEqual({ name: shared.secretName, key: 'password' });
    expect(passwords(objects)).toHaveLength(1);
    expectSecured(objects);
    expectValid(objects);
  });

  it('with keyPerPeer, gives each peer its own key and its own password', () => {
    // GIVEN two peers sharing a Secret, one key each
    const { chart } = appAndChart('apps');
    const shared = new BgpPasswordSecret(chart, 'rack', { name: 'rack-r1', keyPerPeer: true, password: password() });
    const a = new SecuredBgpPeer(chart, 'tor-1', { ...tor(1), name: 'r1-tor-1', sharedSecret: shared });
    const b = new SecuredBgpPeer(chart, 'tor-2', { ...tor(2), name: 'r1-tor-2', sharedSecret: shared });

    // WHEN synthesized
    const objects = synth(chart);

    // THEN one Secret with a key per peer, distinct values, one Role naming the Secret
    expect(objects).toHaveLength(5);
    const secret = ofKind(objects, 'Secret')[0];
    expect(Object.keys(secret.stringData).sort()).toEqual(['r1-tor-1', 'r1-tor-2']);
    expect(secret.stringData['r1-tor-1']).not.toBe(secret.stringData['r1-tor-2']);
    expect([a.secretKey, b.secretKey, a.secretName]).toEqual(['r1-tor-1', 'r1-tor-2', 'rack-r1']);
    expect(ofKind(objects, 'Role')[0].rules[0].resourceNames).toEqual(['rack-r1']);
    expectSecured(objects);
    expectValid(objects);
  });

  it('orders a peer in another chart after the shared Secret and RBAC', () => {
    // GIVEN the shared secret in one chart and the peers in another
    const app = Testing.app();
    const shared = new BgpPasswordSecret(new Chart(app, 'secrets'), 'rack', { password: password() });
    new SecuredBgpPeer(new Chart(app, 'peers'), 'tor', { ...tor(1), sharedSecret: shared });

    // THEN the chart holding the secret comes first in the app's output
    expect(app.charts.map((c) => c.node.id)).toEqual(['secrets', 'peers']);
    const objects = app.charts.flatMap((c) => Testing.synth(c));
    expectSecured(objects);
  });

  it('shares an existing Secret: only the Role and RoleBinding, once', () => {
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'rack', { password: BgpPassword.fromExistingSecret({ name: 'rack-md5', key: 'md5' }) });
    new SecuredBgpPeer(chart, 'tor-1', { ...tor(1), sharedSecret: shared });
    new SecuredBgpPeer(chart, 'tor-2', { ...tor(2), sharedSecret: shared });
    const objects = synth(chart);
    expect(objects.map((o) => o.kind)).toEqual(['Role', 'RoleBinding', 'BGPPeer', 'BGPPeer']);
    expect(shared.secretName).toBe('rack-md5');
    expectSecured(objects, { secretEmitted: false });
  });

  it('refuses keyPerPeer with a fixed value', () => {
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'rack', { keyPerPeer: true, password: BgpPassword.fromValue('same-for-everyone') });
    new SecuredBgpPeer(chart, 'tor-1', { ...tor(1), sharedSecret: shared });
    const error = synthError(chart);
    expect(error).toContain('[test/rack] \'keyPerPeer\' needs a generated password (BgpPassword.generate())');
    expect(error).not.toContain('same-for-everyone');
  });

  it('refuses a peer that sets its own password too', () => {
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'rack', { password: password() });
    new SecuredBgpPeer(chart, 'tor-1', { ...tor(1), sharedSecret: shared, password: password(), secretName: 'x' });
    const error = synthError(chart);
    expect(error).toContain('[test/tor-1] Only one of \'password\' and \'sharedSecret\' may be set');
    expect(error).toContain('[test/tor-1] Only one of \'secretName\' and \'sharedSecret\' may be set');
  });

  it('gives peers its install, and refuses a peer with another one', () => {
    // GIVEN a shared secret for a manifest install, one peer inheriting it and one contradicting it
    const { chart } = appAndChart();
    const shared = new BgpPasswordSecret(chart, 'rack', { password: password(), install: 'manifest' });
    const inherited = new SecuredBgpPeer(chart, 'tor-1', { ...tor(1), sharedSecret: shared });
    new SecuredBgpPeer(chart, 'tor-2', { ...tor(2), sharedSecret: shared, install: 'operator' });

    // THEN the first lands in kube-system, the second is refused
    expect(inherited.install.namespace).toBe('kube-system');
    expect(synthError(chart)).toContain(`[test/tor-2] 'install' says calico-node runs in namespace 'calico-system', but the peer's shared Secret '${shared.secretName}' lives in 'kube-system'`);
  });
});

describe('BgpPasswordSecret across Apps', () => {
  it('refuses a peer whose shared secret belongs to another App: its BGPPeer would be synthesized without the Secret and RBAC', () => {
    // GIVEN a shared secret in one App and a peer in another
    const secrets = Testing.app();
    const shared = new BgpPasswordSecret(new Chart(secrets, 'secrets'), 'rack', { name: 'rack-md5', password: password() });
    const peers = Testing.app();
    const chart = new Chart(peers, 'peers');
    new SecuredBgpPeer(chart, 'tor', { ...tor(1), sharedSecret: shared });

    // WHEN the peer's App is validated THEN the peer is refused, naming the rule's reason
    expect(synthError(chart)).toContain('[peers/tor] The peer goes to this cdk8s App, but its shared Secret \'rack-md5\' and the Secret\'s RBAC go to another cdk8s App: '
      + 'they would land in different clusters, and calico-node would peer without a password. Declare the peer where its shared secret is.');
  });
});
