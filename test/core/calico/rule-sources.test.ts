/**
 * `calicoRuleSource(...).crdSince` against the real CRDs: for each rule a CRD enforces, an object
 * breaking only that rule is run through the vendored CRDs of 3.28.5, 3.32.1 and release-v3.33
 * (schema, formats and CEL, test/support/crd-validator.ts). The CRD must refuse it exactly from the
 * release the core names, so the audit's error/warning split by release rests on the CRDs
 * themselves rather than on our reading of them.
 */
import { describe, expect, it } from 'vitest';
import {
  BgpConfigurationSpec,
  BgpPeerSpec,
  Problem,
  calicoRuleSource,
  checkBgpConfigurationSpec,
  checkBgpPeerSpec,
  versionAtLeast,
} from '../../support/core';
import { type CalicoVersion as CrdRelease, validateAgainstCrd } from '../../support/crd-validator';

const RELEASES: ReadonlyArray<[version: string, crd: CrdRelease, apiVersion: string]> = [
  ['3.28', 'v3.28.5', 'crd.projectcalico.org/v1'],
  ['3.32', 'v3.32.1', 'projectcalico.org/v3'],
  ['3.33', 'release-v3.33-branch', 'projectcalico.org/v3'],
];

const PEER: BgpPeerSpec = { peerIP: '192.0.2.1', asNumber: 64512 };
const REF = { secretKeyRef: { name: 's', key: 'k' } };

interface Case {
  readonly rule: string;
  readonly peer?: BgpPeerSpec;
  readonly config?: BgpConfigurationSpec & { nodeMeshPassword?: unknown };
  /** The release that introduced the fields the case needs; older CRDs do not know them. */
  readonly fieldsSince?: string;
}

const CASES: readonly Case[] = [
  { rule: 'calico.exclusive', peer: { ...PEER, node: 'n1', nodeSelector: 'has(a)' } },
  { rule: 'calico.as-with-peer-selector', peer: { peerSelector: 'has(rr)', asNumber: 64512 } },
  { rule: 'calico.local-workload-as', peer: { localWorkloadSelector: 'has(lb)' }, fieldsSince: '3.30' },
  { rule: 'calico.next-hop-exclusive', peer: { ...PEER, keepOriginalNextHop: true, nextHopMode: 'Self' }, fieldsSince: '3.31' },
  { rule: 'calico.reachable-by-peer-ip', peer: { peerSelector: 'has(rr)', reachableBy: '192.0.2.254' } },
  { rule: 'calico.selector-length', peer: { ...PEER, nodeSelector: `rack == '${'r'.repeat(1100)}'` } },
  { rule: 'calico.enum', peer: { ...PEER, sourceAddress: 'NodeIP' as never } },
  { rule: 'calico.log-severity', config: { logSeverityScreen: 'verbose' } },
  { rule: 'calico.mesh-disabled', config: { nodeToNodeMeshEnabled: false, nodeMeshPassword: REF } },
  { rule: 'calico.communities-unused', config: { communities: [{ name: 'c', value: '65000:1' }] } },
  { rule: 'calico.community', config: { communities: [{ name: 'c', value: '65000' }], prefixAdvertisements: [{ cidr: '10.0.0.0/8', communities: ['c'] }] } },
  { rule: 'calico.max-length', config: { communities: [{ name: 'c', value: `65000:${'0'.repeat(40)}` }], prefixAdvertisements: [{ cidr: '10.0.0.0/8', communities: ['c'] }] } },
  { rule: 'calico.cidr-format', config: { serviceClusterIPs: [{ cidr: '10.96.0.1' }] } },
  { rule: 'calico.max-items', config: { communities: Array.from({ length: 501 }, (_, i) => ({ name: `c${i}`, value: `65000:${i}` })), prefixAdvertisements: [{ cidr: '10.0.0.0/8', communities: ['c0'] }] } },
];

function coreProblems(c: Case): Problem[] {
  if (c.peer) return checkBgpPeerSpec(c.peer, { calicoVersion: '3.33' });
  const { nodeMeshPassword, ...spec } = c.config!;
  return checkBgpConfigurationSpec(spec, { name: 'default', calicoVersion: '3.33', withMeshPassword: nodeMeshPassword !== undefined });
}

function object(c: Case, apiVersion: string): object {
  return c.peer
    ? { apiVersion, kind: 'BGPPeer', metadata: { name: 'p' }, spec: { ...c.peer, password: REF } }
    : { apiVersion, kind: 'BGPConfiguration', metadata: { name: 'default' }, spec: c.config };
}

describe('the CRD releases the core names for its rules', () => {
  it.each(CASES.map((c) => [c.rule, c] as const))('%s', (_, c) => {
    // GIVEN an object breaking only this rule (as the core sees it at release-v3.33)
    const problems = coreProblems(c);
    expect(problems.map((p) => p.rule)).toEqual([c.rule]);
    const since = calicoRuleSource(problems[0]).crdSince;
    expect(since).toBeDefined();
    for (const [version, crd, apiVersion] of RELEASES.filter(([v]) => versionAtLeast(v, c.fieldsSince ?? '3.28'))) {
      // WHEN that release's CRD validates it THEN it refuses it exactly from the release the core names
      const errors = validateAgainstCrd(object(c, apiVersion), { version: crd });
      expect(errors.length > 0, `${c.rule} at ${version}: ${errors.join('; ')}`).toBe(versionAtLeast(version, since!));
    }
  });
});
