/**
 * The router side from the Pulumi components, under `pulumi.runtime.setMocks`: `routerConfig` on
 * SecuredBgpPeer and BgpPasswordSecret resolves to what the core's `renderRouterConfig` renders for
 * the same BGPPeers; it is a Pulumi secret exactly when the password is included; input problems
 * throw where it is called, a password the target's profile refuses fails the output by rule.
 */
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import {
  PasswordPolicy, ROUTER_TARGET_NAMES, ValidationError, renderRouterConfig, routerConfigInputFromPeers,
  type RouterConfigOptions, type RouterTarget,
} from '../../lib';
import { BgpPassword, BgpPasswordSecret, SecuredBgpPeer } from '../../lib/pulumi';
import { generationPolicy } from './support';
import { startMockStack, valueOf } from '../pulumi/support/mock-stack';
import { validationError } from '../support/errors';

const TOR = { peerIP: '10.0.0.1', asNumber: 65001 };
const NODES: RouterConfigOptions = { clusterASNumber: 64512, nodeAddresses: ['10.0.0.11', '10.0.0.12'] };
const RANGE: RouterConfigOptions = { clusterASNumber: 64512, nodeCIDRs: ['10.0.0.0/24'] };

/** What the core renders for these BGPPeers, the reference the components must match. */
function coreRender(
  target: RouterTarget,
  peers: Array<{ name: string; spec: object }>,
  secretKeyRef: { name: string; key: string },
  options: RouterConfigOptions,
  password?: string,
): string {
  return renderRouterConfig(
    target,
    routerConfigInputFromPeers({ ...options, peers, secretKeyRef, install: 'operator', password }),
  );
}

const rules = (e: ValidationError) => e.problems.map((p) => p.rule);

/** The rejection of an Output, with the process's unhandled rejections collected meanwhile. */
async function rejectionOf(output: pulumi.Output<unknown>): Promise<unknown> {
  const saved = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', () => undefined);
  try {
    await (output as unknown as { promise(): Promise<unknown> }).promise();
    return undefined;
  } catch (e) {
    return e;
  } finally {
    await new Promise((r) => setTimeout(r, 50));
    process.removeAllListeners('unhandledRejection');
    for (const l of saved) process.on('unhandledRejection', l);
  }
}

