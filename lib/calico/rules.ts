import { isIP } from 'node:net';
import { Problem, problem } from '../errors';
import {
  checkAsNumber, checkCidr, checkDuration, checkEnum, checkInt, checkName, checkSelector, isSet, parsePeerIP,
} from './fields';
import { BGP_CONFIGURATION_FIELD_VERSIONS, BGP_PEER_FIELD_VERSIONS, DEFAULT_CALICO_VERSION, checkCalicoVersion, checkFieldVersions } from './versions';
import { BgpConfigurationSpec, BgpPeerSpec } from './types';

const PEER_FIELDS = new Set(['node', 'nodeSelector', 'peerIP', 'asNumber', 'localASNumber', 'peerSelector', 'keepOriginalNextHop',
  'nextHopMode', 'sourceAddress', 'maxRestartTime', 'keepaliveTime', 'numAllowedLocalASNumbers', 'ttlSecurity', 'reachableBy',
  'filters', 'localWorkloadSelector', 'reversePeering']);
const CONFIG_FIELDS = new Set(['asNumber', 'bindMode', 'communities', 'ignoredInterfaces', 'ipv4NormalRoutePriority',
  'ipv6NormalRoutePriority', 'listenPort', 'localWorkloadPeeringIPV4', 'localWorkloadPeeringIPV6', 'logSeverityScreen',
  'nodeMeshMaxRestartTime', 'nodeToNodeMeshEnabled', 'prefixAdvertisements', 'programClusterRoutes', 'serviceClusterIPs',
  'serviceExternalIPs', 'serviceLoadBalancerAggregation', 'serviceLoadBalancerIPs']);

/**
 * Fields honoured only on the BGPConfiguration named `default` (`ValidateDefaultOnlyFields` in
 * libcalico-go/lib/clientv3/bgpconfig.go); the CRD does not stop them elsewhere.
 */
export const DEFAULT_ONLY_CONFIGURATION_FIELDS = ['nodeMeshPassword', 'nodeMeshMaxRestartTime', 'nodeToNodeMeshEnabled',
  'asNumber', 'serviceClusterIPs', 'serviceExternalIPs', 'serviceLoadBalancerIPs'] as const;

/** Options shared by the spec checks. */
export interface SpecCheckOptions {
  /** The Calico release to target. @default "3.32" */
  readonly calicoVersion?: string;
}

const NEXT_HOP_MODES = ['Auto', 'Self', 'Keep'];
const SOURCE_ADDRESSES = ['UseNodeIP', 'None'];
const REVERSE_PEERING = ['Auto', 'Manual'];

/**
 * Appends `found` to `problems`. A spec check runs per BGPPeer, thousands of times per fabric, and
 * almost every field check finds nothing: a loop over an empty array costs less than a spread call.
 */
function add(problems: Problem[], found: readonly Problem[]): void {
  for (let i = 0; i < found.length; i++) problems.push(found[i]);
}

/** Adds the problem of two BGPPeer fields set together that exclude each other (the second is named). */
function exclusive(problems: Problem[], s: BgpPeerSpec, a: keyof BgpPeerSpec, b: keyof BgpPeerSpec): void {
  if (isSet(s[a]) && isSet(s[b])) problems.push(problem(`spec.${b}`, 'calico.exclusive', `Only one of 'spec.${a}' and 'spec.${b}' may be set.`));
}

function unknownFields(spec: object, known: Set<string>, prefix: string, extra: string[] = []): Problem[] {
  return Object.keys(spec).filter((k) => !known.has(k) && !extra.includes(k)).map((k) => problem(`${prefix}.${k}`, 'calico.unknown-field',
    `'${prefix}.${k}' is not a field of this Calico kind; check the spelling (fields are case-sensitive).`));
}

/**
 * Every problem of a BGPPeer spec: the CRD's CEL rules, and the client-side rules only calicoctl or
 * calico-apiserver enforce (libcalico-go/lib/validator/v3/validator.go).
 */
