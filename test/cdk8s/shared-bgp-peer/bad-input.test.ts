/**
 * `BgpPasswordSecret.addPeer` with bad input: the same problems as a `SecuredBgpPeer`, reported at
 * the BGPPeer's path when the app is validated, or refused at once when the name cannot be a
 * construct id.
 */
import { describe, expect, it } from 'vitest';
import { SecuredBgpPeer, SharedBgpPeerProps } from 'calico-bgp-auth/cdk8s';
import { fabric, linesAt, masked, securedFabric, tor } from './fixture';
import { validationError } from '../../support/errors';
import { synth, synthError } from '../support';

describe('BgpPasswordSecret.addPeer: bad input', () => {
  it.each([
    ['a peerIP that is no address', { peerIP: 'x' }, ['\'spec.peerIP\' (x) must be an IP address']],
    ['a negative asNumber', { asNumber: -1 }, ['\'spec.asNumber\' (-1) must be an AS number']],
    ['both node and nodeSelector', { node: 'node-1' }, ['Only one of \'spec.node\' and \'spec.nodeSelector\' may be set.']],
    ['all three', { peerIP: 'x', asNumber: -1, node: 'node-1' }, ['spec.peerIP', 'spec.asNumber', 'spec.node']],
  ] as Array<[string, Partial<SharedBgpPeerProps>, string[]]>)('reports %s at validation, at the BGPPeer\'s path, as SecuredBgpPeer does', (_what, bad, expected) => {
    // GIVEN the same bad spec added to a secret and given to a SecuredBgpPeer sharing one (separate apps)
    const { chart, secret } = fabric();
    secret.addPeer('bad', { ...tor(9), ...bad });
    const secured = securedFabric();
    new SecuredBgpPeer(secured.chart, 'bad', { ...tor(9), ...bad, name: 'bad', sharedSecret: secured.secret });

    // WHEN validated
    const error = synthError(chart);

    // THEN the added peer's lines name its path and are the SecuredBgpPeer's lines, word for word
    const lines = linesAt(error, 'test/rack/bad');
    expect(lines.length).toBeGreaterThan(0);
    for (const text of expected) expect(lines.some((l) => l.includes(text)), text).toBe(true);
    expect(lines).toEqual(linesAt(synthError(secured.chart), 'test/bad'));
    // AND the valid peers and the secret report nothing; no line holds the password
    expect(linesAt(error, 'test/rack/tor-1')).toEqual([]);
    for (const value of Object.values(secret.secret!.toJson().stringData) as string[]) expect(error!.includes(value), 'the error holds the password').toBe(false);
  });

  it('refuses a field newer than the targeted Calico release', () => {
    const { chart, secret } = fabric();
    secret.addPeer('old', { ...tor(9), keepaliveTime: '30s', nextHopMode: 'Self', calicoVersion: '3.28' });
    const lines = linesAt(synthError(chart), 'test/rack/old');
    expect(lines.some((l) => l.startsWith('\'spec.keepaliveTime\' needs Calico 3.32 or later'))).toBe(true);
    expect(lines.some((l) => l.startsWith('\'spec.nextHopMode\' needs Calico 3.31 or later'))).toBe(true);
    // AND on 3.32 the same peer is valid
    const ok = fabric();
    ok.secret.addPeer('new', { ...tor(9), keepaliveTime: '30s', nextHopMode: 'Self', calicoVersion: '3.32' });
    expect(synthError(ok.chart)).toBeUndefined();
  });

  it.each([false, true])('refuses a duplicate name at once, creating nothing (keyPerPeer %s)', (keyPerPeer) => {
    // GIVEN a secret with peers, and its output
    const { chart, secret, peers } = fabric({ keyPerPeer });
    const before = masked(synth(chart));
    const children = secret.node.children.length;

    // WHEN a name is added again
    const e = validationError(() => secret.addPeer('tor-2', tor(7)));

    // THEN the core's rule, under 'name', naming the secret; nothing was added or changed
    expect(e.problems.map((p) => [p.field, p.rule])).toEqual([['name', 'compose.shared-peer-duplicate']]);
    expect(e.message).toContain('BgpPasswordSecret \'test/rack\'');
    expect(e.message).toContain('A BGPPeer named \'tor-2\' was already added');
    expect(secret.node.children).toHaveLength(children);
    expect(masked(synth(chart))).toEqual(before);
    expect(peers[1].bgpPeer.node.path).toBe('test/rack/tor-2');
  });

  it.each(['Secret', 'Role', 'RoleBinding', '', 'a/b'])('refuses the name %j at once (a construct id it cannot have), creating nothing', (name) => {
    // GIVEN a secret with one key per peer
    const { chart, secret } = fabric({ keyPerPeer: true });
    const before = masked(synth(chart));

    // WHEN a peer of that name is added
    const e = validationError(() => secret.addPeer(name, tor(7)));

    // THEN the name problem, naming the secret; no key and no object appeared, and the name is not taken
    expect(e.problems.map((p) => [p.field, p.rule])).toEqual([['name', 'k8s.name']]);
    expect(e.message).toContain(`BgpPasswordSecret 'test/rack': 'name' (${name}) must be a DNS-1123 subdomain`);
    expect(masked(synth(chart))).toEqual(before);
    expect(validationError(() => secret.addPeer(name, tor(7))).problems[0].rule).toBe('k8s.name');
  });

  it('adds a name that is only a bad object name (Bad_Name), and reports it at validation as SecuredBgpPeer does', () => {
    // GIVEN a peer whose name is a valid construct id but not a DNS-1123 name
    const { chart, secret } = fabric({ keyPerPeer: true });
    const peer = secret.addPeer('Bad_Name', tor(7));
    const secured = securedFabric({ keyPerPeer: true });
    new SecuredBgpPeer(secured.chart, 'bad', { ...tor(7), name: 'Bad_Name', sharedSecret: secured.secret });

    // THEN the peer exists at once; validation names its path and the same problem as SecuredBgpPeer
    expect(peer.bgpPeer.node.path).toBe('test/rack/Bad_Name');
    const lines = linesAt(synthError(chart), 'test/rack/Bad_Name');
    expect(lines).toEqual(['\'name\' (Bad_Name) must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, \'-\' and \'.\', '
      + 'starting and ending with a letter or digit (no \'_\').']);
    expect(lines).toEqual(linesAt(synthError(secured.chart), 'test/bad'));
  });
});