describe('SecuredBgpPeer.routerConfig (Pulumi)', () => {
  it('resolves to the core\'s rendering with a placeholder, not secret, by default', async () => {
    // GIVEN a peer with a generated password
    const stack = await startMockStack();
    const peer = new SecuredBgpPeer('tor-a', TOR);
    // WHEN its FRR side is asked for
    const text = peer.routerConfig('frr', RANGE);
    await stack.settle();
    // THEN it is the core's rendering of the same BGPPeer, without the password, and not a secret
    expect(await valueOf(text)).toBe(coreRender('frr', [{ name: 'tor-a', spec: TOR }], { name: 'bgp-password-tor-a', key: 'password' }, RANGE));
    expect(await valueOf(text)).toContain('<BGP-PASSWORD from Secret calico-system/bgp-password-tor-a key password>');
    expect((await valueOf(text)).includes(await valueOf(peer.password!))).toBe(false);
    expect(await pulumi.isSecret(text)).toBe(false);
  });

  for (const target of ROUTER_TARGET_NAMES) {
    it(`with includePassword is a secret holding the Secret's password, for ${target}`, async () => {
      // GIVEN a peer whose generated password follows the target's profile
      const stack = await startMockStack();
      const peer = new SecuredBgpPeer('tor-a', { ...TOR, password: BgpPassword.generate({ policy: generationPolicy(target) }) });
      // WHEN rendered with the password
      const text = peer.routerConfig(target, { ...NODES, includePassword: true });
      await stack.settle();
      // THEN the output is secret and is the core's rendering with the component's password
      expect(await pulumi.isSecret(text)).toBe(true);
      const password = await valueOf(peer.password!);
      const expected = coreRender(target, [{ name: 'tor-a', spec: TOR }], { name: 'bgp-password-tor-a', key: 'password' }, { ...NODES, includePassword: true }, password);
      expect((await valueOf(text)) === expected, 'the component and the core render the same text').toBe(true);
      expect((await valueOf(text)).includes(password)).toBe(true);
    });
  }

  it('throws input problems where it is called, naming the core\'s rule', async () => {
    // GIVEN a valid peer
    await startMockStack();
    const peer = new SecuredBgpPeer('tor-a', TOR);
    // WHEN the nodes, the node AS or a known target are missing, THEN the call throws by rule
    expect(rules(validationError(() => peer.routerConfig('frr', { clusterASNumber: 64512 })))).toEqual(['router.nodes-required']);
    expect(rules(validationError(() => peer.routerConfig('frr', { nodeCIDRs: ['10.0.0.0/24'] })))).toEqual(['router.node-as-required']);
    expect(rules(validationError(() => peer.routerConfig('junos', RANGE)))).toEqual(['router.dynamic-auth-unsupported']);
    expect(rules(validationError(() => peer.routerConfig('vyos' as RouterTarget, RANGE)))).toEqual(['router.target']);
    // AND the message names the component
    expect(validationError(() => peer.routerConfig('frr', { clusterASNumber: 64512 })).message).toContain('SecuredBgpPeer \'tor-a\'');
  });

  it('fails the output by the profile\'s rule for a password the target refuses, without the password', async () => {
    // GIVEN a passed-in password starting with a digit (fine for Calico, refused by Cisco IOS)
    const stack = await startMockStack();
    const value = '7kQ2-mZ9.pLx4';
    const peer = new SecuredBgpPeer('tor-a', { ...TOR, password: BgpPassword.fromValue(value) });
    await stack.settle();
    for (const includePassword of [false, true]) {
      // WHEN the Cisco IOS side is asked for
      const err = await rejectionOf(peer.routerConfig('cisco-ios', { ...NODES, includePassword }));
      // THEN it rejects with the core's rule, and the value appears nowhere
      expect(err).toBeInstanceOf(ValidationError);
      expect(rules(err as ValidationError)).toEqual(['policy.first-character']);
      expect((err as Error).message.includes(value)).toBe(false);
    }
    // AND FRR takes it
    expect((await valueOf(peer.routerConfig('frr', { ...NODES, includePassword: true }))).includes(value)).toBe(true);
  });

  it('refuses includePassword for an existing Secret or external-secrets, and renders the placeholder', async () => {
    // GIVEN peers whose password only the cluster holds
    const stack = await startMockStack();
    const existing = new SecuredBgpPeer('tor-a', { ...TOR, password: BgpPassword.fromExistingSecret({ name: 'tor-a-md5', key: 'md5' }) });
    const generated = new SecuredBgpPeer('tor-b', { ...TOR, password: BgpPassword.fromExternalSecretsGenerator() });
    for (const peer of [existing, generated]) {
      // WHEN the password is asked for, THEN the call throws by rule
      const e = validationError(() => peer.routerConfig('frr', { ...RANGE, includePassword: true }));
      expect(rules(e)).toEqual(['router.password-unavailable']);
      expect(e.problems[0].field).toBe('includePassword');
    }
    // AND the placeholder names the existing Secret, not secret
    const text = existing.routerConfig('frr', RANGE);
    await stack.settle();
    expect(await valueOf(text)).toBe(coreRender('frr', [{ name: 'tor-a', spec: TOR }], { name: 'tor-a-md5', key: 'md5' }, RANGE));
    expect(await pulumi.isSecret(text)).toBe(false);
  });
});

