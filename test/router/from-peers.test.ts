/**
 * Building the renderer's input from what secured BGPPeers know: router AS and address from the
 * spec, node AS from localASNumber or the cluster, the Secret from the plan and the install.
 */
import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  checkRouterConfigPeers,
  planSecuredBgpPeer,
  renderRouterConfig,
  routerConfigFileName,
  routerConfigInputFromPeers,
  type RouterConfigFromPeersProps,
} from '../support/core';

const plan = planSecuredBgpPeer({ name: 'tor-a', spec: { peerIP: '10.0.0.1', asNumber: 65001 } });
const BASE: RouterConfigFromPeersProps = {
  peers: [{ name: 'tor-a', spec: { peerIP: '10.0.0.1', asNumber: 65001 } }],
  secretKeyRef: plan.secretKeyRef,
  install: plan.install,
  clusterASNumber: 64512,
  nodeCIDRs: ['10.0.0.0/24'],
};
const rules = (props: RouterConfigFromPeersProps) => checkRouterConfigPeers(props).map((p) => `${p.field}: ${p.rule}`);

describe('routerConfigInputFromPeers', () => {
  it('takes the router from the BGPPeer, the nodes\' AS from the cluster and the Secret from the plan', () => {
    // GIVEN the plan of a secured peering to 10.0.0.1 (AS 65001) in an operator install
    // WHEN the router input is built
    const input = routerConfigInputFromPeers(BASE);
    // THEN every field Calico knows is filled in, and the placeholder names the Secret in calico-system
    expect(input).toEqual({
      routerASNumber: 65001, routerAddress: '10.0.0.1', nodeASNumber: 64512, nodeCIDRs: ['10.0.0.0/24'],
      nodeAddresses: undefined, routerId: undefined, peerGroup: undefined, description: 'Calico nodes (BGPPeer tor-a)',
      password: undefined, includePassword: undefined, ebgpMultihop: undefined,
      passwordSecret: { namespace: 'calico-system', name: 'bgp-password-tor-a', key: 'password' }, peerNames: ['tor-a'],
    });
    expect(renderRouterConfig('frr', input)).toContain(' neighbor calico password <BGP-PASSWORD from Secret calico-system/bgp-password-tor-a key password>\n');
  });

  it('names kube-system in the placeholder for a manifest install', () => {
    const input = routerConfigInputFromPeers({ ...BASE, install: 'manifest' });
    expect(input.passwordSecret?.namespace).toBe('kube-system');
  });

  it('prefers the BGPPeer\'s localASNumber over the cluster AS, and needs no cluster AS then', () => {
    const input = routerConfigInputFromPeers({ ...BASE, clusterASNumber: undefined, peers: [{ name: 'tor-a', spec: { peerIP: '10.0.0.1:179', asNumber: '1.10', localASNumber: 64600 } }] });
    expect([input.routerASNumber, input.nodeASNumber, input.routerAddress]).toEqual([65546, 64600, '10.0.0.1']);
  });

  it('covers several BGPPeers that share the router and the Secret (one per rack)', () => {
    // GIVEN two rack peers to the same router, each selecting its nodes
    const input = routerConfigInputFromPeers({
      ...BASE,
      nodeCIDRs: ['10.0.1.0/24', '10.0.2.0/24'],
      peers: [
        { name: 'rack1-tor', spec: { peerIP: '10.0.0.1', asNumber: 65001, nodeSelector: 'rack == \'1\'' } },
        { name: 'rack2-tor', spec: { peerIP: '10.0.0.1', asNumber: 65001, nodeSelector: 'rack == \'2\'' } },
      ],
    });
    // THEN one group gets both ranges
    const out = renderRouterConfig('frr', input);
    expect(out).toContain(' neighbor calico description Calico nodes (BGPPeer rack1-tor, rack2-tor)\n');
    expect(out).toContain(' bgp listen range 10.0.1.0/24 peer-group calico\n bgp listen range 10.0.2.0/24 peer-group calico\n');
  });

  it('shortens the description to a count when the BGPPeer names do not fit in 80 characters', () => {
    // GIVEN a BGPPeer with a long name
    const name = `tor-${'a'.repeat(70)}`;
    const input = routerConfigInputFromPeers({ ...BASE, peers: [{ name, spec: { peerIP: '10.0.0.1', asNumber: 65001 } }] });
    // THEN the description counts instead of listing
    expect(input.description).toBe('Calico nodes (1 BGPPeer)');
  });

  it('names the rendered file after the target', () => {
    expect([routerConfigFileName('frr', 'tor-a'), routerConfigFileName('gobgp', 'tor-a'), routerConfigFileName('junos', 'tor-a')])
      .toEqual(['tor-a.frr.conf', 'tor-a.gobgpd.toml', 'tor-a.junos.set']);
  });

  it('checks a password it is given, and includes it only when asked', () => {
    const props = { ...BASE, password: 'kQ2mZ9.pLx4wR' };
    expect(renderRouterConfig('bird', routerConfigInputFromPeers(props))).not.toContain('kQ2mZ9.pLx4wR');
    expect(renderRouterConfig('bird', routerConfigInputFromPeers({ ...props, includePassword: true }))).toContain('  password "kQ2mZ9.pLx4wR";\n');
  });

  const refusals: Array<[string, Partial<RouterConfigFromPeersProps>, string]> = [
    ['a peerSelector peering (both ends are Calico nodes)', { peers: [{ name: 'rr', spec: { peerSelector: 'rr == \'true\'' } }] },
      'peers[0].spec.peerSelector: router.peer-selector'],
    ['a port other than 179', { peers: [{ name: 'tor-a', spec: { peerIP: '10.0.0.1:1790', asNumber: 65001 } }] },
      'peers[0].spec.peerIP: router.port'],
    ['no node AS', { clusterASNumber: undefined }, 'clusterASNumber: router.node-as-required'],
    ['a routerASNumber Calico does not expect', { routerASNumber: 65002 },
      'peers[0].spec.asNumber: router.as-mismatch'],
    ['a routerAddress that is not the peerIP', { routerAddress: '10.0.0.2' },
      'peers[0].spec.peerIP: router.address-mismatch'],
    ['BGPPeers of two routers', { peers: [{ name: 'a', spec: { peerIP: '10.0.0.1', asNumber: 65001 } }, { name: 'b', spec: { peerIP: '10.0.0.2', asNumber: 65001 } }] },
      'peers[1].spec.peerIP: router.address-mismatch'],
    ['BGPPeers with two node ASes', { peers: [{ name: 'a', spec: { peerIP: '10.0.0.1', asNumber: 65001 } }, { name: 'b', spec: { peerIP: '10.0.0.1', asNumber: 65001, localASNumber: 64600 } }] },
      'peers[1].spec.localASNumber: router.peers-differ'],
    ['more node addresses than spec.node selects', { nodeCIDRs: undefined, nodeAddresses: ['10.0.0.11', '10.0.0.12'], peers: [{ name: 'n1', spec: { node: 'node-1', peerIP: '10.0.0.1', asNumber: 65001 } }] },
      'nodeAddresses: router.node-addresses'],
    ['a local-workload peering without the workload address', { peers: [{ name: 'lw', spec: { localWorkloadSelector: 'app == \'lb\'', asNumber: 65001 } }] },
      'routerAddress: router.address-required'],
    ['no BGPPeer at all', { peers: [] }, 'peers: router.peers-required'],
    ['an invalid BGPPeer spec', { peers: [{ name: 'tor-a', spec: { peerIP: '10.0.0.1', asNumber: 65001, nodeSelector: 'rack = \'r1\'' } }] },
      'peers[0].spec.nodeSelector: calico.selector'],
    ['no AS for the router (asNumber 0 is Calico\'s unset)', { peers: [{ name: 'tor-a', spec: { peerIP: '10.0.0.1', asNumber: 0 } }] },
      'routerASNumber: router.as-required'],
    ['an invalid Secret key', { secretKeyRef: { name: 'bgp-password-tor-a', key: 'pass word' } },
      'secretKeyRef.key: k8s.secret-key'],
  ];
  for (const [name, patch, expected] of refusals) {
    it(`refuses ${name} (${expected})`, () => {
      // GIVEN one defect; THEN the check names it, and building throws a ValidationError with it
      const props = { ...BASE, ...patch };
      expect(rules(props)).toContain(expected);
      expect(() => routerConfigInputFromPeers(props)).toThrow(ValidationError);
    });
  }

  it('accepts a local-workload peering when the workload address is given', () => {
    const input = routerConfigInputFromPeers({
      ...BASE, routerAddress: '10.244.1.7', nodeCIDRs: undefined, nodeAddresses: ['169.254.0.179'],
      peers: [{ name: 'lw', spec: { localWorkloadSelector: 'app == \'lb\'', asNumber: 65001 } }],
    });
    expect([input.routerAddress, input.routerASNumber]).toEqual(['10.244.1.7', 65001]);
  });
});
