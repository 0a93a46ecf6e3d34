/**
 * Bad Calico input: each case asserts the exact problems (field, rule and message) that
 * checkBgpPeerSpec / checkBgpConfigurationSpec report, and a good twin of the tricky forms that must
 * be accepted. Sources of the rules: lib/calico/rules.ts and fields.ts (the CRDs' CEL rules plus
 * libcalico-go's client-side validator).
 */
import { describe, expect, it } from 'vitest';
import {
  BgpConfigurationSpec,
  BgpPeerSpec,
  ConfigurationCheckOptions,
  Problem,
  buildBgpPeer,
  calicoRefuses,
  calicoRuleSource,
  checkBgpConfigurationSpec,
  checkBgpPeerSpec,
  parseAsNumber,
} from '../../support/core';

const P = (field: string, rule: string, message: string): Problem => ({ field, rule, message });
const exclusive = (a: string, b: string) => P(`spec.${b}`, 'calico.exclusive',
  `Only one of 'spec.${a}' and 'spec.${b}' may be set.`);
const peerIP = (v: string) => P('spec.peerIP', 'calico.peer-ip',
  `'spec.peerIP' (${v}) must be an IP address, 'IPv4:port' or '[IPv6]:port' with a port from 1 to 65535.`);
const asn = (field: string, v: unknown) => P(`spec.${field}`, 'calico.as-number',
  `'spec.${field}' (${v}) must be an AS number between 1 and 4294967295, as an integer or in asdot form 'a.b' (each part 0-65535).`);
const range = (field: string, v: number, lo: number, hi: number) => P(field, 'calico.range',
  `'${field}' (${v}) must be an integer between ${lo} and ${hi}.`);
const duration = (field: string, v: string) => P(field, 'calico.duration',
  `'${field}' (${v}) must be a Go duration such as '90s', '2m' or '1h30m' (units ns, us, ms, s, m, h; no sign).`);
const enumOf = (field: string, v: string, allowed: string) => P(field, 'calico.enum',
  `'${field}' (${v}) must be one of ${allowed}.`);
const name = (field: string, v: string) => P(field, 'k8s.name',
  `'${field}' (${v}) must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (no '_').`);
const badSelector = (field: string, v: string, column: number, expected: string, calico: string) => P(field, 'calico.selector',
  `'${field}' (${JSON.stringify(v)}) is not a valid Calico selector: at column ${column} expected ${expected}; Calico's parser says "${calico}". `
  + 'Example of the syntax: rack == \'r1\' && has(tor).');
const tooNew = (field: string, since: string, version: string) => P(field, 'calico.field-version',
  `'${field}' needs Calico ${since} or later; 'calicoVersion' is ${version}, whose CRD would silently drop it.`);
const defaultOnly = (field: string, configName: string) => P(`spec.${field}`, 'calico.default-only',
  `'spec.${field}' is honoured only on the BGPConfiguration named 'default' (this one is '${configName}'): calicoctl and calico-apiserver refuse it elsewhere, and calico-node ignores it.`);
const meshOff = (field: string) => P(`spec.${field}`, 'calico.mesh-disabled',
  `'spec.${field}' cannot be set when 'spec.nodeToNodeMeshEnabled' is false: there is no mesh to apply it to.`);
const cidr = (field: string, v: string) => P(field, 'calico.cidr',
  `'${field}' (${v}) must be an IP address or a CIDR such as 10.0.0.0/24 or fd00::/64.`);

const OK: BgpPeerSpec = { peerIP: '10.0.0.1', asNumber: 64512 };

type PeerCase = [title: string, spec: BgpPeerSpec, expected: Problem[], calicoVersion?: string];

