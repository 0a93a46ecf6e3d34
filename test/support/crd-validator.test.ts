import { describe, expect, it } from 'vitest';
import { CelRules } from './crd-cel';
import { CrdValidator, validateAgainstCrd, validateObject, type CalicoVersion } from './crd-validator';

const V3 = 'projectcalico.org/v3';
const V1 = 'crd.projectcalico.org/v1';
const SECRET_REF = { secretKeyRef: { name: 's', key: 'k' } };

const peer = (spec: Record<string, unknown>, apiVersion = V3) =>
  ({ apiVersion, kind: 'BGPPeer', metadata: { name: 'rack1-tor1' }, spec });
const bgpConfig = (spec: Record<string, unknown>, apiVersion = V3) =>
  ({ apiVersion, kind: 'BGPConfiguration', metadata: { name: 'default' }, spec });
const VALID_PEER_SPEC = { peerIP: '10.0.0.1', asNumber: 64512, password: SECRET_REF };
const expected = (message: string, alsoFails?: string) => [`spec: ${message}`, ...(alsoFails ? [`spec: ${alsoFails}`] : [])];

type RuleCase = [name: string, make: (apiVersion: string) => object, message: string, alsoFails?: string];

/**
 * Each upstream CEL rule: an object that breaks that rule, and the rule's message. Only one case
 * cannot break its rule alone: with peerSelector, asNumber must be empty, and with
 * localWorkloadSelector it is required.
 */
const RULES_3_32: RuleCase[] = [
  ['node + nodeSelector', (a) => peer({ ...VALID_PEER_SPEC, node: 'n1', nodeSelector: 'rack == "1"' }, a),
    'node and nodeSelector cannot both be set'],
  ['peerIP + peerSelector', (a) => peer({ peerIP: '10.0.0.1', peerSelector: 'tor == "1"' }, a),
    'peerIP and peerSelector cannot both be set'],
  ['peerSelector + asNumber', (a) => peer({ peerSelector: 'tor == "1"', asNumber: 64512 }, a),
    'asNumber must be empty when peerSelector is set'],
  ['localWorkloadSelector + peerIP', (a) => peer({ localWorkloadSelector: 'app == "lb"', peerIP: '10.0.0.1', asNumber: 64512 }, a),
    'peerIP must be empty when localWorkloadSelector is set'],
  ['localWorkloadSelector + peerSelector', (a) => peer({ localWorkloadSelector: 'app == "lb"', peerSelector: 'x == "y"' }, a),
    'peerSelector must be empty when localWorkloadSelector is set',
    'asNumber is required when localWorkloadSelector is set'],
  ['localWorkloadSelector without asNumber', (a) => peer({ localWorkloadSelector: 'app == "lb"' }, a),
    'asNumber is required when localWorkloadSelector is set'],
  ['nodeMeshPassword with the mesh off', (a) => bgpConfig({ nodeToNodeMeshEnabled: false, nodeMeshPassword: SECRET_REF }, a),
    'nodeMeshPassword cannot be set when nodeToNodeMeshEnabled is false'],
  ['nodeMeshMaxRestartTime with the mesh off', (a) => bgpConfig({ nodeToNodeMeshEnabled: false, nodeMeshMaxRestartTime: '120s' }, a),
    'nodeMeshMaxRestartTime cannot be set when nodeToNodeMeshEnabled is false'],
];

const RULES_3_33_ONLY: RuleCase[] = [
  ['reachableBy without peerIP', (a) => peer({ peerSelector: 'tor == "1"', reachableBy: '10.0.0.254' }, a),
    'reachableBy must be empty when peerIP is empty'],
  ['keepOriginalNextHop with nextHopMode', (a) => peer({ ...VALID_PEER_SPEC, keepOriginalNextHop: true, nextHopMode: 'Keep' }, a),
    'keepOriginalNextHop and nextHopMode cannot both be set; keepOriginalNextHop is deprecated, use nextHopMode instead'],
  ['communities not used by prefixAdvertisements', (a) => bgpConfig({ communities: [{ name: 'c', value: '65000:100' }] }, a),
    'communities are defined but not used in prefixAdvertisements'],
];

