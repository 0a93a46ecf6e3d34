import { Problem, problem } from '../errors';

/** Calico minor releases the library knows. */
export const CALICO_VERSIONS = ['3.28', '3.29', '3.30', '3.31', '3.32', '3.33'] as const;
/** A Calico minor release, e.g. `3.32`. */
export type CalicoVersion = typeof CALICO_VERSIONS[number];
/** The release the library targets by default. */
export const DEFAULT_CALICO_VERSION: CalicoVersion = '3.32';

/**
 * BGPPeer fields newer than the 3.28 base set, and the release that introduced them (read from
 * `api/pkg/apis/projectcalico/v3/bgppeer.go` at the tags v3.29.0 to v3.32.0).
 */
export const BGP_PEER_FIELD_VERSIONS: Readonly<Record<string, CalicoVersion>> = {
  localWorkloadSelector: '3.30',
  localASNumber: '3.31',
  nextHopMode: '3.31',
  reversePeering: '3.31',
  keepaliveTime: '3.32',
};

/**
 * BGPConfiguration fields absent from the 3.28.5 CRD, and the release that introduced them, read
 * from `api/pkg/apis/projectcalico/v3/bgpconfig.go` at the tags v3.29.0 to v3.32.0:
 * `localWorkloadPeeringIPV4`/`IPV6` in 3.30.0 (with BGPPeer `localWorkloadSelector`),
 * `serviceLoadBalancerAggregation` in 3.31.0, the others in 3.32.0. A field older Calico does not
 * know is pruned silently by its CRD, which is worse than being refused here.
 */
export const BGP_CONFIGURATION_FIELD_VERSIONS: Readonly<Record<string, CalicoVersion>> = {
  localWorkloadPeeringIPV4: '3.30',
  localWorkloadPeeringIPV6: '3.30',
  ipv4NormalRoutePriority: '3.32',
  ipv6NormalRoutePriority: '3.32',
  programClusterRoutes: '3.32',
  serviceLoadBalancerAggregation: '3.31',
};

/** Enum values newer than their field. */
const ENUM_VALUE_VERSIONS: Readonly<Record<string, Record<string, CalicoVersion>>> = {
  programClusterRoutes: { EnabledIPIPOnly: '3.33', EnabledNoEncapOnly: '3.33' },
};

function cmp(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

/** Problems for an unknown `calicoVersion`. */
export function checkCalicoVersion(version: string): Problem[] {
  return (CALICO_VERSIONS as readonly string[]).includes(version) ? [] : [problem('calicoVersion', 'calico.version',
    `'calicoVersion' (${version}) must be one of ${CALICO_VERSIONS.join(', ')}.`)];
}

/** Problems for fields (and enum values) of `spec` newer than `version`. */
export function checkFieldVersions(spec: object, table: Readonly<Record<string, CalicoVersion>>, version: string, prefix = 'spec'): Problem[] {
  const problems: Problem[] = [];
  for (const [field, value] of Object.entries(spec)) {
    if (value === undefined) continue;
    const since = table[field];
    if (since && cmp(version, since) < 0) {
      problems.push(problem(`${prefix}.${field}`, 'calico.field-version',
        `'${prefix}.${field}' needs Calico ${since} or later; 'calicoVersion' is ${version}, whose CRD would silently drop it.`));
    }
    const valueSince = typeof value === 'string' ? ENUM_VALUE_VERSIONS[field]?.[value] : undefined;
    if (valueSince && cmp(version, valueSince) < 0) {
      problems.push(problem(`${prefix}.${field}`, 'calico.field-version',
        `'${prefix}.${field}' value ${value} needs Calico ${valueSince} or later; 'calicoVersion' is ${version}.`));
    }
  }
  return problems;
}