const PEER_CASES: PeerCase[] = [
  ['node and nodeSelector', { ...OK, node: 'node-1', nodeSelector: 'rack == \'a\'' }, [exclusive('node', 'nodeSelector')]],
  ['peerIP and peerSelector', { peerIP: '10.0.0.1', peerSelector: 'tor == \'a\'' }, [exclusive('peerIP', 'peerSelector')]],
  ['peerSelector and asNumber', { peerSelector: 'tor == \'a\'', asNumber: 64512 }, [P('spec.asNumber', 'calico.as-with-peer-selector',
    '\'spec.asNumber\' must be empty when \'spec.peerSelector\' is set: the selected Calico nodes use their own AS numbers.')]],
  ['no peer at all', { asNumber: 64512 }, [P('spec.peerIP', 'calico.peer-target',
    'One of \'spec.peerIP\', \'spec.peerSelector\' and \'spec.localWorkloadSelector\' must be set: a BGPPeer needs someone to peer with '
    + '(the library\'s rule, stricter than Calico, which accepts such a BGPPeer and configures no peering from it).')]],
  ['localWorkloadSelector without asNumber', { localWorkloadSelector: 'app == \'lb\'' }, [P('spec.asNumber', 'calico.local-workload-as',
    '\'spec.asNumber\' is required when \'spec.localWorkloadSelector\' is set.')]],
  ['localWorkloadSelector and peerIP', { localWorkloadSelector: 'app == \'lb\'', peerIP: '10.0.0.1', asNumber: 64512 }, [exclusive('localWorkloadSelector', 'peerIP')]],
  ['localWorkloadSelector and peerSelector', { localWorkloadSelector: 'app == \'lb\'', peerSelector: 'tor == \'a\'' }, [
    exclusive('localWorkloadSelector', 'peerSelector'),
    P('spec.asNumber', 'calico.local-workload-as',
      '\'spec.asNumber\' is required when \'spec.localWorkloadSelector\' is set.'),
  ]],
  ['keepOriginalNextHop and nextHopMode', { ...OK, keepOriginalNextHop: true, nextHopMode: 'Keep' }, [P('spec.nextHopMode', 'calico.next-hop-exclusive',
    '\'spec.keepOriginalNextHop: true\' and \'spec.nextHopMode\' cannot both be set (nextHopMode replaces the deprecated keepOriginalNextHop; set keepOriginalNextHop to false or drop it).')]],
  ['reachableBy without peerIP', { peerSelector: 'tor == \'a\'', reachableBy: '10.0.0.254' }, [P('spec.reachableBy', 'calico.reachable-by-peer-ip',
    '\'spec.reachableBy\' needs \'spec.peerIP\': it adds a static route towards the peer IP.')]],
  ['reachableBy of the other family', { ...OK, reachableBy: 'fd00::1' }, [P('spec.reachableBy', 'calico.reachable-by',
    '\'spec.reachableBy\' (fd00::1) must be an IPv4 address like \'spec.peerIP\'.')]],
  ['reachableBy IPv4 for an IPv6 peer with port', { peerIP: '[fd00::1]:1179', asNumber: 64512, reachableBy: '10.0.0.254' }, [P('spec.reachableBy', 'calico.reachable-by',
    '\'spec.reachableBy\' (10.0.0.254) must be an IPv6 address like \'spec.peerIP\'.')]],
  ['reachableBy not an IP', { ...OK, reachableBy: 'gateway' }, [P('spec.reachableBy', 'calico.reachable-by',
    '\'spec.reachableBy\' (gateway) must be an IP address.')]],
  ['peerIP octet 300', { ...OK, peerIP: '10.0.0.300' }, [peerIP('10.0.0.300')]],
  ['peerIP port 0', { ...OK, peerIP: '10.0.0.1:0' }, [peerIP('10.0.0.1:0')]],
  ['peerIP port 65536', { ...OK, peerIP: '10.0.0.1:65536' }, [peerIP('10.0.0.1:65536')]],
  ['peerIP [v6]:0', { ...OK, peerIP: '[fd00::1]:0' }, [peerIP('[fd00::1]:0')]],
  ['peerIP [v6]:65536', { ...OK, peerIP: '[fd00::1]:65536' }, [peerIP('[fd00::1]:65536')]],
  ['peerIP [v6] without port', { ...OK, peerIP: '[fd00::1]' }, [peerIP('[fd00::1]')]],
  ['peerIP IPv4 in brackets', { ...OK, peerIP: '[10.0.0.1]:179' }, [peerIP('[10.0.0.1]:179')]],
  ['peerIP host name', { ...OK, peerIP: 'tor1.example.com' }, [peerIP('tor1.example.com')]],
  ['asNumber 4294967296', { peerIP: '10.0.0.1', asNumber: 4294967296 }, [asn('asNumber', 4294967296)]],
  ['asdot 65536.1', { peerIP: '10.0.0.1', asNumber: '65536.1' }, [asn('asNumber', '65536.1')]],
  ['asdot 1.65536', { peerIP: '10.0.0.1', asNumber: '1.65536' }, [asn('asNumber', '1.65536')]],
  ['asNumber with an AS prefix', { peerIP: '10.0.0.1', asNumber: 'AS64512' }, [asn('asNumber', 'AS64512')]],
  ['asNumber 1.5 as a number', { peerIP: '10.0.0.1', asNumber: 1.5 }, [asn('asNumber', 1.5)]],
  ['localASNumber 0', { ...OK, localASNumber: 0 }, [asn('localASNumber', 0)]],
  ['ttlSecurity 256', { ...OK, ttlSecurity: 256 }, [range('spec.ttlSecurity', 256, 0, 255)]],
  ['ttlSecurity -1', { ...OK, ttlSecurity: -1 }, [range('spec.ttlSecurity', -1, 0, 255)]],
  ['numAllowedLocalASNumbers -1', { ...OK, numAllowedLocalASNumbers: -1 }, [range('spec.numAllowedLocalASNumbers', -1, 0, 2147483647)]],
  ['maxRestartTime without unit', { ...OK, maxRestartTime: '120' }, [duration('spec.maxRestartTime', '120')]],
  ['keepaliveTime negative', { ...OK, keepaliveTime: '-5s' }, [duration('spec.keepaliveTime', '-5s')]],
  ['keepaliveTime in words', { ...OK, keepaliveTime: '30 seconds' }, [duration('spec.keepaliveTime', '30 seconds')]],
  ['nextHopMode lower case', { ...OK, nextHopMode: 'keep' as never }, [enumOf('spec.nextHopMode', 'keep', 'Auto, Self, Keep')]],
  ['sourceAddress NodeIP', { ...OK, sourceAddress: 'NodeIP' as never }, [enumOf('spec.sourceAddress', 'NodeIP', 'UseNodeIP, None')]],
  ['reversePeering lower case', { peerSelector: 'tor == \'a\'', reversePeering: 'auto' as never }, [enumOf('spec.reversePeering', 'auto', 'Auto, Manual')]],
  ['node with an underscore', { ...OK, node: 'node_1' }, [name('spec.node', 'node_1')]],
  ['node of 254 characters', { ...OK, node: 'a'.repeat(254) }, [name('spec.node', 'a'.repeat(254))]],
  ['filter with capitals and underscore', { ...OK, filters: ['ok-filter', 'Bad_Filter'] }, [name('spec.filters[1]', 'Bad_Filter')]],
  ['nodeSelector over 1024 characters', { ...OK, nodeSelector: `rack == '${'a'.repeat(1020)}'` }, [P('spec.nodeSelector', 'calico.selector-length',
    '\'spec.nodeSelector\' is 1030 characters long; selectors are limited to 1024.')]],
  ['peerSelector with an open quote', { peerSelector: 'rack == \'r1' }, [badSelector('spec.peerSelector', 'rack == \'r1', 9,
    'a closing \' for the string opened here', 'unterminated string')]],
  ['peerSelector with an open parenthesis', { peerSelector: '(rack == \'r1\'' }, [badSelector('spec.peerSelector', '(rack == \'r1\'', 14,
    '\')\' to close the \'(\'', 'expected )')]],
  ['localWorkloadSelector with a stray parenthesis', { localWorkloadSelector: 'app == \'lb\')', asNumber: 64512 }, [badSelector('spec.localWorkloadSelector',
    'app == \'lb\')', 12, '&&, || or the end of the selector',
    'unexpected content at end of selector [TokRParen() TokEOF()]')]],
  ['nodeSelector with a single =', { ...OK, nodeSelector: 'bgp-edge=true' }, [badSelector('spec.nodeSelector', 'bgp-edge=true', 9,
    '\'==\' (a single \'=\' is not an operator)', 'expected ==')]],
  ['nodeSelector with an unquoted value', { ...OK, nodeSelector: 'rack == r1' }, [badSelector('spec.nodeSelector', 'rack == r1', 9,
    'a quoted string after \'==\' (write \'r1\' or "r1")', 'expected string')]],
  ['nodeSelector ending in &&', { ...OK, nodeSelector: 'rack == \'r1\' &&' }, [badSelector('spec.nodeSelector', 'rack == \'r1\' &&', 16,
    'an expression (the selector ends too early, after an operator)', 'unexpected token: TokEOF()')]],
  ['blank nodeSelector', { ...OK, nodeSelector: '   ' }, [P('spec.nodeSelector', 'calico.selector',
    '\'spec.nodeSelector\' must not be blank: Calico reads a blank selector as all(); leave it unset instead.')]],
  ['nodeSelector over two lines', { ...OK, nodeSelector: 'a == \'b\'\n|| c == \'d\'' }, [badSelector('spec.nodeSelector', 'a == \'b\'\n|| c == \'d\'', 9,
    'no line break (a selector is one line)', 'expected identifier')]],
  ['unknown field peerIp', { ...OK, peerIp: '10.0.0.2' } as BgpPeerSpec, [P('spec.peerIp', 'calico.unknown-field',
    '\'spec.peerIp\' is not a field of this Calico kind; check the spelling (fields are case-sensitive).')]],
  ['password in the spec', { ...OK, password: { secretKeyRef: { name: 'x', key: 'y' } } } as BgpPeerSpec, [P('spec.password', 'calico.password-owned',
    '\'spec.password\' is set by the library from the peer\'s password (its \'password\' prop or its shared secret); do not set it in the spec.')]],
  ['keepaliveTime on 3.31', { ...OK, keepaliveTime: '30s' }, [tooNew('spec.keepaliveTime', '3.32', '3.31')], '3.31'],
  ['localWorkloadSelector on 3.29', { localWorkloadSelector: 'app == \'lb\'', asNumber: 64512 }, [tooNew('spec.localWorkloadSelector', '3.30', '3.29')], '3.29'],
  ['nextHopMode on 3.30', { ...OK, nextHopMode: 'Self' }, [tooNew('spec.nextHopMode', '3.31', '3.30')], '3.30'],
  ['localASNumber and reversePeering on 3.28', { peerSelector: 'tor == \'a\'', localASNumber: 64513, reversePeering: 'Manual' },
    [tooNew('spec.localASNumber', '3.31', '3.28'), tooNew('spec.reversePeering', '3.31', '3.28')], '3.28'],
  ['calicoVersion 3.27', OK, [P('calicoVersion', 'calico.version', '\'calicoVersion\' (3.27) must be one of 3.28, 3.29, 3.30, 3.31, 3.32, 3.33.')], '3.27'],
];