describe('Calico CRDs v3.32.1 (default)', () => {
  it.each([V3, V1])('GIVEN a valid BGPPeer (%s) THEN there are no errors', (apiVersion) => {
    expect(validateAgainstCrd(peer(VALID_PEER_SPEC, apiVersion))).toEqual([]);
    expect(validateObject(peer(VALID_PEER_SPEC, apiVersion))).toEqual([]);
  });

  it.each(RULES_3_32.flatMap(([name, make, msg, also]) => [V3, V1].map((a) => [name, a, make, msg, also] as const)))(
    'CEL rule "%s" (%s) fails with the upstream message', (_name, apiVersion, make, message, also) => {
      expect(validateAgainstCrd(make(apiVersion))).toEqual(expected(message, also));
    });

  it('GIVEN empty strings in exclusive pairs THEN the rules pass, as upstream size() checks allow', () => {
    expect(validateAgainstCrd(peer({ ...VALID_PEER_SPEC, node: '', nodeSelector: 'all()' }))).toEqual([]);
    expect(validateAgainstCrd(peer({ peerSelector: 'tor == "1"', asNumber: 0 }))).toEqual([]);
    expect(validateAgainstCrd(bgpConfig({ nodeToNodeMeshEnabled: true, nodeMeshPassword: SECRET_REF }))).toEqual([]);
  });

  it('3.33-only rules do not exist in 3.32.1', () => {
    for (const [, make] of RULES_3_33_ONLY) expect(validateAgainstCrd(make(V3))).toEqual([]);
  });

  it('reports unknown fields (what API-server pruning would silently drop)', () => {
    expect(validateAgainstCrd(peer({ ...VALID_PEER_SPEC, peerIp: '10.0.0.2' }))).toEqual(['unknown field "spec.peerIp"']);
    expect(validateAgainstCrd(peer({ ...VALID_PEER_SPEC, password: { secretKeyRef: { name: 's', key: 'k', nmae: 'x' } } })))
      .toEqual(['unknown field "spec.password.secretKeyRef.nmae"']);
    expect(validateAgainstCrd({ ...peer(VALID_PEER_SPEC), specs: {} })).toEqual(['unknown field "specs"']);
    expect(validateAgainstCrd({ ...peer(VALID_PEER_SPEC), metadata: { name: 'a', lables: {} } }))
      .toEqual(['unknown field "metadata.lables"']);
  });

  it('rejects metadata.namespace on cluster-scoped kinds, and a missing or invalid name', () => {
    expect(validateAgainstCrd({ ...peer(VALID_PEER_SPEC), metadata: { name: 'rack1-tor1', namespace: 'kube-system' } }))
      .toEqual(['metadata.namespace: must not be set: BGPPeer is cluster-scoped']);
    expect(validateAgainstCrd({ ...bgpConfig({}), metadata: { name: 'default', namespace: 'x' } }))
      .toEqual(['metadata.namespace: must not be set: BGPConfiguration is cluster-scoped']);
    expect(validateAgainstCrd({ ...peer(VALID_PEER_SPEC), metadata: {} })).toEqual(['metadata.name: is required']);
    expect(validateAgainstCrd({ ...peer(VALID_PEER_SPEC), metadata: { name: 'Rack_1' } })[0]).toMatch(/not a DNS-1123 subdomain/);
  });

  it('rejects wrong types and enum values', () => {
    expect(validateAgainstCrd(peer({ ...VALID_PEER_SPEC, asNumber: 'x' }))).toEqual(['spec.asNumber: must be integer']);
    expect(validateAgainstCrd(peer({ ...VALID_PEER_SPEC, nextHopMode: 'Never' })))
      .toEqual(['spec.nextHopMode: must be one of ["Auto","Self","Keep"] (got "Never")']);
    expect(validateAgainstCrd(peer({ ...VALID_PEER_SPEC, password: { secretKeyRef: { name: 's' } } })))
      .toEqual(["spec.password.secretKeyRef: must have required property 'key'"]);
  });

  it('does not range-check format int32 (the API server does not; 4-byte ASNs are valid)', () => {
    expect(validateAgainstCrd(peer({ ...VALID_PEER_SPEC, asNumber: 4200000000 }))).toEqual([]);
  });

  it.each(['info', 'Info', 'INFO', 'Debug', ''])('RE2 (?i) pattern: logSeverityScreen %j passes', (level) => {
    expect(validateAgainstCrd(bgpConfig({ logSeverityScreen: level }))).toEqual([]);
  });

  it('RE2 (?i) pattern: logSeverityScreen "loud" fails', () => {
    expect(validateAgainstCrd(bgpConfig({ logSeverityScreen: 'loud' })))
      .toEqual(['spec.logSeverityScreen: must match pattern "^(?i)(Trace|Debug|Info|Warning|Error|Fatal)?$" (got "loud")']);
  });

  it('checks format cidr', () => {
    expect(validateAgainstCrd(bgpConfig({ serviceClusterIPs: [{ cidr: '10.96.0.0/12' }, { cidr: 'fd00::/108' }] }))).toEqual([]);
    expect(validateAgainstCrd(bgpConfig({ serviceClusterIPs: [{ cidr: '10.96.0.0' }] })))
      .toEqual(['spec.serviceClusterIPs[0].cidr: must match format "cidr"']);
  });
});

