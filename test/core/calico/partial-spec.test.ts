/**
 * `problemsOfKnownFields`: what a spec whose other fields are known only later (a Pulumi Output)
 * can be refused for at once. For valid specs, leaving out any set of fields must leave nothing to
 * refuse (else a valid program would be refused before its Outputs are known); a bad known value
 * must still be refused.
 */
import { describe, expect, it } from 'vitest';
import { BgpConfigurationSpec, BgpPeerSpec, checkMeshPassword, checkSecuredBgpPeer, problemsOfKnownFields } from '../../support/core';

/** Every sub-object of `spec` (its fields known so far). */
function knownParts<S extends object>(spec: S): S[] {
  let parts: Array<Partial<S>> = [{}];
  for (const key of Object.keys(spec) as (keyof S)[]) {
    parts = parts.flatMap((part) => [part, { ...part, [key]: spec[key] }]);
  }
  return parts as S[];
}

const PEERS: BgpPeerSpec[] = [
  { nodeSelector: "rack == 'r1'", peerIP: '10.1.0.1', asNumber: 65101, reachableBy: '10.1.0.254', ttlSecurity: 1 },
  { nodeSelector: 'all()', peerSelector: "route-reflector == 'true'", keepaliveTime: '30s' },
  { localWorkloadSelector: "app == 'bgp'", asNumber: 65010, nextHopMode: 'Self' },
];

const MESH: BgpConfigurationSpec = {
  asNumber: 64512,
  nodeMeshMaxRestartTime: '120s',
  communities: [{ name: 'edge', value: '64512:100' }],
  prefixAdvertisements: [{ cidr: '10.0.0.0/16', communities: ['edge', '64512:200'] }],
  serviceClusterIPs: [{ cidr: '10.96.0.0/12' }],
};

describe('problemsOfKnownFields', () => {
  it('refuses nothing at construction for a valid BGPPeer spec, whichever of its fields are known', () => {
    for (const spec of PEERS) {
      expect(checkSecuredBgpPeer({ name: 'p', spec })).toEqual([]);
      for (const known of knownParts(spec)) {
        expect(problemsOfKnownFields(checkSecuredBgpPeer({ name: 'p', spec: known })), JSON.stringify(known)).toEqual([]);
      }
    }
  });

  it('refuses nothing at construction for a valid mesh spec, whichever of its fields are known', () => {
    expect(checkMeshPassword({ spec: MESH })).toEqual([]);
    for (const known of knownParts(MESH)) {
      expect(problemsOfKnownFields(checkMeshPassword({ spec: known })), JSON.stringify(known)).toEqual([]);
    }
  });

  it('still refuses a bad known value, and two known fields that exclude each other', () => {
    const rules = (spec: BgpPeerSpec) => problemsOfKnownFields(checkSecuredBgpPeer({ name: 'p', spec })).map((p) => p.rule);
    expect(rules({ ttlSecurity: 300 })).toEqual(['calico.range']);
    expect(rules({ node: 'n1', nodeSelector: 'all()' })).toEqual(['calico.exclusive']);
    expect(rules({ peerIP: '10.0.0.999' })).toEqual(['calico.peer-ip']);
    expect(problemsOfKnownFields(checkMeshPassword({ spec: { nodeToNodeMeshEnabled: false } })).map((p) => p.rule))
      .toEqual(['calico.mesh-disabled']);
  });
});
