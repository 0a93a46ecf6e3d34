/**
 * BgpPasswordValidation against cdk8s-cli's own ValidationContext and ValidationReport (the pinned
 * cdk8s-cli's classes, not a stand-in): what `cdk8s synth` builds, passes to `validate` and prints.
 * test/consumer/ runs it through the real `cdk8s synth` from the packed tarball.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ValidationContext } from 'cdk8s-cli/plugins';
import type { Validation } from 'cdk8s-cli/plugins';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { BgpPasswordValidation, ValidationError } from '../../lib';
import { validationError } from '../support/errors';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'audit');
const fixture = (name: string) => path.join(FIXTURES, `${name}.yaml`);
const scratch = mkdtempSync(path.join(tmpdir(), 'validation-plugin-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the plugin as cdk8s-cli does: a fresh context over `manifests`, then the report. */
async function validate(
  manifests: string[],
  properties: Record<string, unknown> = {},
  metadata: Record<string, { path: string }> = {},
) {
  const plugin: Validation = new BgpPasswordValidation(properties);
  const context = new ValidationContext(manifests, 'calico-bgp-auth', '0.0.0', metadata, false);
  await plugin.validate(context);
  return { success: context.report.success, json: context.report.toJson(), text: context.report.toString() };
}

function manifest(name: string, objects: unknown[]): string {
  const file = path.join(scratch, `${name}.k8s.yaml`);
  writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
  return file;
}