describe('BgpPasswordSecret.routerConfig (Pulumi)', () => {
  it('renders one configuration for the peers of one router sharing the Secret', async () => {
    // GIVEN two racks' BGPPeers to one spine sharing one password
    const stack = await startMockStack();
    const shared = new BgpPasswordSecret('spine', { name: 'spine-md5', password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('bird') }) });
    const a = { ...TOR, nodeSelector: "rack == 'a'" };
    const b = { ...TOR, nodeSelector: "rack == 'b'" };
    new SecuredBgpPeer('rack-a', { ...a, sharedSecret: shared });
    new SecuredBgpPeer('rack-b', { ...b, sharedSecret: shared });
    // WHEN its BIRD side is asked for, with and without the password
    const placeholder = shared.routerConfig('bird', RANGE);
    const withPassword = shared.routerConfig('bird', { ...RANGE, includePassword: true });
    await stack.settle();
    // THEN both are the core's rendering of both BGPPeers, secret only with the password
    const peers = [{ name: 'rack-a', spec: a }, { name: 'rack-b', spec: b }];
    const ref = { name: 'spine-md5', key: 'password' };
    expect(await valueOf(placeholder)).toBe(coreRender('bird', peers, ref, RANGE));
    expect(await pulumi.isSecret(placeholder)).toBe(false);
    const password = await valueOf(shared.password!);
    expect((await valueOf(withPassword)) === coreRender('bird', peers, ref, { ...RANGE, includePassword: true }, password)).toBe(true);
    expect(await pulumi.isSecret(withPassword)).toBe(true);
  });

  it('with keyPerPeer refuses one configuration; each peer renders its own password', async () => {
    // GIVEN one key and one password per peer
    const stack = await startMockStack();
    const shared = new BgpPasswordSecret('rack', { keyPerPeer: true, peerNames: ['tor-1', 'tor-2'], password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('frr') }) });
    const t1 = new SecuredBgpPeer('tor-1', { peerIP: '10.0.0.1', asNumber: 65001, sharedSecret: shared });
    const t2 = new SecuredBgpPeer('tor-2', { peerIP: '10.0.0.2', asNumber: 65001, sharedSecret: shared });
    // WHEN one configuration is asked of the secret, THEN the call throws by rule
    expect(rules(validationError(() => shared.routerConfig('frr', RANGE)))).toEqual(['router.key-per-peer']);
    // AND each peer's side holds its own key's password only
    const [c1, c2] = [t1, t2].map((p) => p.routerConfig('frr', { ...RANGE, includePassword: true }));
    await stack.settle();
    const [p1, p2] = [await valueOf(shared.passwordFor('tor-1')!), await valueOf(shared.passwordFor('tor-2')!)];
    expect(p1 === p2).toBe(false);
    expect((await valueOf(c1)).includes(p1) && !(await valueOf(c1)).includes(p2), 'tor-1 gets its own password only').toBe(true);
    expect((await valueOf(c2)).includes(p2) && !(await valueOf(c2)).includes(p1), 'tor-2 gets its own password only').toBe(true);
    expect(await pulumi.isSecret(c1)).toBe(true);
  });

  it('refuses peers of different routers, and includePassword for a shared existing Secret', async () => {
    // GIVEN a shared existing Secret used towards two routers
    await startMockStack();
    const shared = new BgpPasswordSecret('tors', { password: BgpPassword.fromExistingSecret({ name: 'tors-md5' }) });
    new SecuredBgpPeer('tor-1', { peerIP: '10.0.0.1', asNumber: 65001, sharedSecret: shared });
    new SecuredBgpPeer('tor-2', { peerIP: '10.0.0.2', asNumber: 65001, sharedSecret: shared });
    // WHEN one configuration is asked of it, THEN the core's rule is named
    expect(rules(validationError(() => shared.routerConfig('frr', RANGE)))).toEqual(['router.address-mismatch']);
    // AND the password, which only the cluster holds, is refused first
    expect(rules(validationError(() => shared.routerConfig('frr', { ...RANGE, includePassword: true })))).toEqual(['router.password-unavailable']);
  });
});
