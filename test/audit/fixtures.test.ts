import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditOptions, Finding, auditManifests, readManifests } from '../../lib/audit';

const FIXTURES = path.resolve(__dirname, '../fixtures/audit');

function audit(file: string, options: AuditOptions = {}): Finding[] {
  return [...auditManifests(readManifests([path.join(FIXTURES, file)]), options).findings];
}

/** `severity rule kind/name` per finding, sorted: what the tests compare. */
function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.rule} ${f.kind}/${f.name}`).sort();
}

describe('audit of the Calico documentation recipe and its broken variants', () => {
  it('finds nothing in the recipe as documented', () => {
    // GIVEN the Secret, Role, RoleBinding and BGPPeer of Calico's "Secure BGP sessions" guide
    // WHEN auditing for an operator install
    const findings = audit('calico-docs-recipe.yaml', { install: 'operator' });
    // THEN there is nothing to fix
    expect(findings).toEqual([]);
  });

  it('reports the missing RoleBinding as fail-open, naming the unbound Role', () => {
    // GIVEN the recipe without its RoleBinding
    const findings = audit('recipe-rolebinding-missing.yaml');
    // THEN the peer is flagged: calico-node cannot read the Secret
    expect(summary(findings)).toEqual(['error rbac.missing BGPPeer/bgppeer-global-3040']);
    expect(findings[0].message).toContain('lacks list and watch on Secret \'calico-system/bgp-secrets\'');
    expect(findings[0].message).toContain('Role \'calico-system/secret-access\' would grant it');
  });

  it('reports a Secret in kube-system for an operator install, and suggests --install manifest', () => {
    // GIVEN the recipe written for kube-system
    // WHEN auditing for an operator install (calico-node reads calico-system)
    const findings = audit('recipe-secret-in-kube-system.yaml', { install: 'operator' });
    // THEN the Secret is in the wrong namespace and nothing grants access where calico-node looks
    expect(summary(findings)).toEqual([
      'error rbac.missing BGPPeer/bgppeer-global-3040',
      'error secret.wrong-namespace BGPPeer/bgppeer-global-3040',
    ]);
    expect(findings.find((f) => f.rule === 'secret.wrong-namespace')!.message).toContain('--install manifest');
  });

  it('finds nothing in the kube-system recipe for a manifest install', () => {
    // GIVEN the same objects WHEN auditing for a manifest install THEN they are right
    expect(audit('recipe-secret-in-kube-system.yaml', { install: 'manifest' })).toEqual([]);
  });

  it('reports a trailing newline in base64 data without printing the password', () => {
    // GIVEN the recipe with data holding "very-secret\n"
    const findings = audit('recipe-trailing-newline.yaml');
    // THEN the Secret breaks the newline and surrounding-whitespace floor rules
    expect(summary(findings)).toEqual([
      'error password.newline Secret/bgp-secrets',
      'error password.surrounding-whitespace Secret/bgp-secrets',
    ]);
    expect(findings[0]).toMatchObject({ namespace: 'calico-system', message: expect.stringContaining('Key \'rr-password\' in data.') });
    // AND no finding quotes the value
    expect(JSON.stringify(findings)).not.toContain('very-secret');
  });

  it('reports a peer with no password at all', () => {
    expect(summary(audit('peer-without-password.yaml'))).toEqual(['error peer.no-password BGPPeer/rack1-tor']);
  });
});

describe('audit fixtures, one per finding', () => {
  it.each([
    ['mesh.yaml', ['error mesh.password-not-default BGPConfiguration/node.worker-1',
      'warning mesh.no-password BGPConfiguration/default']],
    ['mesh-disabled-with-password.yaml', ['error mesh.password-mesh-disabled BGPConfiguration/default']],
    ['crd-api-group.yaml', ['error rbac.missing BGPPeer/rack2-tor', 'error secret.not-found BGPPeer/rack2-tor',
      'warning calico.crd-api-group BGPPeer/rack2-tor']],
    ['key-missing.yaml', ['error secret.key-missing BGPPeer/rack1-tor']],
    ['role-all-secrets.yaml', ['warning rbac.all-secrets Role/read-all-secrets']],
    ['cluster-role-binding.json', ['warning rbac.cluster-wide ClusterRoleBinding/calico-node-secret-reader']],
    ['password-floor.yaml', [
      'error password.control-character Secret/bgp-passwords',
      'error password.double-quote Secret/bgp-passwords',
      'error password.empty Secret/bgp-passwords',
      'error password.max-bytes Secret/bgp-passwords',
      'error password.surrounding-whitespace Secret/bgp-passwords',
      'error secret.invalid-base64 Secret/bgp-passwords',
      'warning password.not-utf8 Secret/bgp-passwords',
    ]],
  ])('%s', (file, expected) => {
    // GIVEN a fixture built to break one rule (its header comment says which)
    // WHEN auditing it THEN exactly those findings come out
    expect(summary(audit(file))).toEqual(expected);
  });

  it('reports the mesh password with the mesh disabled as an error at every release: Calico refuses the combination', () => {
    // calicoctl and calico-apiserver (libcalico-go's validator through 3.32, CEL from 3.33), and the CRD from 3.32
    for (const calicoVersion of ['3.28', '3.31', '3.32', '3.33']) {
      expect(summary(audit('mesh-disabled-with-password.yaml', { calicoVersion }))).toEqual(['error mesh.password-mesh-disabled BGPConfiguration/default']);
    }
  });

  it('names the key and the length of a value over 80 bytes, and never a value', () => {
    const findings = audit('password-floor.yaml');
    expect(findings.find((f) => f.rule === 'password.max-bytes')!.message).toContain('Key \'too-long\' in data. It is 81 bytes long.');
    const text = JSON.stringify(findings);
    for (const value of ['ab";#', 'xxxxxxxx', 'ab\tcd', ' abcdef', 'Zq8-vL2.mN4+pR7=']) expect(text).not.toContain(JSON.stringify(value).slice(1, -1));
  });

  it('tags every finding with the file and line of its object', () => {
    const findings = audit('mesh.yaml');
    expect(findings.map((f) => f.source!.replace(FIXTURES + path.sep, ''))).toEqual(['mesh.yaml:11', 'mesh.yaml:4']);
  });

  it('orders errors before warnings', () => {
    const severities = audit('password-floor.yaml').map((f) => f.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.lastIndexOf('error'));
  });
});
