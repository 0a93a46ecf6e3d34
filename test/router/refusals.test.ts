/**
 * What the renderer refuses, and how: every problem names its field and rule, is raised before any
 * text is produced, and never carries the password.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError, checkRouterConfigInput, renderRouterConfig, routerConfigInputFromPeers, type RouterConfigInput, type RouterTarget } from '../support/core';
import { NODES_INPUT, RANGE_INPUT } from './support';

/** Renders and returns the ValidationError, failing when nothing is thrown. */
function refusal(target: RouterTarget, input: RouterConfigInput): ValidationError {
  try {
    renderRouterConfig(target, input);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error(`expected ${target} to refuse the input`);
}
const rules = (e: ValidationError) => e.problems.map((p) => `${p.field}: ${p.rule}`);

describe('passwords the target refuses', () => {
  const cases: Array<[string, RouterTarget, string, string]> = [
    ['a first digit for Cisco IOS (first character cannot be a number)', 'cisco-ios', '7kQ2-mZ9.pLx4', 'policy.first-character'],
    ['a space for FRR (one token)', 'frr', 'kQ2mZ9 pLx4wR', 'policy.forbidden-character'],
    ['a no-break space for FRR (still whitespace)', 'frr', 'kQ2mZ9\u00a0pLx4wR', 'router.single-token'],
    ['"?" for NX-OS (context help)', 'cisco-nxos', 'kQ2mZ9?pLx4wR', 'policy.forbidden-character'],
    ['an em space for Arista EOS', 'arista-eos', 'kQ2mZ9\u2003pLx4wR', 'router.single-token'],
    ['a space for Junos', 'junos', 'kQ2mZ9 pLx4wR', 'policy.forbidden-character'],
    ['non-ASCII for Junos (ASCII strings)', 'junos', 'kQ2mZ9épLx4wR', 'router.ascii'],
    ['a double quote for BIRD (ends the string)', 'bird', 'kQ2mZ9"pLx4wR', 'password.double-quote'],
    ['a newline for GoBGP (breaks calico-node\'s bird.cfg)', 'gobgp', 'kQ2mZ9\npLx4wR', 'password.newline'],
    ['81 bytes for any target (TCP_MD5SIG_MAXKEYLEN)', 'gobgp', 'kQ2mZ9pLx4wR'.repeat(7).slice(0, 81), 'password.max-bytes'],
  ];
  for (const [name, target, pw, rule] of cases) {
    it(`refuses ${name}, naming ${rule} and not the password`, () => {
      // GIVEN a password the target cannot take; WHEN rendered, even without including it
      const input = target === 'junos' ? NODES_INPUT : RANGE_INPUT;
      const e = refusal(target, { ...input, password: pw });
      // THEN the rule is named, on the password field, and the value appears nowhere
      expect(rules(e)).toContain(`password: ${rule}`);
      expect(e.message.includes(pw), 'error message echoes the password').toBe(false);
      expect(JSON.stringify(e.problems).includes(pw), 'problems echo the password').toBe(false);
    });
  }

  it('accepts for Cisco IOS what it refuses for FRR: an inner space', () => {
    // GIVEN a password with an inner space (IOS takes the rest of the line, FRR one token)
    const pw = 'kQ2mZ9 pLx4wR';
    // THEN IOS renders it whole, FRR refuses it
    expect(renderRouterConfig('cisco-ios', { ...RANGE_INPUT, password: pw, includePassword: true })).toContain(` neighbor calico password ${pw}\n`);
    expect(checkRouterConfigInput('frr', { ...RANGE_INPUT, password: pw }).map((p) => p.rule)).toEqual(['policy.forbidden-character']);
  });
});

describe('whose password a refusal is about', () => {
  it('GIVEN BGPPeers whose Secret holds a password FRR cannot take WHEN rendered THEN the refusal names the BGPPeers and the Secret, not the value', () => {
    // GIVEN two BGPPeers of one router sharing a Secret key, and a password with a '?'
    const pw = 'kQ2mZ9?pLx4wR';
    const input = routerConfigInputFromPeers({
      peers: [{ name: 'tor-a', spec: { peerIP: '10.0.0.1', asNumber: 65001, nodeSelector: "rack == 'a'" } },
        { name: 'tor-a-v2', spec: { peerIP: '10.0.0.1', asNumber: 65001, nodeSelector: "rack == 'b'" } }],
      secretKeyRef: { name: 'bgp-password-tor-a', key: 'password' }, install: 'manifest',
      nodeCIDRs: ['10.0.0.0/24'], clusterASNumber: 64512, password: pw,
    });
    // WHEN rendered for FRR
    const e = refusal('frr', input);
    // THEN the sentence says whose password, where it lives and which router refuses it, and keeps the rule
    expect(e.problems.map((p) => p.message)).toEqual([
      'The password of BGPPeers \'tor-a\', \'tor-a-v2\' (Secret kube-system/bgp-password-tor-a key password) does not suit FRRouting bgpd: '
      + '\'password\' contains 1 character(s) that the \'frr\' policy forbids (forbidden: space ?).',
    ]);
    expect(rules(e)).toEqual(['password: policy.forbidden-character']);
    expect(e.message.includes(pw), 'error message echoes the password').toBe(false);
  });

  it('GIVEN an input naming only the Secret THEN the refusal names the Secret', () => {
    const e = refusal('bird', { ...RANGE_INPUT, password: 'kQ2mZ9"pLx4wR' });
    expect(e.problems[0].message).toMatch(/^The password of Secret calico-system\/bgp-password-tor-a key password does not suit BIRD 2: /);
  });
});

describe('inputs the renderer refuses', () => {
  const cases: Array<[string, RouterTarget, Partial<RouterConfigInput>, string]> = [
    ['no nodes', 'frr', { nodeCIDRs: undefined }, 'nodeAddresses: router.nodes-required'],
    ['both node lists', 'frr', { nodeAddresses: ['10.0.0.11'] }, 'nodeCIDRs: router.nodes-exclusive'],
    ['a CIDR with host bits', 'bird', { nodeCIDRs: ['10.0.0.5/24'] }, 'nodeCIDRs[0]: router.cidr-host-bits'],
    ['a CIDR of the other family', 'gobgp', { nodeCIDRs: ['fd00::/64'] }, 'nodeCIDRs[0]: router.address-family'],
    ['a malformed CIDR', 'frr', { nodeCIDRs: ['10.0.0.0/33'] }, 'nodeCIDRs[0]: router.cidr'],
    ['a node address that is the router', 'frr', { nodeCIDRs: undefined, nodeAddresses: ['10.0.0.1'] },
      'nodeAddresses[0]: router.node-is-router'],
    ['a duplicate node', 'frr', { nodeCIDRs: undefined, nodeAddresses: ['10.0.0.11', '10.0.0.011'] },
      'nodeAddresses[1]: router.address'],
    ['a duplicate node in another spelling', 'frr', { routerAddress: 'fd00::1', nodeCIDRs: undefined, nodeAddresses: ['fd00::11', 'FD00:0::11'] },
      'nodeAddresses[1]: router.duplicate'],
    ['a router address with a port', 'frr', { routerAddress: '10.0.0.1:179' }, 'routerAddress: router.address'],
    ['an AS number out of range', 'frr', { routerASNumber: 4294967296 }, 'routerASNumber: calico.as-number'],
    ['a bad router id', 'frr', { routerId: '10.0.0' }, 'routerId: router.router-id'],
    ['an IPv6 GoBGP router without router id', 'gobgp', { routerAddress: 'fd00::1', nodeCIDRs: ['fd00::/64'] },
      'routerId: router.router-id-required'],
    ['a peer group name with "-"', 'bird', { peerGroup: 'calico-nodes' }, 'peerGroup: router.peer-group'],
    ['a description with a quote', 'junos', { ...NODES_INPUT, description: 'say "hi"' },
      'description: router.description'],
    ['ebgpMultihop on iBGP', 'frr', { nodeASNumber: 65001, ebgpMultihop: 2 }, 'ebgpMultihop: router.multihop-ibgp'],
    ['ebgpMultihop out of range', 'frr', { ebgpMultihop: 256 }, 'ebgpMultihop: router.multihop'],
    ['includePassword without a password', 'frr', { includePassword: true }, 'password: router.password-missing'],
    ['dynamic peers on Junos', 'junos', { nodeCIDRs: ['10.0.0.0/24'], nodeAddresses: undefined },
      'nodeCIDRs: router.dynamic-auth-unsupported'],
  ];
  for (const [name, target, patch, expected] of cases) {
    it(`refuses ${name} (${expected})`, () => {
      // GIVEN an otherwise valid input with one defect; WHEN rendered; THEN that field and rule are named
      const e = refusal(target, { ...RANGE_INPUT, ...patch } as RouterConfigInput);
      expect(rules(e)).toContain(expected);
      expect(e.message).toMatch(/^Router configuration \(/);
    });
  }

  it('reports every problem at once', () => {
    // GIVEN three independent defects
    const problems = checkRouterConfigInput('frr', { ...RANGE_INPUT, routerAddress: 'nope', peerGroup: '1x', ebgpMultihop: 0 });
    // THEN all three come back
    expect(problems.map((p) => p.field).sort()).toEqual(['ebgpMultihop', 'peerGroup', 'routerAddress']);
  });

  it('names the known targets when given an unknown one', () => {
    const problems = checkRouterConfigInput('mikrotik' as RouterTarget, RANGE_INPUT);
    expect(problems).toEqual([expect.objectContaining({ field: 'target', rule: 'router.target' })]);
    expect(problems[0].message).toContain('frr, bird, gobgp, cisco-ios, cisco-nxos, junos, arista-eos');
  });
});