describe('checkBgpPeerSpec: bad input', () => {
  it.each(PEER_CASES)('GIVEN %s WHEN checked THEN exactly the expected problems are reported', (_title, spec, expected, calicoVersion) => {
    // GIVEN / WHEN
    const problems = checkBgpPeerSpec(spec, { calicoVersion });
    // THEN
    expect(problems).toEqual(expected);
  });
});

describe('checkBgpPeerSpec: forms that must be accepted', () => {
  const GOOD: Array<[string, BgpPeerSpec, string?]> = [
    ['IPv4 with port', { peerIP: '10.0.0.1:1179', asNumber: 64512 }],
    ['[IPv6]:port', { peerIP: '[fd00::1]:1179', asNumber: 64512, reachableBy: 'fd00::fe' }],
    ['bare IPv6 ending in digits (not a port)', { peerIP: 'fd00::1:179', asNumber: 64512 }],
    ['asdot 1.10', { peerIP: '10.0.0.1', asNumber: '1.10' }],
    ['the largest AS number', { peerIP: '10.0.0.1', asNumber: 4294967295, localASNumber: '65535.65535' }],
    ['ttlSecurity 0 and 255 bounds', { ...OK, ttlSecurity: 255, numAllowedLocalASNumbers: 0 }],
    ['durations in every unit', { ...OK, maxRestartTime: '1h30m', keepaliveTime: '1.5s' }],
    ['peerSelector with reversePeering', { peerSelector: 'has(route-reflector)', reversePeering: 'Manual', nodeSelector: 'rack == \'a\'' }],
    ['localWorkloadSelector on 3.30', { localWorkloadSelector: 'app == \'lb\'', asNumber: 64512 }, '3.30'],
    ['node and filters', { ...OK, node: 'worker-1.example.com', filters: ['export-only'], sourceAddress: 'None', nextHopMode: 'Keep' }],
    ['keepaliveTime on 3.33', { ...OK, keepaliveTime: '10s' }, '3.33'],
    ['quoted parentheses in a selector', { peerSelector: 'label == \'(x\'' }],
    // Calico's CEL: only keepOriginalNextHop: true conflicts with nextHopMode.
    ['keepOriginalNextHop false and nextHopMode', { ...OK, keepOriginalNextHop: false, nextHopMode: 'Self' }],
    // asNumber 0 is Calico's "unset" (the CEL rule tests self.asNumber == 0).
    ['asNumber 0 with peerSelector', { peerSelector: 'has(route-reflector)', asNumber: 0 }],
    ['asNumber 0 with peerIP', { peerIP: '10.0.0.1', asNumber: 0 }],
  ];
  it.each(GOOD)('GIVEN %s WHEN checked THEN there is no problem', (_title, spec, calicoVersion) => {
    expect(checkBgpPeerSpec(spec, { calicoVersion })).toEqual([]);
  });

  it('GIVEN asdot 1.10 WHEN the BGPPeer is built THEN asNumber is the integer 65546', () => {
    // GIVEN / WHEN
    const peer = buildBgpPeer({ name: 'p', spec: { peerIP: '10.0.0.1', asNumber: '1.10' }, secretKeyRef: { name: 's', key: 'k' } });
    // THEN
    expect(parseAsNumber('1.10')).toBe(65546);
    expect((peer.spec as { asNumber: unknown }).asNumber).toBe(65546);
  });
});