describe('Calico CRDs release-v3.33-branch', () => {
  const version: CalicoVersion = 'release-v3.33-branch';
  it('accepts the valid BGPPeer', () => {
    expect(validateAgainstCrd(peer(VALID_PEER_SPEC), { version })).toEqual([]);
  });
  it.each([...RULES_3_32, ...RULES_3_33_ONLY])('CEL rule "%s" fails with the upstream message', (_name, make, message, also) => {
    expect(validateAgainstCrd(make(V3), { version })).toEqual(expected(message, also));
    expect(validateAgainstCrd(make(V1), { version })).toEqual(expected(message, also));
  });
  it('has selectors of at most 1024 characters', () => {
    expect(validateAgainstCrd(peer({ peerSelector: 'a'.repeat(1025) }), { version }))
      .toEqual(['spec.peerSelector: must NOT have more than 1024 characters']);
    expect(validateAgainstCrd(peer({ peerSelector: 'a'.repeat(1025) }))).toEqual([]);
  });
});

describe('Calico CRDs v3.28.5', () => {
  const version: CalicoVersion = 'v3.28.5';
  it('validates projectcalico.org/v3 against the v1 schema (no native v3 CRDs before 3.32)', () => {
    expect(validateAgainstCrd(peer(VALID_PEER_SPEC), { version })).toEqual([]);
    expect(validateAgainstCrd(peer(VALID_PEER_SPEC, V1), { version })).toEqual([]);
  });
  it('rejects fields added after 3.28', () => {
    expect(validateAgainstCrd(peer({ ...VALID_PEER_SPEC, keepaliveTime: '30s' }), { version }))
      .toEqual(['unknown field "spec.keepaliveTime"']);
    expect(validateAgainstCrd(peer({ ...VALID_PEER_SPEC, nextHopMode: 'Self' }), { version }))
      .toEqual(['unknown field "spec.nextHopMode"']);
  });
  it('has no CEL rules', () => {
    const v = new CrdValidator({ version });
    expect(v.rules(V1, 'BGPPeer')).toEqual([]);
    expect(validateAgainstCrd(peer({ ...VALID_PEER_SPEC, node: 'n1', nodeSelector: 'all()' }), { version })).toEqual([]);
  });
});

describe('CEL rule inventory', () => {
  it.each<[CalicoVersion, number, number]>([['v3.32.1', 6, 2], ['release-v3.33-branch', 8, 3], ['v3.28.5', 0, 0]])(
    '%s: every rule compiles and evaluates (BGPPeer %i, BGPConfiguration %i)', (version, peerRules, configRules) => {
      const v = new CrdValidator({ version });
      const apiVersions = version === 'v3.28.5' ? [V1] : [V3, V1];
      for (const a of apiVersions) {
        expect(v.rules(a, 'BGPPeer')).toHaveLength(peerRules);
        expect(v.rules(a, 'BGPConfiguration')).toHaveLength(configRules);
        // An empty spec satisfies every rule; an evaluation error would be reported, not swallowed.
        expect(v.validate(peer({}, a))).toEqual([]);
        expect(v.validate(bgpConfig({}, a))).toEqual([]);
      }
    });

  it('fails loudly on rules @bufbuild/cel cannot compile', () => {
    const schema = (rule: string) => ({ 'type': 'object', 'x-kubernetes-validations': [{ rule, message: 'm' }] });
    expect(() => new CelRules(schema('self.items.isSorted()'))).toThrow(/does not provide \(isSorted\)/);
    expect(() => new CelRules(schema('self.?spec.orValue(1) == 1'))).toThrow(/does not parse/);
    expect(() => new CelRules(schema('has(spec.x)'))).toThrow(/unknown variables \(spec\)/);
  });

  it('reports a rule that errors at run time instead of passing it', () => {
    const rules = new CelRules({ 'type': 'object', 'x-kubernetes-validations': [{ rule: 'self.x == 1', message: 'x must be 1' }] });
    expect(rules.validate({ x: 1 })).toEqual([]);
    expect(rules.validate({ x: 2 })).toEqual(['(root): x must be 1']);
    expect(rules.validate({})[0]).toMatch(/CEL rule could not be evaluated/);
  });

  it('runs transition rules only when an old object is given', () => {
    const rules = new CelRules({
      type: 'object',
      properties: { name: { 'type': 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'name is immutable' }] } },
    });
    expect(rules.validate({ name: 'b' })).toEqual([]);
    expect(rules.validate({ name: 'b' }, { name: 'a' })).toEqual(['name: name is immutable']);
    expect(rules.validate({ name: 'a' }, { name: 'a' })).toEqual([]);
  });
});

