/**
 * checkBgpPeerSpec / checkBgpConfigurationSpec against libcalico-go's own validator table
 * (test/fixtures/upstream/calico/validator.json, every BGPPeer and BGPConfiguration entry of
 * validator_test.go at the pinned commit).
 *
 * Upstream validates a whole object (`object: true`) with its Go validator and the CRD (schema and
 * CEL), and a bare spec with the Go validator only. The library tags each rule with where Calico
 * enforces it (`calicoRuleSource`), so the verdict compared is: no problem from a rule the Go
 * validator enforces, nor, for whole objects, from a rule of the CRD at the commit (release-v3.33).
 * Every case agrees.
 *
 * The library is deliberately stricter in a few places; those rules are tagged `library` and are
 * listed below with the cases they fire on, so a new one cannot creep in unnoticed.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BgpConfigurationSpec,
  BgpPeerSpec,
  Problem,
  calicoRefuses,
  calicoRuleSource,
  checkBgpConfigurationSpec,
  checkBgpPeerSpec,
  versionAtLeast,
} from '../../support/core';

interface Entry {
  readonly description: string;
  readonly object: boolean;
  readonly name?: string;
  readonly spec: Record<string, unknown>;
  readonly valid: boolean;
}

const TABLE: { commit: string; bgpPeer: Entry[]; bgpConfiguration: Entry[] } = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../fixtures/upstream/calico/validator.json'), 'utf8'));

/** The CRD generation upstream's `Validate` applies at the pinned commit. */
const UPSTREAM_CRD = '3.33';

function without(spec: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _omitted, ...rest } = spec;
  return rest;
}

function peerProblems(e: Entry): Problem[] {
  return checkBgpPeerSpec(without(e.spec, 'password') as BgpPeerSpec, { calicoVersion: UPSTREAM_CRD });
}

function configurationProblems(e: Entry): Problem[] {
  return checkBgpConfigurationSpec(without(e.spec, 'nodeMeshPassword') as BgpConfigurationSpec,
    { name: e.name ?? 'default', calicoVersion: UPSTREAM_CRD, withMeshPassword: 'nodeMeshPassword' in e.spec });
}

/**
 * The cross-field rules the pinned commit moved from validator.go into the CRD's CEL rules ("...
 * are handled by CEL XValidation rules on BGPPeerSpec", "... on BGPConfigurationSpec"): upstream's
 * Go validator no longer checks them, so a bare spec escapes them there.
 */
const MOVED_TO_CEL = new Set(['calico.exclusive', 'calico.as-with-peer-selector', 'calico.local-workload-as', 'calico.next-hop-exclusive',
  'calico.reachable-by-peer-ip', 'calico.mesh-disabled', 'calico.communities-unused']);

/** The problems upstream's `Validate` would report for this entry. */
function upstreamRefusals(e: Entry, problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => {
    const source = calicoRuleSource(p);
    const goValidator = source.validator && !MOVED_TO_CEL.has(p.rule);
    return goValidator || (e.object && source.crdSince !== undefined && versionAtLeast(UPSTREAM_CRD, source.crdSince));
  });
}

/**
 * The library's own rules that fire on cases upstream accepts, with the reason for each. Keyed by
 * the entry's description; every other valid case draws no problem at all.
 */
const DELIBERATE: Readonly<Record<string, { rules: string[]; reason: string }>> = {
  'BGPPeer with valid SourceAddress UseNodeIP': {
    rules: ['calico.peer-target'],
    reason: 'a BGPPeer with neither peerIP, peerSelector nor localWorkloadSelector configures no peering; the library refuses to emit one',
  },
  'BGPPeer with valid SourceAddress None': {
    rules: ['calico.peer-target'],
    reason: 'same: no one to peer with',
  },
  'BGPPeer with valid MaxRestartTime': {
    rules: ['calico.peer-target'],
    reason: 'same: no one to peer with',
  },
  'should accept a valid BGP clusterIPs: 1.2.3.4': {
    rules: ['calico.cidr-format'],
    reason: 'a bare spec is checked by the Go validator only, which accepts an address; the 3.32+ CRD declares format: cidr and refuses it, and the library targets that CRD',
  },
  'should accept a valid BGP externalIPs: 8.8.8.8': { rules: ['calico.cidr-format'], reason: 'same as serviceClusterIPs' },
  'should accept valid IPv6 BGP clusterIP': { rules: ['calico.cidr-format'], reason: 'same as serviceClusterIPs' },
  'should accept valid IPv6 BGP externalIP': { rules: ['calico.cidr-format'], reason: 'same as serviceClusterIPs' },
};

describe('the ported upstream validator table', () => {
  it('holds every BGPPeer and BGPConfiguration entry of validator_test.go', () => {
    expect(TABLE.commit).toBe('87c15906f20c4ca1fda55af92295e7678b0cc0b2');
    expect([TABLE.bgpPeer.length, TABLE.bgpConfiguration.length]).toEqual([41, 39]);
  });
});

describe.each([
  ['BGPPeer', TABLE.bgpPeer, peerProblems],
  ['BGPConfiguration', TABLE.bgpConfiguration, configurationProblems],
] as const)('%s: the library refuses exactly what upstream refuses', (_, entries, check) => {
  it.each(entries.map((e, i) => [i, e.description, e] as const))('#%i %s', (_i, _d, e) => {
    const problems = check(e);
    const refused = upstreamRefusals(e, problems);
    // THEN the verdict is upstream's
    expect(refused.length === 0, refused.map((p) => p.message).join('\n')).toBe(e.valid);
    // AND on a valid case, only the listed stricter rules of the library fire
    if (e.valid) {
      expect(problems.map((p) => p.rule).sort()).toEqual(DELIBERATE[e.description]?.rules ?? []);
      // (none of them is a refusal at a release whose CRD has no format: cidr)
      for (const p of problems) expect(calicoRefuses(p, '3.31')).toBe(false);
    }
  });
});

describe('the deliberate differences', () => {
  it('each names a real upstream case and gives a reason', () => {
    const descriptions = new Set([...TABLE.bgpPeer, ...TABLE.bgpConfiguration].map((e) => e.description));
    for (const [d, { rules, reason }] of Object.entries(DELIBERATE)) {
      expect(descriptions.has(d), d).toBe(true);
      if (rules.length) expect(reason.length).toBeGreaterThan(10);
    }
  });
});