type ConfigCase = [title: string, spec: BgpConfigurationSpec, options: ConfigurationCheckOptions, expected: Problem[]];

const DEFAULT: ConfigurationCheckOptions = { name: 'default' };
const RACK: ConfigurationCheckOptions = { name: 'rack-a' };

const CONFIG_CASES: ConfigCase[] = [
  ['asNumber on a non-default configuration', { asNumber: 64512 }, RACK, [defaultOnly('asNumber', 'rack-a')]],
  ['nodeToNodeMeshEnabled on a non-default configuration', { nodeToNodeMeshEnabled: true }, RACK, [defaultOnly('nodeToNodeMeshEnabled', 'rack-a')]],
  ['service IPs on a non-default configuration', {
    serviceClusterIPs: [{ cidr: '10.96.0.0/12' }], serviceExternalIPs: [{ cidr: '192.0.2.0/24' }], serviceLoadBalancerIPs: [{ cidr: '198.51.100.0/24' }],
  }, RACK, [defaultOnly('serviceClusterIPs', 'rack-a'), defaultOnly('serviceExternalIPs', 'rack-a'), defaultOnly('serviceLoadBalancerIPs', 'rack-a')]],
  ['nodeMeshMaxRestartTime on a non-default configuration', { nodeMeshMaxRestartTime: '120s' }, RACK, [defaultOnly('nodeMeshMaxRestartTime', 'rack-a')]],
  ['a mesh password on a non-default configuration', {}, { ...RACK, withMeshPassword: true }, [defaultOnly('nodeMeshPassword', 'rack-a')]],
  ['a mesh password with the mesh disabled', { nodeToNodeMeshEnabled: false }, { ...DEFAULT, withMeshPassword: true }, [meshOff('nodeMeshPassword')]],
  ['nodeMeshMaxRestartTime with the mesh disabled', { nodeToNodeMeshEnabled: false, nodeMeshMaxRestartTime: '120s' }, DEFAULT, [meshOff('nodeMeshMaxRestartTime')]],
  ['listenPort 0', { listenPort: 0 }, DEFAULT, [range('spec.listenPort', 0, 1, 65535)]],
  ['listenPort 65536', { listenPort: 65536 }, DEFAULT, [range('spec.listenPort', 65536, 1, 65535)]],
  ['route priorities out of range', { ipv4NormalRoutePriority: 0, ipv6NormalRoutePriority: 2147483647 }, DEFAULT,
    [range('spec.ipv4NormalRoutePriority', 0, 1, 2147483646), range('spec.ipv6NormalRoutePriority', 2147483647, 1, 2147483646)]],
  ['asNumber 4294967296', { asNumber: 4294967296 }, DEFAULT, [asn('asNumber', 4294967296)]],
  ['bindMode All', { bindMode: 'All' as never }, DEFAULT, [enumOf('spec.bindMode', 'All', 'None, NodeIP')]],
  ['serviceLoadBalancerAggregation On', { serviceLoadBalancerAggregation: 'On' as never }, DEFAULT,
    [enumOf('spec.serviceLoadBalancerAggregation', 'On', 'Enabled, Disabled')]],
  ['programClusterRoutes EnabledIPIPOnly on 3.32', { programClusterRoutes: 'EnabledIPIPOnly' }, DEFAULT, [P('spec.programClusterRoutes', 'calico.field-version',
    '\'spec.programClusterRoutes\' value EnabledIPIPOnly needs Calico 3.33 or later; \'calicoVersion\' is 3.32.')]],
  ['ipv4NormalRoutePriority on 3.31', { ipv4NormalRoutePriority: 1024 }, { ...DEFAULT, calicoVersion: '3.31' }, [tooNew('spec.ipv4NormalRoutePriority', '3.32', '3.31')]],
  ['logSeverityScreen verbose', { logSeverityScreen: 'verbose' }, DEFAULT, [P('spec.logSeverityScreen', 'calico.log-severity',
    '\'spec.logSeverityScreen\' (verbose) must be one of Trace, Debug, Info, Warning, Error, Fatal.')]],
  ['local workload peering IPs of the wrong family', { localWorkloadPeeringIPV4: '::1', localWorkloadPeeringIPV6: '169.254.0.1' }, DEFAULT, [
    P('spec.localWorkloadPeeringIPV4', 'calico.ip', '\'spec.localWorkloadPeeringIPV4\' (::1) must be an IPv4 address.'),
    P('spec.localWorkloadPeeringIPV6', 'calico.ip',
      '\'spec.localWorkloadPeeringIPV6\' (169.254.0.1) must be an IPv6 address.'),
  ]],
  ['a community without a colon', { communities: [{ name: 'c', value: '65000' }], prefixAdvertisements: [{ cidr: '10.0.0.0/8', communities: ['c'] }] }, DEFAULT,
    [P('spec.communities[0].value', 'calico.community',
      '\'spec.communities[0].value\' (65000) must be \'aa:nn\' (standard community, 16-bit parts) or \'aa:nn:mm\' (large community, 32-bit parts).')]],
  ['a /33 prefix advertisement', { prefixAdvertisements: [{ cidr: '10.0.0.0/33', communities: ['65000:1'] }] }, DEFAULT, [cidr('spec.prefixAdvertisements[0].cidr', '10.0.0.0/33')]],
  ['a service IP that is not a CIDR', { serviceExternalIPs: [{ cidr: '192.0.2.0/24' }, { cidr: 'not-a-cidr' }] }, DEFAULT, [cidr('spec.serviceExternalIPs[1].cidr', 'not-a-cidr')]],
  ['nodeMeshMaxRestartTime in words', { nodeMeshMaxRestartTime: '2 minutes' }, DEFAULT, [duration('spec.nodeMeshMaxRestartTime', '2 minutes')]],
  ['unknown field nodeToNodeMesh', { nodeToNodeMesh: false } as BgpConfigurationSpec, DEFAULT, [P('spec.nodeToNodeMesh', 'calico.unknown-field',
    '\'spec.nodeToNodeMesh\' is not a field of this Calico kind; check the spelling (fields are case-sensitive).')]],
  ['nodeMeshPassword in the spec', { nodeMeshPassword: { secretKeyRef: { name: 'a', key: 'b' } } } as BgpConfigurationSpec, DEFAULT, [P('spec.nodeMeshPassword',
    'calico.password-owned',
    '\'spec.nodeMeshPassword\' is set by the library from the \'password\' prop; do not set it in the spec.')]],
  ['a name with capitals and underscore', {}, { name: 'Default_' }, [name('metadata.name', 'Default_')]],
];