describe('BgpPasswordValidation under cdk8s-cli\'s validation context', () => {
  it('GIVEN a BGPPeer without a password WHEN validated THEN the report fails under peer.no-password, naming the peer, its construct, manifest and line', async () => {
    // GIVEN the peer, and the construct metadata cdk8s records for it
    const file = fixture('peer-without-password');
    // WHEN
    const { success, json, text } = await validate([file], {}, { 'rack1-tor': { path: 'app/fabric/rack1-tor' } });
    // THEN
    expect(success).toBe(false);
    expect(json.violations.map((v) => v.ruleName)).toEqual(['peer.no-password']);
    const [violation] = json.violations;
    expect(violation.recommendation).toMatch(/^\[error\] The BGPPeer has no spec\.password\.secretKeyRef/);
    expect(violation.fix).toContain('SecuredBgpPeer');
    expect(violation.violatingConstructs).toEqual([{
      resourceName: 'rack1-tor', manifestPath: file, constructPath: 'app/fabric/rack1-tor',
      locations: [expect.stringMatching(/^BGPPeer rack1-tor \(line 2\): The BGPPeer has no/)],
    }]);
    expect(json.summary.metadata).toMatchObject({ 'Objects audited': '1', 'Calico install': 'operator: calico-node in calico-system, ServiceAccount calico-node' });
    expect(text).toContain('peer.no-password (1 occurrences)');
  });

  it('GIVEN Calico\'s documented recipe WHEN validated THEN it succeeds with no violation', async () => {
    const { success, json } = await validate([fixture('calico-docs-recipe')]);
    expect(success).toBe(true);
    expect(json.violations).toEqual([]);
    expect(json.summary.metadata).toMatchObject({ Findings: '0 error(s), 0 warning(s); failOn: error' });
  });

  it('GIVEN a Secret whose password breaks the floor WHEN validated THEN the report names the rules and the Secret, never the value', async () => {
    const { success, json, text } = await validate([fixture('recipe-trailing-newline')]);
    expect(success).toBe(false);
    expect(json.violations.map((v) => v.ruleName).sort()).toEqual(['password.newline',
      'password.surrounding-whitespace']);
    expect(json.violations[0].violatingConstructs.map((c) => c.resourceName)).toEqual(['bgp-secrets']);
    const value = Buffer.from('Zq8-vL2.mN4+pR7=').toString();
    expect(text.includes(value)).toBe(false);
    expect(JSON.stringify(json).includes(value)).toBe(false);
  });

  it.each([
    ['error', true],
    ['warning', false],
    ['never', true],
  ])('GIVEN a mesh without a password (a warning) and failOn %s THEN the report\'s status follows failOn and lists the finding either way', async (failOn, passes) => {
    const file = manifest(`mesh-${failOn}`, [{ apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration', metadata: { name: 'default' }, spec: { nodeToNodeMeshEnabled: true } }]);
    const { success, json } = await validate([file], { failOn });
    expect(success).toBe(passes);
    expect(json.violations.map((v) => v.ruleName)).toEqual(['mesh.no-password']);
    expect(json.violations[0].recommendation).toMatch(/^\[warning\] /);
  });

  it('GIVEN several manifests WHEN validated THEN they are audited together: a Secret in one file serves a peer in another', async () => {
    const recipe = fixture('calico-docs-recipe');
    const peer = manifest('second-peer', [{ apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'second' }, spec: { peerIP: '192.0.2.9', asNumber: 64512, password: { secretKeyRef: { name: 'bgp-secrets', key: 'rr-password' } } } }]);
    // WHEN validated together THEN nothing is missing
    expect((await validate([recipe, peer])).json.violations).toEqual([]);
    // AND alone, the peer's Secret and RBAC are
    const alone = await validate([peer]);
    expect(alone.json.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} ${c.resourceName} ${path.basename(c.manifestPath)}`)).sort())
      .toEqual(['rbac.missing second second-peer.k8s.yaml', 'secret.not-found second second-peer.k8s.yaml']);
  });

  it('GIVEN install, namespace and serviceAccount properties THEN the audit reads calico-node\'s Secrets and RBAC there', async () => {
    // GIVEN the operator-install recipe, audited as a manifest install (calico-node in kube-system)
    const manifestInstall = await validate([fixture('calico-docs-recipe')], { install: 'manifest' });
    expect(manifestInstall.success).toBe(false);
    expect(manifestInstall.json.violations.map((v) => v.ruleName)).toContain('secret.wrong-namespace');
    expect(manifestInstall.json.summary.metadata).toMatchObject({ 'Calico install': 'manifest: calico-node in kube-system, ServiceAccount calico-node' });
    // AND a custom layout
    const custom = await validate([fixture('calico-docs-recipe')], { namespace: 'calico-system', serviceAccount: 'calico-node-custom' });
    expect(custom.json.violations.map((v) => v.ruleName)).toEqual(['rbac.missing']);
    expect(custom.json.summary.metadata).toMatchObject({ 'Calico install': 'custom: calico-node in calico-system, ServiceAccount calico-node-custom' });
  });

  it('GIVEN bad properties THEN construction fails with every problem, each naming its property', () => {
    const err = validationError(() => new BgpPasswordValidation({ install: 'helm', failOn: 'fatal', colour: 'red', calicoVersion: 3.3, namespace: 7 } as never));
    expect(err.problems.map((p) => p.field).sort()).toEqual(['calicoVersion', 'colour', 'failOn', 'install', 'namespace']);
    expect(err.message).toContain('BgpPasswordValidation (cdk8s.yaml validations properties): \'install\' ("helm") must be one of \'operator\', \'manifest\'.');
    expect(err.message).toContain('\'colour\' is not a property of BgpPasswordValidation; it takes install, namespace, serviceAccount, failOn, calicoVersion.');
    expect(err.message).toContain('\'calicoVersion\' (3.3) must be a string: quote it in YAML');
    expect(validationError(() => new BgpPasswordValidation({ calicoVersion: '3.1' })).message).toContain('\'calicoVersion\' (3.1) must be one of 3.28');
    // AND the core's install rules, under the property's name
    const ns = validationError(() => new BgpPasswordValidation({ namespace: 'Calico_System' }));
    expect(ns.problems.map((p) => p.field)).toEqual(['namespace']);
    expect(ns.message).toContain('\'namespace\' (Calico_System) must be a DNS-1123 label');
    expect(() => new BgpPasswordValidation('operator' as never)).toThrow(ValidationError);
  });

  it('GIVEN no properties (cdk8s-cli passes {}) THEN it audits an operator install and fails on errors', async () => {
    const plugin = new BgpPasswordValidation();
    expect(plugin).toBeInstanceOf(BgpPasswordValidation);
    const { json } = await validate([fixture('peer-without-password')]);
    expect(json.summary.metadata).toMatchObject({ Findings: '1 error(s), 0 warning(s); failOn: error' });
  });
});
