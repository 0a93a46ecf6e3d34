import * as pulumi from '@pulumi/pulumi';
import { describe, it, expect, expectTypeOf } from 'vitest';
import { ValidationError } from 'calico-bgp-auth';
import { BgpPasswordSecret, MeshPassword, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import type { MeshPasswordArgs, SecuredBgpPeerArgs, SharedBgpPeerArgs } from 'calico-bgp-auth/pulumi';
import { MockStack, TYPES, startMockStack, valueOf } from './support/mock-stack';
import { collectingUnhandled, rejectionOf } from './support/assertions';

/** A resource with an output, as a program passes another resource's output on (`peerIP: router.privateIp`). */
class Router extends pulumi.CustomResource {
  declare public readonly privateIp: pulumi.Output<string>;
  constructor(name: string, privateIp: string) {
    super('test:index:Router', name, { privateIp });
  }
}

/**
 * Runs `program` expecting its deployment to fail, and returns the one error every rejected input
 * carries: a deployment fails once, with one ValidationError, not once per consumer of the spec.
 */
async function deploymentError(program: () => void): Promise<{ err: ValidationError; stack: MockStack }> {
  const stack = await startMockStack();
  const unhandled = await collectingUnhandled(async () => {
    program();
    await stack.settleFailing();
  });
  expect(unhandled.length).toBeGreaterThan(0);
  const distinct = [...new Set(unhandled)];
  expect(distinct).toHaveLength(1);
  expect(distinct[0]).toBeInstanceOf(ValidationError);
  return { err: distinct[0] as ValidationError, stack };
}

describe('spec fields as Pulumi Inputs', () => {
  it('takes another resource\'s output for peerIP (type level)', () => {
    // THEN an Output<string> is a peerIP, a number Output is not
    expectTypeOf<pulumi.Output<string>>().toMatchTypeOf<SecuredBgpPeerArgs['peerIP']>();
    expectTypeOf<pulumi.Output<string>>().toMatchTypeOf<SharedBgpPeerArgs['peerSelector']>();
    expectTypeOf<pulumi.Output<boolean>>().toMatchTypeOf<MeshPasswordArgs['nodeToNodeMeshEnabled']>();
    expectTypeOf<pulumi.Output<number>>().not.toMatchTypeOf<SecuredBgpPeerArgs['peerIP']>();
    // AND the unit options stay plain: resource names and the install are known at construction
    expectTypeOf<pulumi.Output<string>>().not.toMatchTypeOf<SecuredBgpPeerArgs['name']>();
    expectTypeOf<pulumi.Output<string>>().not.toMatchTypeOf<SecuredBgpPeerArgs['secretName']>();
    const args = (router: Router): SecuredBgpPeerArgs => ({ peerIP: router.privateIp, asNumber: 65101 });
    // @ts-expect-error a Promise<number> is not a peerIP
    const bad: SecuredBgpPeerArgs = { peerIP: Promise.resolve(1), asNumber: 65101 };
    expect([args, bad]).toHaveLength(2);
  });

  it('writes the BGPPeer with the value of an Output peerIP, and renders the router side from it', async () => {
    // GIVEN a router whose address is another resource's output
    const stack = await startMockStack();
    const router = new Router('router', '10.1.0.7');
    // WHEN a peer takes it
    const peer = new SecuredBgpPeer('tor-a', { nodeSelector: "rack == 'r1'", peerIP: router.privateIp, asNumber: 65101 });
    const config = peer.routerConfig('frr', { nodeAddresses: ['10.1.0.10'], clusterASNumber: 64512 });
    await stack.settle();
    // THEN the BGPPeer's spec holds the resolved value, with the spec's other fields
    const [bgpPeer] = stack.ofType(TYPES.bgpPeer);
    expect(bgpPeer.inputs.spec).toMatchObject({ nodeSelector: "rack == 'r1'", peerIP: '10.1.0.7', asNumber: 65101 });
    expect(bgpPeer.inputs.spec.password.secretKeyRef).toEqual({ name: 'bgp-password-tor-a', key: 'password' });
    // AND the router side is rendered from the resolved address
    const text = await valueOf(config);
    expect(text).toContain('Router AS 65101 at 10.1.0.7');
    expect(text).toContain('bgp router-id 10.1.0.7');
  });

  it('fails the deployment once, with the core\'s sentence naming peerIP, when an Output peerIP is not an address', async () => {
    let peer: SecuredBgpPeer | undefined;
    let config: pulumi.Output<string> | undefined;
    // GIVEN an Output peerIP resolving to an invalid address, WHEN a peer and its router side use it
    const { err, stack } = await deploymentError(() => {
      peer = new SecuredBgpPeer('tor-b', { peerIP: pulumi.output('10.1.0.999'), asNumber: 65101 });
      config = peer.routerConfig('bird', { nodeAddresses: ['10.1.0.10'], clusterASNumber: 64512 });
    });
    // THEN the one error is the core's, after the component's name
    expect(err.problems.map((p) => [p.field, p.rule])).toEqual([['spec.peerIP', 'calico.peer-ip']]);
    expect(err.message).toContain('SecuredBgpPeer \'tor-b\': \'spec.peerIP\' (10.1.0.999) must be an IP address, \'IPv4:port\' or \'[IPv6]:port\' with a port from 1 to 65535.');
    // (reported once: the SDK prefixes the property it could not serialize, one BGPPeer's spec)
    expect(err.message.match(/SecuredBgpPeer 'tor-b'/g)).toHaveLength(1);
    // AND the router side rejects with that same error, not a copy
    expect(await rejectionOf(config!)).toBe(err);
    // AND the BGPPeer is never written (its Secret and RBAC do not depend on the spec)
    expect(stack.ofType(TYPES.bgpPeer)).toEqual([]);
    expect(stack.ofType(TYPES.secret)).toHaveLength(1);
  });

  it('fails the deployment with the selector rule when an Output peerSelector is not a selector', async () => {
    const { err, stack } = await deploymentError(() => {
      new SecuredBgpPeer('rr', { peerSelector: pulumi.output("role == 'rr"), nodeSelector: 'all()' });
    });
    expect(err.problems.map((p) => [p.field, p.rule])).toEqual([['spec.peerSelector', 'calico.selector']]);
    expect(stack.ofType(TYPES.bgpPeer)).toEqual([]);
    expect(err.message).toMatch(/SecuredBgpPeer 'rr': 'spec\.peerSelector'/);
  });

  it('applies a cross-field rule once the Output is known: a mesh password with nodeToNodeMeshEnabled resolving to false', async () => {
    const { err, stack } = await deploymentError(() => {
      new MeshPassword('mesh', { asNumber: 64512, nodeToNodeMeshEnabled: pulumi.output(false) });
    });
    expect(err.problems.map((p) => [p.field, p.rule])).toEqual([['spec.nodeMeshPassword', 'calico.mesh-disabled']]);
    expect(stack.ofType(TYPES.bgpConfiguration)).toEqual([]);
    expect(err.message).toContain('MeshPassword \'mesh\': \'spec.nodeMeshPassword\' cannot be set when \'spec.nodeToNodeMeshEnabled\' is false: there is no mesh to apply it to.');
  });

  it('keeps the mesh\'s Output fields when they are valid', async () => {
    const stack = await startMockStack();
    new MeshPassword('mesh', { asNumber: pulumi.output(64512), nodeMeshMaxRestartTime: Promise.resolve('120s') });
    await stack.settle();
    const [config] = stack.ofType(TYPES.bgpConfiguration);
    expect(config.inputs.spec).toMatchObject({ asNumber: 64512, nodeMeshMaxRestartTime: '120s' });
    expect(config.inputs.metadata.name).toBe('default');
  });

  it('takes Outputs in addPeer, and fails the deployment naming the added peer', async () => {
    // GIVEN a shared secret, a valid peer and an invalid one, both with Output fields
    const stack = await startMockStack();
    const rack = new BgpPasswordSecret('rack1');
    rack.addPeer('rack1-a', { nodeSelector: pulumi.output("rack == 'r1'"), peerIP: pulumi.output('10.1.0.1'), asNumber: pulumi.output(65101) });
    await stack.settle();
    expect(stack.ofType(TYPES.bgpPeer)[0].inputs.spec).toMatchObject({ nodeSelector: "rack == 'r1'", peerIP: '10.1.0.1', asNumber: 65101 });
    const { err, stack: failing } = await deploymentError(() => {
      new BgpPasswordSecret('rack2').addPeer('rack2-a', { peerIP: '10.2.0.1', asNumber: pulumi.output('65101.x') });
    });
    expect(err.problems.map((p) => [p.field, p.rule])).toEqual([['spec.asNumber', 'calico.as-number']]);
    expect(failing.ofType(TYPES.bgpPeer)).toEqual([]);
    expect(err.message).toMatch(/BGPPeer 'rack2-a' of BgpPasswordSecret 'rack2': 'spec\.asNumber'/);
  });

  it('checks the known fields at construction: a bad known value throws at once, a rule on an unknown field waits', async () => {
    await startMockStack();
    // A known ttlSecurity out of range throws now, although peerIP is not known yet
    expect(() => new SecuredBgpPeer('x', { peerIP: pulumi.output('10.0.0.1'), asNumber: 65101, ttlSecurity: 300 }))
      .toThrow(/^SecuredBgpPeer 'x': 'spec\.ttlSecurity'/);
    // Two known fields that exclude each other throw now
    expect(() => new SecuredBgpPeer('y', { peerIP: pulumi.output('10.0.0.1'), node: 'n1', nodeSelector: 'all()' }))
      .toThrow(ValidationError);
    // The peer target is an Output: the rule that needs one of peerIP / peerSelector waits for it
    expect(() => new SecuredBgpPeer('z', { peerIP: pulumi.output('10.0.0.1'), asNumber: 65101 })).not.toThrow();
  });

  it('never puts the value of a secret Output in the message', async () => {
    const { err, stack } = await deploymentError(() => {
      new SecuredBgpPeer('hidden', { peerIP: pulumi.secret('10.1.0.999'), asNumber: 65101 });
    });
    expect(err.problems.map((p) => p.rule)).toEqual(['calico.peer-ip']);
    expect(stack.ofType(TYPES.bgpPeer)).toEqual([]);
    expect(err.message).not.toContain('10.1.0.999');
    expect(err.message).toContain('\'spec.peerIP\' ([secret]) must be an IP address');
  });
});
