/**
 * Kubernetes providers (clusters) under `pulumi.runtime.setMocks`: a peer goes to the cluster its
 * shared secret goes to, or is refused naming both providers; the per-program duplicate checks
 * (one MeshPassword, object name collisions) count per provider, so one program may manage two
 * clusters. The provider is read as the SDK resolves it: `provider`, `providers`, or the parent's.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { BgpPassword, BgpPasswordGuardrail, BgpPasswordSecret, MeshPassword, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import { TYPES, startMockStack } from './support/mock-stack';
import { validationError } from '../support/errors';

const TOR = { nodeSelector: "rack == 'r1'", peerIP: '10.1.0.1', asNumber: 65101 };
const mismatch = (peer: string, secret: string) => `The peer goes to ${peer}, but its shared Secret 'rack-md5' and the Secret's RBAC go to ${secret}: `
  + 'they would land in different clusters, and calico-node would peer without a password. Declare the peer where its shared secret is.';

class Group extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('test:index:Group', name, {}, opts);
  }
}

describe('Kubernetes providers', () => {
  it('refuses a SecuredBgpPeer on provider B sharing a secret deployed through provider A, naming both, before registering it', async () => {
    // GIVEN a shared secret on cluster A
    const stack = await startMockStack();
    const a = new k8s.Provider('cluster-a', {});
    const b = new k8s.Provider('cluster-b', {});
    const rack = new BgpPasswordSecret('rack', { name: 'rack-md5' }, { provider: a });
    await stack.settle();
    const before = stack.ofType(TYPES.peer).length;

    // WHEN a peer on cluster B (or on the default provider) joins it THEN refused under 'sharedSecret'
    const e = validationError(() => new SecuredBgpPeer('tor-1', { ...TOR, sharedSecret: rack }, { provider: b }));
    expect(e.problems.map((p) => [p.field, p.rule, p.message])).toEqual([['sharedSecret', 'compose.shared-secret-target', mismatch('provider \'cluster-b\'', 'provider \'cluster-a\'')]]);
    expect(validationError(() => new SecuredBgpPeer('tor-2', { ...TOR, sharedSecret: rack })).message)
      .toContain(mismatch('the default Kubernetes provider', 'provider \'cluster-a\''));
    // AND through `providers`, or inherited from a parent on B
    expect(validationError(() => new SecuredBgpPeer('tor-3', { ...TOR, sharedSecret: rack }, { providers: [b] })).message).toContain('provider \'cluster-b\'');
    expect(validationError(() => new SecuredBgpPeer('tor-4', { ...TOR, sharedSecret: rack }, { parent: new Group('on-b', { providers: { kubernetes: b } }) })).message)
      .toContain('provider \'cluster-b\'');
    await stack.settle();
    expect(stack.ofType(TYPES.peer).length).toBe(before);

    // AND the reverse: a secret on the default provider, a peer on A
    const plain = new BgpPasswordSecret('plain', { name: 'rack-md5' });
    expect(validationError(() => new SecuredBgpPeer('tor-5', { ...TOR, sharedSecret: plain }, { provider: a })).message)
      .toContain(mismatch('provider \'cluster-a\'', 'the default Kubernetes provider'));
  });

  it('accepts a peer on the secret\'s provider, given or inherited, and sends its BGPPeer there', async () => {
    // GIVEN a shared secret on cluster A
    const stack = await startMockStack();
    const a = new k8s.Provider('cluster-a', {});
    const rack = new BgpPasswordSecret('rack', { name: 'rack-md5' }, { provider: a });
    // WHEN peers join through the same provider: directly, or under a parent holding it
    new SecuredBgpPeer('tor-1', { ...TOR, sharedSecret: rack }, { provider: a });
    new SecuredBgpPeer('tor-2', { ...TOR, peerIP: '10.1.0.2', sharedSecret: rack }, { parent: new Group('on-a', { providers: [a] }) });
    rack.addPeer('tor-3', { ...TOR, peerIP: '10.1.0.3' });
    await stack.settle();
    // THEN three BGPPeers are registered
    expect(stack.ofType(TYPES.bgpPeer).map((r) => r.name).sort()).toEqual(['tor-1', 'tor-2', 'tor-3']);
  });

  it('refuses addPeer with a provider option other than the secret\'s', async () => {
    // GIVEN a shared secret on the default provider
    await startMockStack();
    const b = new k8s.Provider('cluster-b', {});
    const rack = new BgpPasswordSecret('rack', { name: 'rack-md5' });
    // WHEN a peer is added with provider B THEN refused under 'provider'
    const e = validationError(() => rack.addPeer('tor-1', TOR, { provider: b }));
    expect(e.problems.map((p) => [p.field, p.rule, p.message])).toEqual([['provider', 'compose.shared-secret-target', mismatch('provider \'cluster-b\'', 'the default Kubernetes provider')]]);
  });

  it('allows one MeshPassword per provider, and still refuses a second on the same provider', async () => {
    // GIVEN two clusters in one program
    const stack = await startMockStack();
    const a = new k8s.Provider('cluster-a', {});
    const b = new k8s.Provider('cluster-b', {});
    // WHEN each gets a MeshPassword, and the default provider one too
    new MeshPassword('mesh-a', { password: BgpPassword.fromExistingSecret({ name: 'mesh-md5' }) }, { provider: a });
    new MeshPassword('mesh-b', { password: BgpPassword.fromExistingSecret({ name: 'mesh-md5' }) }, { providers: [b] });
    new MeshPassword('mesh-default', { password: BgpPassword.fromExistingSecret({ name: 'mesh-md5' }) });
    await stack.settle();
    // THEN three `default` BGPConfigurations are registered, one per cluster
    expect(stack.ofType(TYPES.bgpConfiguration)).toHaveLength(3);
    // AND a second one on cluster A (here inherited from a parent) is refused, naming the first
    expect(() => new MeshPassword('mesh-a2', {}, { parent: new Group('on-a', { provider: a }) }))
      .toThrow('Only one MeshPassword may be declared: MeshPassword \'mesh-a\' already writes the BGPConfiguration \'default\'');
  });

  it('lets objects of the same name go to two providers, and refuses them on one', async () => {
    // GIVEN two clusters
    await startMockStack();
    const a = new k8s.Provider('cluster-a', {});
    const b = new k8s.Provider('cluster-b', {});
    // WHEN the same BGPPeer, shared secret and guardrail are declared for each
    for (const [suffix, provider] of [['a', a], ['b', b]] as const) {
      new SecuredBgpPeer(`tor-${suffix}`, { ...TOR, name: 'tor' }, { provider });
      new BgpPasswordSecret(`rack-${suffix}`, { name: 'rack-md5' }, { provider });
      new BgpPasswordGuardrail(`guardrail-${suffix}`, {}, { provider });
    }
    // THEN a third on cluster A collides
    expect(validationError(() => new SecuredBgpPeer('tor-a2', { ...TOR, name: 'tor' }, { provider: a })).problems.map((p) => p.rule)).toContain('compose.name-collision');
    expect(validationError(() => new BgpPasswordGuardrail('guardrail-a2', {}, { provider: a })).problems.map((p) => p.rule)).toContain('compose.name-collision');
  });
});
