/**
 * Issue 15's inputs through both engines: the four selectors Calico's parser refuses and the
 * ignoredInterfaces injection synthesized with exit 0 before the core parsed selectors and checked
 * interface names. Each engine must now refuse them before anything is written, with the core's
 * sentence naming the field, and accept the forms Calico accepts that the library used to refuse.
 */
import { describe, expect, it } from 'vitest';
import { checkBgpConfigurationSpec, checkSelector } from './support/core';
import * as k from 'calico-bgp-auth/cdk8s';
import * as p from 'calico-bgp-auth/pulumi';
import { TEST_SEED, appAndChart, synth, synthError } from './cdk8s/support';
import { startMockStack } from './pulumi/support/mock-stack';

const PEER = { peerIP: '192.0.2.1', asNumber: 64601 };
const SELECTORS = ['bgp-edge=true', 'rack = \'r1\'', 'rack == r1', 'rack == \'r1\' &&'];
const INJECTION = ['eth0"; protocol static evil { route 0.0.0.0/0 blackhole; } #'];

describe.each(['nodeSelector', 'peerSelector'] as const)('a SecuredBgpPeer whose %s Calico refuses', (field) => {
  const spec = (selector: string) => (field === 'peerSelector' ? { peerSelector: selector } : { ...PEER, nodeSelector: selector });

  it.each(SELECTORS)('cdk8s refuses %s at synth, naming the field', (selector) => {
    const { chart } = appAndChart();
    new k.SecuredBgpPeer(chart, 'tor', { ...spec(selector), password: k.BgpPassword.generate({ seed: TEST_SEED }) });
    const [problem] = checkSelector(`spec.${field}`, selector);
    expect(synthError(chart)).toContain(`[test/tor] ${problem.message}`);
    expect(problem.message).toContain(`'spec.${field}' (${JSON.stringify(selector)}) is not a valid Calico selector: at column`);
  });

  it.each(SELECTORS)('Pulumi refuses %s at construction, naming the field, before registering anything', async (selector) => {
    const stack = await startMockStack();
    const [problem] = checkSelector(`spec.${field}`, selector);
    expect(() => new p.SecuredBgpPeer('tor', { ...spec(selector) })).toThrow(`SecuredBgpPeer 'tor': ${problem.message}`);
    await stack.settle();
    expect(stack.registrations).toEqual([]);
  });
});

describe('a MeshPassword whose ignoredInterfaces would inject configuration into bird.cfg', () => {
  const [problem] = checkBgpConfigurationSpec({ ignoredInterfaces: INJECTION }, { name: 'default' });

  it('is the core\'s ignoredInterfaces rule', () => {
    expect(problem.field).toBe('spec.ignoredInterfaces[0]');
    expect(problem.rule).toBe('calico.ignored-interface');
  });

  it('cdk8s refuses it at synth', () => {
    const { chart } = appAndChart();
    new k.MeshPassword(chart, 'mesh', { password: k.BgpPassword.generate({ seed: TEST_SEED }), ignoredInterfaces: INJECTION });
    expect(synthError(chart)).toContain(`[test/mesh] ${problem.message}`);
  });

  it('Pulumi refuses it at construction', async () => {
    const stack = await startMockStack();
    expect(() => new p.MeshPassword('mesh', { ignoredInterfaces: INJECTION })).toThrow(`MeshPassword 'mesh': ${problem.message}`);
    await stack.settle();
    expect(stack.registrations).toEqual([]);
  });
});

describe('what Calico accepts and the library used to refuse', () => {
  it('cdk8s emits asNumber 0 with peerSelector and keepOriginalNextHop: false with nextHopMode', () => {
    const { chart } = appAndChart();
    const password = k.BgpPassword.generate({ seed: TEST_SEED });
    new k.SecuredBgpPeer(chart, 'rr', { peerSelector: 'has(route-reflector)', asNumber: 0, password });
    new k.SecuredBgpPeer(chart, 'tor', { ...PEER, keepOriginalNextHop: false, nextHopMode: 'Self', password });
    expect(synth(chart).filter((o) => o.kind === 'BGPPeer').map((o) => o.metadata.name)).toHaveLength(2);
  });

  it('Pulumi accepts them too', async () => {
    const stack = await startMockStack();
    new p.SecuredBgpPeer('rr', { peerSelector: 'has(route-reflector)', asNumber: 0 });
    new p.SecuredBgpPeer('tor', { ...PEER, keepOriginalNextHop: false, nextHopMode: 'Self' });
    await stack.settle();
    expect(stack.registrations.length).toBeGreaterThan(0);
  });

  it('localWorkloadPeeringIPV4 at 3.30 and serviceLoadBalancerAggregation at 3.31, in both engines', async () => {
    const { chart } = appAndChart();
    new k.MeshPassword(chart, 'mesh', { password: k.BgpPassword.generate({ seed: TEST_SEED }), calicoVersion: '3.30', localWorkloadPeeringIPV4: '169.254.0.1' });
    expect(synthError(chart)).toBeUndefined();
    const stack = await startMockStack();
    new p.MeshPassword('mesh', { calicoVersion: '3.31', serviceLoadBalancerAggregation: 'Disabled' });
    await stack.settle();
    expect(stack.registrations.length).toBeGreaterThan(0);
  });
});
