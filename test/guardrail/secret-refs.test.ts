/**
 * secretKeyRefs that can never resolve: a name that is not a DNS-1123 subdomain, a key outside
 * `[-._a-zA-Z0-9]+` (or `.`, a `..` prefix). The CRDs admit them and calico-node fails open; the
 * guardrail denies them (on peers, and on `default`'s nodeMeshPassword whatever requireMeshPassword
 * says), the audit reports them under the same rule, and the core refuses them in the library's own props.
 */
import { describe, expect, it } from 'vitest';
import { checkSecretKey, planSecuredBgpPeer } from '../support/core';
import { auditObjects } from '../../lib/audit';
import { buildBgpPasswordGuardrail, type BgpPasswordGuardrailProps } from '../../lib/guardrail';
import * as k from 'calico-bgp-auth/cdk8s';
import * as p from 'calico-bgp-auth/pulumi';
import { Chart, Testing } from 'cdk8s';
import { admit } from './admission';
import { startMockStack } from '../pulumi/support/mock-stack';
import { validationError } from '../support/errors';

type Obj = Record<string, unknown>;
const peer = (ref: Obj): Obj => ({
  apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'tor' },
  spec: { peerIP: '10.0.0.1', asNumber: 65001, password: { secretKeyRef: ref } },
});
const mesh = (ref: Obj, spec: Obj = {}): Obj => ({
  apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration', metadata: { name: 'default' }, spec: { ...spec, nodeMeshPassword: { secretKeyRef: ref } },
});
function denied(object: Obj, props: BgpPasswordGuardrailProps = {}): string[] {
  const g = buildBgpPasswordGuardrail(props);
  return admit(g.policy as Obj, object).failures.map((f) => g.validations[f.index].rule).sort();
}
const audited = (object: Obj) => auditObjects([object]).findings.filter((f) => f.rule === 'secret.invalid-ref').map((f) => f.message);

const BAD: Array<[string, Obj]> = [
  ['a blank name and key', { name: ' ', key: ' ' }],
  ['an uppercase name and a key with a slash', { name: 'NOT_A_NAME', key: 'a/b' }],
  ['a name with a trailing dash', { name: 'bgp-', key: 'password' }],
  ['a name of 254 characters', { name: 'a'.repeat(254), key: 'password' }],
  ['a key with a space', { name: 'bgp-secrets', key: 'my password' }],
  ['the key "."', { name: 'bgp-secrets', key: '.' }],
  ['a key starting with ".."', { name: 'bgp-secrets', key: '..password' }],
  ['a key of 254 characters', { name: 'bgp-secrets', key: 'k'.repeat(254) }],
];
const GOOD: Array<[string, Obj]> = [
  ['a dotted name and a key with - _ .', { name: 'bgp.secrets-1', key: 'rr_1.pass-word' }],
  ['253-character name and key', { name: 'a'.repeat(253), key: 'K'.repeat(253) }],
];

describe('secretKeyRefs that can never resolve', () => {
  it.each(BAD)('GIVEN a BGPPeer with %s THEN the guardrail denies it and the audit reports it, under secret.invalid-ref', (_what, ref) => {
    expect(denied(peer(ref))).toEqual(['secret.invalid-ref']);
    expect(audited(peer(ref))).toHaveLength(1);
  });

  it.each(BAD)('GIVEN default\'s nodeMeshPassword with %s THEN denied, with or without requireMeshPassword', (_what, ref) => {
    expect(denied(mesh(ref))).toEqual(['secret.invalid-ref']);
    expect(denied(mesh(ref), { requireMeshPassword: true })).toEqual(['secret.invalid-ref']);
    expect(audited(mesh(ref))).toHaveLength(1);
  });

  it.each(GOOD)('GIVEN %s THEN admitted, and the audit follows the reference instead', (_what, ref) => {
    expect(denied(peer(ref))).toEqual([]);
    expect(denied(mesh(ref), { requireMeshPassword: true })).toEqual([]);
    expect(audited(peer(ref))).toEqual([]);
    expect(auditObjects([peer(ref)]).findings.map((f) => f.rule)).toContain('secret.not-found');
  });

  it('names the field, the name and the key in the audit (they are not secret)', () => {
    const [message] = audited(peer({ name: 'NOT_A_NAME', key: 'a/b' }));
    expect(message).toContain('spec.password.secretKeyRef: name \'NOT_A_NAME\' is not a DNS-1123 subdomain, and its key \'a/b\' is not a Secret data key.');
  });

  it('leaves an exempt peer alone, and a mesh password on a disabled mesh to its own rule', () => {
    const exempt = { ...peer({ name: ' ', key: ' ' }), metadata: { name: 'tor', labels: { 'calico-bgp-auth/allow-unauthenticated': 'true' } } };
    expect(denied(exempt)).toEqual([]);
    expect(denied(mesh({ name: ' ', key: ' ' }, { nodeToNodeMeshEnabled: false }))).toEqual(['mesh.password-mesh-disabled']);
  });
});

describe('the library\'s own props', () => {
  it.each(['.', '..', '..x', 'a/b', ' ', '', 'k'.repeat(254)])('refuses the Secret key %j', (key) => {
    expect(checkSecretKey('secretKey', key).map((x) => x.rule)).toEqual(['k8s.secret-key']);
  });

  it('refuses an existing Secret named NOT_A_NAME with key a/b in the core plan and both engines, naming each field', async () => {
    expect(() => planSecuredBgpPeer({ name: 'tor', spec: { peerIP: '10.0.0.1', asNumber: 65001 }, secret: { mode: 'existing', name: 'NOT_A_NAME', key: 'a/b' } }))
      .toThrow(/'secret.name' \(NOT_A_NAME\) must be a DNS-1123 subdomain[\s\S]*'secret.key' \(a\/b\) must be a Secret data key/);
    const app = Testing.app();
    new k.SecuredBgpPeer(new Chart(app, 'test'), 'tor', { peerIP: '10.0.0.1', asNumber: 65001, password: k.BgpPassword.fromExistingSecret({ name: ' ', key: '..' }) });
    const messages = app.node.findAll().flatMap((c) => c.node.validate()).join('\n');
    expect(messages).toContain('must be a DNS-1123 subdomain');
    expect(messages).toContain('must be a Secret data key');
    await startMockStack();
    const rules = validationError(() => new p.SecuredBgpPeer('tor', { peerIP: '10.0.0.1', asNumber: 65001, password: p.BgpPassword.fromExistingSecret({ name: ' ', key: '.' }) }))
      .problems.map((x) => x.rule);
    expect(rules).toEqual(expect.arrayContaining(['k8s.name', 'k8s.secret-key']));
  });
});