export function checkBgpPeerSpec(spec: BgpPeerSpec, options: SpecCheckOptions = {}): Problem[] {
  const s = spec;
  const version = options.calicoVersion ?? DEFAULT_CALICO_VERSION;
  const problems: Problem[] = checkCalicoVersion(version);
  add(problems, unknownFields(s, PEER_FIELDS, 'spec', ['password']));
  if ('password' in s) {
    problems.push(problem('spec.password', 'calico.password-owned', '\'spec.password\' is set by the library from the peer\'s password (its \'password\' prop or its shared secret); do not set it in the spec.'));
  }
  if (problems.length === 0) add(problems, checkFieldVersions(s, BGP_PEER_FIELD_VERSIONS, version));
  exclusive(problems, s, 'node', 'nodeSelector');
  exclusive(problems, s, 'peerIP', 'peerSelector');
  if (!isSet(s.peerIP) && !isSet(s.peerSelector) && !isSet(s.localWorkloadSelector)) {
    problems.push(problem('spec.peerIP', 'calico.peer-target', 'One of \'spec.peerIP\', \'spec.peerSelector\' and \'spec.localWorkloadSelector\' must be set: a BGPPeer needs someone to peer with.'));
  }
  if (isSet(s.peerSelector) && isSet(s.asNumber)) {
    problems.push(problem('spec.asNumber', 'calico.as-with-peer-selector', '\'spec.asNumber\' must be empty when \'spec.peerSelector\' is set: the selected Calico nodes use their own AS numbers.'));
  }
  if (isSet(s.localWorkloadSelector)) {
    exclusive(problems, s, 'localWorkloadSelector', 'peerIP');
    exclusive(problems, s, 'localWorkloadSelector', 'peerSelector');
    if (!isSet(s.asNumber)) problems.push(problem('spec.asNumber', 'calico.local-workload-as', '\'spec.asNumber\' is required when \'spec.localWorkloadSelector\' is set.'));
  }
  if (s.keepOriginalNextHop !== undefined && s.nextHopMode !== undefined) {
    problems.push(problem('spec.nextHopMode', 'calico.exclusive', 'Only one of \'spec.keepOriginalNextHop\' and \'spec.nextHopMode\' may be set (nextHopMode replaces the deprecated keepOriginalNextHop).'));
  }
  if (isSet(s.node)) add(problems, checkName('spec.node', s.node!));
  add(problems, checkSelector('spec.nodeSelector', s.nodeSelector));
  add(problems, checkSelector('spec.peerSelector', s.peerSelector));
  add(problems, checkSelector('spec.localWorkloadSelector', s.localWorkloadSelector));
  const peer = isSet(s.peerIP) ? parsePeerIP(s.peerIP!) : undefined;
  if (isSet(s.peerIP) && !peer) {
    problems.push(problem('spec.peerIP', 'calico.peer-ip', `'spec.peerIP' (${s.peerIP}) must be an IP address, 'IPv4:port' or '[IPv6]:port' with a port from 1 to 65535.`));
  }
  if (isSet(s.reachableBy)) {
    if (!isSet(s.peerIP)) problems.push(problem('spec.reachableBy', 'calico.reachable-by', '\'spec.reachableBy\' needs \'spec.peerIP\': it adds a static route towards the peer IP.'));
    const fam = isIP(s.reachableBy!);
    if (!fam) {problems.push(problem('spec.reachableBy', 'calico.reachable-by', `'spec.reachableBy' (${s.reachableBy}) must be an IP address.`));} else if (peer && fam !== peer.family) {
      problems.push(problem('spec.reachableBy', 'calico.reachable-by', `'spec.reachableBy' (${s.reachableBy}) must be an IPv${peer.family} address like 'spec.peerIP'.`));
    }
  }
  add(problems, checkAsNumber('spec.asNumber', s.asNumber));
  add(problems, checkAsNumber('spec.localASNumber', s.localASNumber));
  add(problems, checkInt('spec.ttlSecurity', s.ttlSecurity, 0, 255));
  add(problems, checkInt('spec.numAllowedLocalASNumbers', s.numAllowedLocalASNumbers, 0, 2147483647));
  add(problems, checkDuration('spec.maxRestartTime', s.maxRestartTime));
  add(problems, checkDuration('spec.keepaliveTime', s.keepaliveTime));
  add(problems, checkEnum('spec.nextHopMode', s.nextHopMode, NEXT_HOP_MODES));
  add(problems, checkEnum('spec.sourceAddress', s.sourceAddress, SOURCE_ADDRESSES));
  add(problems, checkEnum('spec.reversePeering', s.reversePeering, REVERSE_PEERING));
  if (s.filters) s.filters.forEach((f, i) => add(problems, checkName(`spec.filters[${i}]`, f)));
  return problems;
}

/** Options of {@link checkBgpConfigurationSpec}. */
export interface ConfigurationCheckOptions extends SpecCheckOptions {
  /** The BGPConfiguration's name. */
  readonly name: string;
  /** Whether the spec will carry `nodeMeshPassword`. @default false */
  readonly withMeshPassword?: boolean;
}