describe('checkBgpConfigurationSpec: bad input', () => {
  it.each(CONFIG_CASES)('GIVEN %s WHEN checked THEN exactly the expected problems are reported', (_title, spec, options, expected) => {
    expect(checkBgpConfigurationSpec(spec, options)).toEqual(expected);
  });

  it('GIVEN every field set correctly on default WHEN checked THEN there is no problem', () => {
    // GIVEN
    const spec: BgpConfigurationSpec = {
      asNumber: '1.10', bindMode: 'NodeIP', communities: [{ name: 'c', value: '65000:100' }, { name: 'l', value: '65000:1:2' }],
      ignoredInterfaces: ['eth9'], ipv4NormalRoutePriority: 1024, ipv6NormalRoutePriority: 1024, listenPort: 179,
      localWorkloadPeeringIPV4: '169.254.0.1', localWorkloadPeeringIPV6: 'fd00::1', logSeverityScreen: 'Info',
      nodeMeshMaxRestartTime: '120s', nodeToNodeMeshEnabled: true, prefixAdvertisements: [{ cidr: '10.0.0.0/24', communities: ['c'] }],
      programClusterRoutes: 'Enabled', serviceClusterIPs: [{ cidr: '10.96.0.0/12' }], serviceExternalIPs: [{ cidr: 'fd00:1::/64' }],
      serviceLoadBalancerAggregation: 'Disabled', serviceLoadBalancerIPs: [{ cidr: '198.51.100.0/24' }],
    };
    // WHEN / THEN
    expect(checkBgpConfigurationSpec(spec, { name: 'default', withMeshPassword: true })).toEqual([]);
  });
});

