import { isIP } from 'node:net';
import { Problem, problem } from '../errors';
import {
  checkAsNumber,
  checkDuration,
  checkEnum,
  checkInt,
  checkName,
  checkNet,
  checkSelector,
  isSet,
  parsePeerIP,
  versionAtLeast,
} from './fields';
import {
  BGP_CONFIGURATION_FIELD_VERSIONS,
  BGP_PEER_FIELD_VERSIONS,
  CalicoVersion,
  DEFAULT_CALICO_VERSION,
  checkCalicoVersion,
  checkFieldVersions,
} from './versions';
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
 * libcalico-go/lib/clientv3/bgpconfig.go, which calicoctl and calico-apiserver run on create and
 * update); the CRD does not stop them elsewhere.
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

/** Adds the problem of two BGPPeer fields set together that exclude each other (the second is named). */
function exclusive(problems: Problem[], s: BgpPeerSpec, a: keyof BgpPeerSpec, b: keyof BgpPeerSpec): void {
  if (isSet(s[a]) && isSet(s[b])) {
    problems.push(problem(`spec.${b}`, 'calico.exclusive', `Only one of 'spec.${a}' and 'spec.${b}' may be set.`));
  }
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
  problems.push(...unknownFields(s, PEER_FIELDS, 'spec', ['password']));
  if ('password' in s) {
    problems.push(problem('spec.password', 'calico.password-owned',
      '\'spec.password\' is set by the library from the peer\'s password (its \'password\' prop or its shared secret); do not set it in the spec.'));
  }
  if (problems.length === 0) problems.push(...checkFieldVersions(s, BGP_PEER_FIELD_VERSIONS, version));
  exclusive(problems, s, 'node', 'nodeSelector');
  exclusive(problems, s, 'peerIP', 'peerSelector');
  if (!isSet(s.peerIP) && !isSet(s.peerSelector) && !isSet(s.localWorkloadSelector)) {
    problems.push(problem('spec.peerIP', 'calico.peer-target', 'One of \'spec.peerIP\', \'spec.peerSelector\' and \'spec.localWorkloadSelector\' must be set: a BGPPeer needs someone to peer with '
      + '(the library\'s rule, stricter than Calico, which accepts such a BGPPeer and configures no peering from it).'));
  }
  // asNumber 0 is Calico's "unset" (a uint32 with omitempty; the CEL rules test `self.asNumber == 0`).
  const asSet = isSet(s.asNumber) && s.asNumber !== 0;
  if (isSet(s.peerSelector) && asSet) {
    problems.push(problem('spec.asNumber', 'calico.as-with-peer-selector',
      '\'spec.asNumber\' must be empty when \'spec.peerSelector\' is set: the selected Calico nodes use their own AS numbers.'));
  }
  if (isSet(s.localWorkloadSelector)) {
    exclusive(problems, s, 'localWorkloadSelector', 'peerIP');
    exclusive(problems, s, 'localWorkloadSelector', 'peerSelector');
    if (!asSet) {
      problems.push(problem('spec.asNumber', 'calico.local-workload-as',
        '\'spec.asNumber\' is required when \'spec.localWorkloadSelector\' is set.'));
    }
  }
  if (s.keepOriginalNextHop === true && s.nextHopMode !== undefined) {
    problems.push(problem('spec.nextHopMode', 'calico.next-hop-exclusive',
      '\'spec.keepOriginalNextHop: true\' and \'spec.nextHopMode\' cannot both be set (nextHopMode replaces the deprecated keepOriginalNextHop; set keepOriginalNextHop to false or drop it).'));
  }
  if (isSet(s.node)) problems.push(...checkName('spec.node', s.node!));
  problems.push(...checkSelector('spec.nodeSelector', s.nodeSelector));
  problems.push(...checkSelector('spec.peerSelector', s.peerSelector));
  problems.push(...checkSelector('spec.localWorkloadSelector', s.localWorkloadSelector));
  const peer = isSet(s.peerIP) ? parsePeerIP(s.peerIP!) : undefined;
  if (isSet(s.peerIP) && !peer) {
    problems.push(problem('spec.peerIP', 'calico.peer-ip',
      `'spec.peerIP' (${s.peerIP}) must be an IP address, 'IPv4:port' or '[IPv6]:port' with a port from 1 to 65535.`));
  }
  if (isSet(s.reachableBy)) {
    if (!isSet(s.peerIP)) {
      problems.push(problem('spec.reachableBy', 'calico.reachable-by-peer-ip',
        '\'spec.reachableBy\' needs \'spec.peerIP\': it adds a static route towards the peer IP.'));
    }
    const fam = isIP(s.reachableBy!);
    if (!fam) {
      problems.push(problem('spec.reachableBy', 'calico.reachable-by',
        `'spec.reachableBy' (${s.reachableBy}) must be an IP address.`));
    } else if (peer && fam !== peer.family) {
      problems.push(problem('spec.reachableBy', 'calico.reachable-by',
        `'spec.reachableBy' (${s.reachableBy}) must be an IPv${peer.family} address like 'spec.peerIP'.`));
    }
  }
  if (s.asNumber !== 0) problems.push(...checkAsNumber('spec.asNumber', s.asNumber));
  problems.push(...checkAsNumber('spec.localASNumber', s.localASNumber));
  problems.push(...checkInt('spec.ttlSecurity', s.ttlSecurity, 0, 255));
  problems.push(...checkInt('spec.numAllowedLocalASNumbers', s.numAllowedLocalASNumbers, 0, 2147483647));
  problems.push(...checkDuration('spec.maxRestartTime', s.maxRestartTime));
  problems.push(...checkDuration('spec.keepaliveTime', s.keepaliveTime));
  problems.push(...checkEnum('spec.nextHopMode', s.nextHopMode, NEXT_HOP_MODES));
  problems.push(...checkEnum('spec.sourceAddress', s.sourceAddress, SOURCE_ADDRESSES));
  problems.push(...checkEnum('spec.reversePeering', s.reversePeering, REVERSE_PEERING));
  if (Array.isArray(s.filters)) {
    s.filters.forEach((f, i) => problems.push(...checkName(`spec.filters[${i}]`, String(f))));
  }
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
    problems.push(problem('spec.nodeMeshPassword', 'calico.password-owned',
      '\'spec.nodeMeshPassword\' is set by the library from the \'password\' prop; do not set it in the spec.'));
  }
  if (problems.length === 0) problems.push(...checkFieldVersions(s, BGP_CONFIGURATION_FIELD_VERSIONS, version));
  const present = new Set(Object.entries(s).filter(([, v]) => v !== undefined).map(([k]) => k));
  if (options.withMeshPassword) present.add('nodeMeshPassword');
  if (options.name !== 'default') {
    for (const f of DEFAULT_ONLY_CONFIGURATION_FIELDS) {
      if (present.has(f)) {
        problems.push(problem(`spec.${f}`, 'calico.default-only',
          `'spec.${f}' is honoured only on the BGPConfiguration named 'default' (this one is '${options.name}'): calicoctl and calico-apiserver refuse it elsewhere, and calico-node ignores it.`));
      }
    }
  }
  if (s.nodeToNodeMeshEnabled === false) {
    for (const f of ['nodeMeshPassword', 'nodeMeshMaxRestartTime']) {
      if (present.has(f)) {
        problems.push(problem(`spec.${f}`, 'calico.mesh-disabled',
          `'spec.${f}' cannot be set when 'spec.nodeToNodeMeshEnabled' is false: there is no mesh to apply it to.`));
      }
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
    problems.push(problem('spec.logSeverityScreen', 'calico.log-severity',
      `'spec.logSeverityScreen' (${s.logSeverityScreen}) must be one of Trace, Debug, Info, Warning, Error, Fatal.`));
  }
  for (const f of ['localWorkloadPeeringIPV4', 'localWorkloadPeeringIPV6'] as const) {
    const want = f.endsWith('4') ? 4 : 6;
    if (s[f] !== undefined && isIP(String(s[f])) !== want) {
      problems.push(problem(`spec.${f}`, 'calico.ip', `'spec.${f}' (${s[f]}) must be an IPv${want} address.`));
    }
  }
  problems.push(...checkIgnoredInterfaces(s.ignoredInterfaces), ...checkCommunities(s, version));
  for (const f of ['serviceClusterIPs', 'serviceExternalIPs', 'serviceLoadBalancerIPs'] as const) {
    list(s[f]).forEach((b, i) => problems.push(...checkNet(`spec.${f}[${i}].cidr`, record(b).cidr, version)));
  }
  return problems;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

/** libcalico-go's `ignoredInterfaceRegex`. */
const IGNORED_INTERFACE = /^[a-zA-Z0-9_.*-]{1,15}$/;

/**
 * `ignoredInterfaces`: each entry 1 to 15 characters of letters, digits, `_`, `.`, `-` and the
 * wildcard `*`, and not `*` alone (`validateIgnoredInterface`). confd writes each entry unescaped
 * into bird.cfg as `-"<name>"`, so a quote there injects configuration, as in a password.
 */
function checkIgnoredInterfaces(value: readonly string[] | undefined): Problem[] {
  return list(value).flatMap((v, i) => {
    const name = String(v);
    const field = `spec.ignoredInterfaces[${i}]`;
    if (name === '*') {
      return [problem(field, 'calico.ignored-interface',
        `'${field}' must not be '*' alone: that would ignore every interface; name the interfaces, with '*' as a wildcard inside a name (e.g. 'veth*').`)];
    }
    if (!IGNORED_INTERFACE.test(name)) {
      return [problem(field, 'calico.ignored-interface',
        `'${field}' (${JSON.stringify(name)}) must be an interface name of 1 to 15 letters, digits, '_', '.', '-' or '*' (^[a-zA-Z0-9_.*-]{1,15}$): confd writes it unescaped into bird.cfg as -"<name>", so any other character could inject configuration.`)];
    }
    return [];
  });
}

const STANDARD_COMMUNITY = /^(\d+):(\d+)$/;
const LARGE_COMMUNITY = /^(\d+):(\d+):(\d+)$/;

/** Whether `value` is a community literal, and whether its parts fit (16 bits each for `aa:nn`, 32 for `aa:nn:mm`). */
function communityLiteral(value: string): 'valid' | 'out-of-range' | undefined {
  const large = LARGE_COMMUNITY.test(value);
  if (!large && !STANDARD_COMMUNITY.test(value)) return undefined;
  const max = large ? 4294967295 : 65535;
  return value.split(':').every((part) => Number(part) <= max) ? 'valid' : 'out-of-range';
}

function communityRangeProblem(field: string, value: string): Problem {
  const bits = LARGE_COMMUNITY.test(value) ? 'a large community \'aa:nn:mm\' has three 32-bit parts (0-4294967295)' : 'a standard community \'aa:nn\' has two 16-bit parts (0-65535)';
  return problem(field, 'calico.community', `'${field}' (${value}) is out of range: ${bits}.`);
}

/**
 * `communities` and `prefixAdvertisements` (`validateBGPConfigurationSpec`, the Community and
 * PrefixAdvertisement tags, and the release-v3.33 CRD's CEL rule and maxItems).
 */
function checkCommunities(s: BgpConfigurationSpec, version: string): Problem[] {
  const problems: Problem[] = [];
  const communities = list(s.communities).map(record);
  const advertisements = list(s.prefixAdvertisements).map(record);
  communities.forEach((c, i) => {
    const at = `spec.communities[${i}]`;
    if (!isSet(c.name)) problems.push(problem(`${at}.name`, 'calico.community-name', `'${at}.name' is required: prefixAdvertisements refer to a community by its name.`));
    else problems.push(...checkName(`${at}.name`, String(c.name)).map((p) => ({ ...p, rule: 'calico.community-name' })));
    if (!isSet(c.value)) {
      problems.push(problem(`${at}.value`, 'calico.community',
        `'${at}.value' is required: 'aa:nn' (standard community) or 'aa:nn:mm' (large community).`));
      return;
    }
    const value = String(c.value);
    if (value.length > 40) {
      problems.push(problem(`${at}.value`, 'calico.max-length',
        `'${at}.value' is ${value.length} characters long; Calico allows at most 40.`));
    }
    const literal = communityLiteral(value);
    if (literal === undefined) {
      problems.push(problem(`${at}.value`, 'calico.community',
        `'${at}.value' (${value}) must be 'aa:nn' (standard community, 16-bit parts) or 'aa:nn:mm' (large community, 32-bit parts).`));
    } else if (literal === 'out-of-range') {
      problems.push(communityRangeProblem(`${at}.value`, value));
    }
  });
  if (communities.length > 0 && advertisements.length === 0) {
    problems.push(problem('spec.communities', 'calico.communities-unused',
      '\'spec.communities\' are defined but not used: Calico requires \'spec.prefixAdvertisements\' to go with them (communities are only attached to advertised prefixes).'));
  }
  const names = new Set(communities.map((c) => c.name));
  advertisements.forEach((p, i) => {
    const at = `spec.prefixAdvertisements[${i}]`;
    if (!isSet(p.cidr)) problems.push(problem(`${at}.cidr`, 'calico.cidr', `'${at}.cidr' is required: the prefix whose advertisement carries the communities.`));
    else problems.push(...checkNet(`${at}.cidr`, p.cidr, version));
    if (p.communities === undefined || p.communities === null) {
      problems.push(problem(`${at}.communities`, 'calico.community',
        `'${at}.communities' is required: the community names or values to attach to ${isSet(p.cidr) ? String(p.cidr) : 'the prefix'}.`));
      return;
    }
    const used = list(p.communities);
    if (used.length > 50) {
      problems.push(problem(`${at}.communities`, 'calico.max-items',
        `'${at}.communities' has ${used.length} entries; Calico allows at most 50.`));
    }
    used.forEach((v, j) => {
      const value = String(v);
      const field = `${at}.communities[${j}]`;
      const literal = communityLiteral(value);
      const undefinedName = literal === undefined && !names.has(value);
      if (literal === 'out-of-range') problems.push(communityRangeProblem(field, value));
      if (undefinedName) {
        problems.push(problem(field, 'calico.community-undefined',
          `'${field}' (${value}) is neither a community defined in 'spec.communities' nor a literal 'aa:nn' or 'aa:nn:mm'.`));
      }
    });
  });
  for (const [f, n] of [['communities', communities.length], ['prefixAdvertisements', advertisements.length]] as const) {
    if (n > 500) {
      problems.push(problem(`spec.${f}`, 'calico.max-items',
        `'spec.${f}' has ${n} entries; Calico allows at most 500.`));
    }
  }
  return problems;
}

/** Which parts of Calico refuse a rule of {@link checkBgpPeerSpec} / {@link checkBgpConfigurationSpec}. */
export interface CalicoRuleSource {
  /**
   * calicoctl and calico-apiserver refuse it at every release the library supports: libcalico-go's
   * validator (`validator.go`, and clientv3's default-only check) through 3.32; from 3.33 some
   * cross-field rules moved from the validator into the CRD's CEL rules, which calico-apiserver
   * applies too (upstream commit a30cddfe90, "Expand CEL XValidation coverage for v3 API types").
   */
  readonly validator: boolean;
  /**
   * The first release whose CRD (OpenAPI schema or CEL rule) refuses it, so that kube-apiserver
   * rejects the object even when written without calicoctl; undefined when no CRD does.
   */
  readonly crdSince?: CalicoVersion;
  /** The library's own rule, stricter than Calico (Calico accepts what it refuses). */
  readonly library: boolean;
}

const VALIDATOR: CalicoRuleSource = { validator: true, library: false };
const LIBRARY: CalicoRuleSource = { validator: false, library: true };
const crd = (since: CalicoVersion, validator = false): CalicoRuleSource => ({
  validator,
  crdSince: since,
  library: false,
});

/** Sources by rule id (checked against each release's validator.go and CRDs). */
const RULE_SOURCES: Readonly<Record<string, CalicoRuleSource>> = {
  'calico.version': LIBRARY,
  'calico.unknown-field': LIBRARY,
  'calico.password-owned': LIBRARY,
  'calico.field-version': LIBRARY,
  'calico.peer-target': LIBRARY,
  'calico.exclusive': crd('3.32', true),
  'calico.as-with-peer-selector': crd('3.32', true),
  'calico.local-workload-as': crd('3.32', true),
  'calico.next-hop-exclusive': crd('3.33', true),
  'calico.reachable-by-peer-ip': crd('3.33', true),
  'calico.reachable-by': VALIDATOR,
  'calico.selector': VALIDATOR,
  'calico.selector-length': crd('3.33'),
  'calico.peer-ip': VALIDATOR,
  'calico.as-number': VALIDATOR,
  'calico.range': VALIDATOR,
  'calico.duration': VALIDATOR,
  'calico.enum': crd('3.32'),
  'calico.log-severity': crd('3.32'),
  'calico.ip': VALIDATOR,
  'k8s.name': VALIDATOR,
  'calico.default-only': VALIDATOR,
  'calico.mesh-disabled': crd('3.32', true),
  'calico.communities-unused': crd('3.33', true),
  'calico.community': crd('3.28', true),
  'calico.community-name': VALIDATOR,
  'calico.community-undefined': VALIDATOR,
  'calico.cidr': VALIDATOR,
  'calico.cidr-format': crd('3.32'),
  'calico.ignored-interface': VALIDATOR,
  'calico.max-items': crd('3.33'),
  'calico.max-length': crd('3.33'),
};

/** Where Calico enforces the rule `p` breaks (see {@link CalicoRuleSource}). */
export function calicoRuleSource(p: Problem): CalicoRuleSource {
  return RULE_SOURCES[p.rule] ?? LIBRARY;
}

/**
 * Whether Calico `calicoVersion` refuses the object that has problem `p` when it is applied: its
 * validator refuses it (calicoctl, calico-apiserver), or that release's CRD does. False for the
 * library's own rules and for CEL rules newer than the release.
 */
export function calicoRefuses(p: Problem, calicoVersion: string): boolean {
  const source = calicoRuleSource(p);
  return source.validator || (source.crdSince !== undefined && versionAtLeast(calicoVersion, source.crdSince));
}