/** Every problem of a BGPConfiguration spec, including the fields only `default` may carry. */
export function checkBgpConfigurationSpec(spec: BgpConfigurationSpec, options: ConfigurationCheckOptions): Problem[] {
  const s = spec;
  const version = options.calicoVersion ?? DEFAULT_CALICO_VERSION;
  const problems: Problem[] = [...checkCalicoVersion(version), ...checkName('metadata.name', options.name),
    ...unknownFields(s, CONFIG_FIELDS, 'spec', ['nodeMeshPassword'])];
  if ('nodeMeshPassword' in s) {
    problems.push(problem('spec.nodeMeshPassword', 'calico.password-owned', '\'spec.nodeMeshPassword\' is set by the library from the \'password\' prop; do not set it in the spec.'));
  }
  if (problems.length === 0) problems.push(...checkFieldVersions(s, BGP_CONFIGURATION_FIELD_VERSIONS, version));
  const present = new Set(Object.entries(s).filter(([, v]) => v !== undefined).map(([k]) => k));
  if (options.withMeshPassword) present.add('nodeMeshPassword');
  if (options.name !== 'default') {
    for (const f of DEFAULT_ONLY_CONFIGURATION_FIELDS) {
      if (present.has(f)) {
        problems.push(problem(`spec.${f}`, 'calico.default-only', `'spec.${f}' is honoured only on the BGPConfiguration named 'default' (this one is '${options.name}'); Calico ignores it elsewhere.`));
      }
    }
  }
  if (s.nodeToNodeMeshEnabled === false) {
    for (const f of ['nodeMeshPassword', 'nodeMeshMaxRestartTime']) {
      if (present.has(f)) problems.push(problem(`spec.${f}`, 'calico.mesh-disabled', `'spec.${f}' cannot be set when 'spec.nodeToNodeMeshEnabled' is false: there is no mesh to apply it to.`));
    }
  }
  problems.push(...checkAsNumber('spec.asNumber', s.asNumber), ...checkInt('spec.listenPort', s.listenPort, 1, 65535),
    ...checkInt('spec.ipv4NormalRoutePriority', s.ipv4NormalRoutePriority, 1, 2147483646),
    ...checkInt('spec.ipv6NormalRoutePriority', s.ipv6NormalRoutePriority, 1, 2147483646),
    ...checkDuration('spec.nodeMeshMaxRestartTime', s.nodeMeshMaxRestartTime),
    ...checkEnum('spec.bindMode', s.bindMode, ['None', 'NodeIP']),
    ...checkEnum('spec.programClusterRoutes', s.programClusterRoutes, ['Enabled', 'Disabled', 'EnabledIPIPOnly', 'EnabledNoEncapOnly']),
    ...checkEnum('spec.serviceLoadBalancerAggregation', s.serviceLoadBalancerAggregation, ['Enabled', 'Disabled']));
  if (s.logSeverityScreen !== undefined && !/^(trace|debug|info|warning|error|fatal)?$/i.test(s.logSeverityScreen)) {
    problems.push(problem('spec.logSeverityScreen', 'calico.enum', `'spec.logSeverityScreen' (${s.logSeverityScreen}) must be one of Trace, Debug, Info, Warning, Error, Fatal.`));
  }
  for (const f of ['localWorkloadPeeringIPV4', 'localWorkloadPeeringIPV6'] as const) {
    const want = f.endsWith('4') ? 4 : 6;
    if (s[f] !== undefined && isIP(s[f]!) !== want) problems.push(problem(`spec.${f}`, 'calico.ip', `'spec.${f}' (${s[f]}) must be an IPv${want} address.`));
  }
  (s.communities ?? []).forEach((c, i) => {
    if (c.value !== undefined && !/^(\d+):(\d+)$|^(\d+):(\d+):(\d+)$/.test(c.value)) {
      problems.push(problem(`spec.communities[${i}].value`, 'calico.community', `'spec.communities[${i}].value' (${c.value}) must be 'aa:nn' or 'aa:nn:mm'.`));
    }
  });
  (s.prefixAdvertisements ?? []).forEach((p, i) => problems.push(...checkCidr(`spec.prefixAdvertisements[${i}].cidr`, p.cidr)));
  for (const f of ['serviceClusterIPs', 'serviceExternalIPs', 'serviceLoadBalancerIPs'] as const) {
    (s[f] ?? []).forEach((b, i) => problems.push(...checkCidr(`spec.${f}[${i}].cidr`, b.cidr)));
  }
  return problems;
}