describe('validateObject dispatch', () => {
  it('throws for kinds it does not know', () => {
    expect(() => validateObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } })).toThrow(/unknown apiVersion\/kind/);
    expect(() => validateAgainstCrd({ apiVersion: 'projectcalico.org/v3', kind: 'IPPool', metadata: { name: 'x' } })).toThrow(/No CRD/);
  });
});

describe('External Secrets Operator CRDs v2.9.0', () => {
  const password = (spec: Record<string, unknown>) => ({
    apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password',
    metadata: { name: 'bgp-password', namespace: 'kube-system' }, spec,
  });
  const externalSecret = (spec: Record<string, unknown>, apiVersion = 'external-secrets.io/v1') => ({
    apiVersion, kind: 'ExternalSecret', metadata: { name: 'bgp-password', namespace: 'kube-system' }, spec,
  });
  const ES_SPEC = {
    refreshPolicy: 'CreatedOnce',
    target: { name: 'bgp-password', creationPolicy: 'Owner' },
    dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'bgp-password' } } }],
  };

  it('accepts a valid Password generator; required fields with defaults are defaulted first', () => {
    expect(validateObject(password({ length: 32, symbols: 0, noUpper: false, allowRepeat: true, encoding: 'raw' }))).toEqual([]);
    expect(validateObject(password({ length: 32 }))).toEqual([]); // allowRepeat/noUpper: required, defaulted
  });

  it('rejects invalid Password generators', () => {
    expect(validateObject(password({ lenght: 32 }))).toEqual(['unknown field "spec.lenght"']);
    expect(validateObject(password({ length: '32' }))).toEqual(['spec.length: must be integer']);
    expect(validateObject(password({ encoding: 'base58' })))
      .toEqual(['spec.encoding: must be one of ["base64","base64url","base32","hex","raw"] (got "base58")']);
    expect(validateObject(password({ secretKeys: [] }))).toEqual(['spec.secretKeys: must NOT have fewer than 1 items']);
  });

  it('accepts a valid ExternalSecret', () => {
    expect(validateObject(externalSecret(ES_SPEC))).toEqual([]);
  });

  it('rejects invalid ExternalSecrets', () => {
    expect(validateObject(externalSecret({ ...ES_SPEC, refreshPolicy: 'Sometimes' }))[0]).toMatch(/^spec.refreshPolicy: must be one of/);
    expect(validateObject(externalSecret({ ...ES_SPEC, target: { nmae: 'x' } }))).toEqual(['unknown field "spec.target.nmae"']);
    expect(validateObject(externalSecret({ ...ES_SPEC, dataFrom: [{ sourceRef: { generatorRef: { name: 'p' } } }] })))
      .toEqual(["spec.dataFrom[0].sourceRef.generatorRef: must have required property 'kind'"]);
    expect(validateObject(externalSecret(ES_SPEC, 'external-secrets.io/v1beta1')))
      .toEqual(['apiVersion: external-secrets.io/v1beta1 is not served by externalsecrets.external-secrets.io (served: v1)']);
    expect(validateObject({ ...externalSecret(ES_SPEC), metadata: { namespace: 'kube-system' } })).toEqual(['metadata.name: is required']);
  });

  it('validates a ClusterGenerator, including its CEL rule', () => {
    const gen = (generator: Record<string, unknown>, kind = 'Password') => ({
      apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'ClusterGenerator', metadata: { name: 'bgp' }, spec: { kind, generator },
    });
    expect(validateObject(gen({ passwordSpec: { length: 32 } }))).toEqual([]);
    expect(validateObject({ ...gen({ passwordSpec: { length: 32 } }), metadata: { name: 'bgp', namespace: 'x' } }))
      .toEqual(['metadata.namespace: must not be set: ClusterGenerator is cluster-scoped']);
    const gitlab = (ids: Record<string, string>) => gen({
      gitlabDeployTokenSpec: { name: 'ci', scopes: ['read_registry'], auth: { token: { secretRef: { name: 't', key: 'k' } } }, ...ids },
    }, 'GitlabDeployToken');
    const rule = 'spec.generator.gitlabDeployTokenSpec: exactly one of projectID or groupID must be set';
    expect(validateObject(gitlab({ projectID: '1' }))).toEqual([]);
    expect(validateObject(gitlab({ projectID: '1', groupID: '2' }))).toEqual([rule]);
    expect(validateObject(gitlab({}))).toEqual([rule]);
  });
});