describe('checkBgpConfigurationSpec: the v3 validator rules added for issue 15', () => {
  const rules = (spec: BgpConfigurationSpec, calicoVersion?: string) =>
    checkBgpConfigurationSpec(spec, { name: 'default', calicoVersion }).map((p) => `${p.field} ${p.rule}`);

  it('refuses an ignoredInterfaces entry that would inject configuration into bird.cfg', () => {
    // GIVEN an interface name carrying a quote and a BIRD statement
    const problems = checkBgpConfigurationSpec({ ignoredInterfaces: ['eth0"; protocol static x {'] }, DEFAULT);
    // THEN it is refused, naming the entry, the pattern and why
    expect(problems).toEqual([P('spec.ignoredInterfaces[0]', 'calico.ignored-interface',
      '\'spec.ignoredInterfaces[0]\' ("eth0\\"; protocol static x {") must be an interface name of 1 to 15 letters, digits, \'_\', \'.\', \'-\' or \'*\' '
      + '(^[a-zA-Z0-9_.*-]{1,15}$): confd writes it unescaped into bird.cfg as -"<name>", so any other character could inject configuration.')]);
  });

  it('refuses \'*\' alone and names longer than 15 characters, accepts wildcards inside a name', () => {
    expect(rules({ ignoredInterfaces: ['*', 'a'.repeat(16), 'veth*', 'cali.1-x_y'] })).toEqual([
      'spec.ignoredInterfaces[0] calico.ignored-interface', 'spec.ignoredInterfaces[1] calico.ignored-interface',
    ]);
  });

  it('requires prefixAdvertisements with communities, as the release-v3.33 CRD does', () => {
    expect(rules({ communities: [{ name: 'c', value: '65000:1' }] })).toEqual(['spec.communities calico.communities-unused']);
  });

  it('checks the bit size of standard (16:16) and large (32:32:32) communities', () => {
    expect(rules({
      communities: [{ name: 'a', value: '65536:1' }, { name: 'b', value: '4294967296:1:1' }, { name: 'c', value: '65535:65535' }, { name: 'd', value: '4294967295:0:1' }],
      prefixAdvertisements: [{ cidr: '10.0.0.0/8', communities: ['a', '1:65536', '1:1:4294967296', 'c', 'd', '65535:0'] }],
    })).toEqual(['spec.communities[0].value calico.community', 'spec.communities[1].value calico.community',
      'spec.prefixAdvertisements[0].communities[1] calico.community',
      'spec.prefixAdvertisements[0].communities[2] calico.community']);
  });

  it('requires a prefixAdvertisements community to be a defined name or a literal', () => {
    expect(rules({ prefixAdvertisements: [{ cidr: '10.0.0.0/8', communities: ['no-such-name'] }] }))
      .toEqual(['spec.prefixAdvertisements[0].communities[0] calico.community-undefined']);
  });

  it('requires a community name and value, and a prefix CIDR and its communities', () => {
    expect(rules({ communities: [{ value: '1:1' }, { name: 'n' }], prefixAdvertisements: [{ communities: ['1:1'] }, { cidr: '10.0.0.0/8' }] })).toEqual([
      'spec.communities[0].name calico.community-name', 'spec.communities[1].value calico.community',
      'spec.prefixAdvertisements[0].cidr calico.cidr', 'spec.prefixAdvertisements[1].communities calico.community',
    ]);
  });

  it('refuses host bits in a CIDR (Calico\'s strictly masked net), and a bare address from 3.32 (format: cidr)', () => {
    expect(rules({ serviceClusterIPs: [{ cidr: '10.96.0.1/12' }, { cidr: 'fd00::1:0/112' }, { cidr: 'fd00::1:0/96' }] }))
      .toEqual(['spec.serviceClusterIPs[0].cidr calico.cidr', 'spec.serviceClusterIPs[2].cidr calico.cidr']);
    expect(rules({ serviceExternalIPs: [{ cidr: '192.0.2.7' }] }, '3.32')).toEqual(['spec.serviceExternalIPs[0].cidr calico.cidr-format']);
    expect(rules({ serviceExternalIPs: [{ cidr: '192.0.2.7' }] }, '3.31')).toEqual([]);
    expect(rules({ serviceExternalIPs: [{ cidr: '192.0.2.7/24' }] }, '3.31')).toEqual(['spec.serviceExternalIPs[0].cidr calico.cidr']);
  });

  it('places localWorkloadPeeringIPV4/IPV6 in 3.30 and serviceLoadBalancerAggregation in 3.31', () => {
    const lw = { localWorkloadPeeringIPV4: '169.254.0.1', localWorkloadPeeringIPV6: 'fe80::1' };
    expect(rules(lw, '3.29')).toEqual(['spec.localWorkloadPeeringIPV4 calico.field-version',
      'spec.localWorkloadPeeringIPV6 calico.field-version']);
    expect(rules(lw, '3.30')).toEqual([]);
    expect(rules({ serviceLoadBalancerAggregation: 'Disabled' }, '3.30')).toEqual(['spec.serviceLoadBalancerAggregation calico.field-version']);
    expect(rules({ serviceLoadBalancerAggregation: 'Disabled' }, '3.31')).toEqual([]);
  });
});

