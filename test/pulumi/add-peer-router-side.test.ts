/**
 * `BgpPasswordSecret.addPeer` under `pulumi.runtime.setMocks`, the router side: added peers alone
 * and beside `SecuredBgpPeer`s sharing the secret, with the password a placeholder or a secret.
 */
import * as pulumi from '@pulumi/pulumi';
import { describe, it, expect } from 'vitest';
import { PasswordPolicy, renderRouterConfig, routerConfigInputFromPeers, type RouterConfigOptions } from 'calico-bgp-auth';
import { BgpPassword, BgpPasswordSecret, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import { TOR, RANGE } from './support/add-peer';
import { startMockStack, valueOf } from './support/mock-stack';

describe('BgpPasswordSecret.addPeer (Pulumi): router side', () => {
  /** What the core renders for these BGPPeers (operator install). */
  const coreRender = (peers: Array<{ name: string; spec: object }>, options: RouterConfigOptions, password?: string) =>
    renderRouterConfig('frr', routerConfigInputFromPeers({ ...options, peers, secretKeyRef: { name: 'spine-md5', key: 'password' }, install: 'operator', password }));
  const rackA = { ...TOR, nodeSelector: "rack == 'a'" };
  const rackB = { ...TOR, nodeSelector: "rack == 'b'" };

  it('renders an added peer\'s side with a placeholder (not secret) or, asked to, its password (secret)', async () => {
    // GIVEN a peer added to a shared secret
    const stack = await startMockStack();
    const spine = new BgpPasswordSecret('spine', { name: 'spine-md5', password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('frr') }) });
    const peer = spine.addPeer('rack-a', rackA);
    // WHEN its FRR side is asked for, with and without the password
    const placeholder = peer.routerConfig('frr', RANGE);
    const withPassword = peer.routerConfig('frr', { ...RANGE, includePassword: true });
    await stack.settle();
    const password = await valueOf(peer.password!);
    // THEN the placeholder text is the core's rendering, names the Secret, holds no password and is not secret
    expect(await valueOf(placeholder)).toBe(coreRender([{ name: 'rack-a', spec: rackA }], RANGE));
    expect(await valueOf(placeholder)).toContain('<BGP-PASSWORD from Secret calico-system/spine-md5 key password>');
    expect((await valueOf(placeholder)).includes(password)).toBe(false);
    expect(await pulumi.isSecret(placeholder)).toBe(false);
    // AND with the password it is secret, holds the password and is the core's rendering (compared without printing)
    expect(await pulumi.isSecret(withPassword)).toBe(true);
    expect((await valueOf(withPassword)).includes(password), 'the text holds the shared password').toBe(true);
    expect((await valueOf(withPassword)) === coreRender([{ name: 'rack-a', spec: rackA }], { ...RANGE, includePassword: true }, password),
      'the added peer and the core render the same text').toBe(true);
  });

  it('includes the added peers in the shared secret\'s router side, beside SecuredBgpPeers sharing it', async () => {
    // GIVEN two peers added to a shared secret and a SecuredBgpPeer sharing it, all to one spine
    const stack = await startMockStack();
    const spine = new BgpPasswordSecret('spine', { name: 'spine-md5', password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('frr') }) });
    spine.addPeer('rack-a', rackA);
    spine.addPeer('rack-b', rackB);
    const rackC = { ...TOR, nodeSelector: "rack == 'c'" };
    new SecuredBgpPeer('rack-c', { ...rackC, sharedSecret: spine });
    // WHEN the secret's FRR side is asked for
    const text = spine.routerConfig('frr', RANGE);
    const withPassword = spine.routerConfig('frr', { ...RANGE, includePassword: true });
    await stack.settle();
    // THEN it is the core's rendering of all three BGPPeers, secret only with the password
    const peers = [{ name: 'rack-a', spec: rackA }, { name: 'rack-b', spec: rackB }, { name: 'rack-c', spec: rackC }];
    expect(await valueOf(text)).toBe(coreRender(peers, RANGE));
    expect(await pulumi.isSecret(text)).toBe(false);
    expect(await pulumi.isSecret(withPassword)).toBe(true);
    const expected = coreRender(peers, { ...RANGE, includePassword: true }, await valueOf(spine.password!));
    expect((await valueOf(withPassword)) === expected).toBe(true);
  });

  it('with keyPerPeer renders each added peer\'s own password only', async () => {
    // GIVEN two added peers with a key each
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack13', { keyPerPeer: true, peerNames: ['tor-1', 'tor-2'], password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('frr') }) });
    const [t1, t2] = [rack.addPeer('tor-1', TOR), rack.addPeer('tor-2', { ...TOR, peerIP: '10.1.0.2' })];
    // WHEN each side is asked for with the password
    const [c1, c2] = [t1, t2].map((p) => p.routerConfig('frr', { ...RANGE, includePassword: true }));
    await stack.settle();
    const [p1, p2] = [await valueOf(t1.password!), await valueOf(t2.password!)];
    // THEN each holds its own password and not the other's
    expect((await valueOf(c1)).includes(p1) && !(await valueOf(c1)).includes(p2), 'tor-1 gets its own password only').toBe(true);
    expect((await valueOf(c2)).includes(p2) && !(await valueOf(c2)).includes(p1), 'tor-2 gets its own password only').toBe(true);
    expect(await pulumi.isSecret(c2)).toBe(true);
  });
});