describe('calicoRefuses: which release refuses a rule', () => {
  it('a rule calicoctl and calico-apiserver enforce at every release, whichever CRD carries it too', () => {
    const [meshOffProblem] = checkBgpConfigurationSpec({ nodeToNodeMeshEnabled: false }, { name: 'default', withMeshPassword: true });
    expect(meshOffProblem.rule).toBe('calico.mesh-disabled');
    expect(calicoRuleSource(meshOffProblem)).toEqual({ validator: true, crdSince: '3.32', library: false });
    expect(['3.28', '3.31', '3.33'].map((v) => calicoRefuses(meshOffProblem, v))).toEqual([true, true, true]);
    const [selector] = checkBgpPeerSpec({ ...OK, nodeSelector: 'rack = \'r1\'' });
    expect(['3.28', '3.33'].map((v) => calicoRefuses(selector, v))).toEqual([true, true]);
  });
  it('a CRD-only rule from the release whose CRD carries it', () => {
    const [long] = checkBgpPeerSpec({ ...OK, nodeSelector: `rack == '${'r'.repeat(1100)}'` });
    expect(long.rule).toBe('calico.selector-length');
    expect([calicoRefuses(long, '3.32'), calicoRefuses(long, '3.33')]).toEqual([false, true]);
    const [bare] = checkBgpConfigurationSpec({ serviceClusterIPs: [{ cidr: '10.0.0.1' }] }, { name: 'default', calicoVersion: '3.32' });
    expect([bare.rule, calicoRefuses(bare, '3.32')]).toEqual(['calico.cidr-format', true]);
  });
  it('a library rule never', () => {
    const [target] = checkBgpPeerSpec({ asNumber: 64512 });
    expect(calicoRuleSource(target)).toEqual({ validator: false, library: true });
    expect(calicoRefuses(target, '3.33')).toBe(false);
  });
});
