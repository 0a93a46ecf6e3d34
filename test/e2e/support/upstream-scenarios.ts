/**
 * Upstream's password scenarios (test/e2e/fixtures/upstream, Calico 87c15906f, Apache-2.0): the
 * inputs of `confd/tests/daemon_test.go`'s TestBGPPeerPassword, TestNodeMeshBGPPassword and
 * TestBGPPasswordDeadlock, restated step by step (which Secrets exist in kube-system, with which
 * data), and the compiled config each step must produce.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { calicoNodeObject, type CalicoInstall, type K8sObject } from './calico-node';

export const UPSTREAM_DIR = path.resolve(__dirname, '../fixtures/upstream');
export const COMPILED_DIR = path.join(UPSTREAM_DIR, 'confd/tests/compiled_templates');

/** confd in upstream's tests: NAMESPACE unset, so kube-system. */
export const UPSTREAM_INSTALL: CalicoInstall = { namespace: 'kube-system', serviceAccount: 'calico-node' };

export interface UpstreamStep {
  /** e.g. 'password/step3'. */
  readonly id: string;
  /** The compiled_templates directory this step must render (`expectOutput`). */
  readonly compiled: string;
  /** Secret name -> stringData at this step (absent: no such Secret). */
  readonly secrets: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface UpstreamScenario {
  readonly name: string;
  /** NODENAME confd runs as. */
  readonly nodeName: string;
  readonly objects: () => K8sObject[];
  readonly steps: readonly UpstreamStep[];
}

const input = (dir: string): K8sObject[] =>
  parseAllDocuments(readFileSync(path.join(UPSTREAM_DIR, 'confd/tests/mock_data/calicoctl', dir, 'input.yaml'), 'utf8'))
    .map((d) => d.toJSON() as K8sObject).filter(Boolean);

/**
 * TestBGPPasswordDeadlock: 99 nodes dl-node<i> (10.24.0.<i>), BGPPeer dl-bgppeer-<i> on node i to 10.24.0.2 with
 * my-secrets-1:a.
 */
function deadlockObjects(): K8sObject[] {
  const objects: K8sObject[] = [{ apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration', metadata: { name: 'default' }, spec: { nodeToNodeMeshEnabled: false } }];
  for (let i = 1; i <= 99; i++) {
    objects.push(calicoNodeObject({ name: `dl-node${i}`, ipv4: `10.24.0.${i}`, labels: { node: 'yes' } }));
    objects.push({
      apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: `dl-bgppeer-${i}` },
      spec: { node: `dl-node${i}`, peerIP: '10.24.0.2', asNumber: 64512, password: { secretKeyRef: { name: 'my-secrets-1', key: 'a' } } },
    });
  }
  return objects;
}

export const UPSTREAM_SCENARIOS: readonly UpstreamScenario[] = [
  {
    name: 'TestBGPPeerPassword', nodeName: 'node1', objects: () => input('password'),
    steps: [
      { id: 'password/step1', compiled: 'password/step1', secrets: {} },
      { id: 'password/step2', compiled: 'password/step2', secrets: { 'my-secrets-1': { b: 'password-b' } } },
      { id: 'password/step3', compiled: 'password/step3', secrets: { 'my-secrets-1': { b: 'password-b', a: 'password-a' }, 'my-secrets-2': { c: 'password-c' } } },
      { id: 'password/step4', compiled: 'password/step4', secrets: { 'my-secrets-1': { b: 'password-b', a: 'password-a' } } },
      { id: 'password/step5', compiled: 'password/step5', secrets: { 'my-secrets-1': { b: 'new-password-b', a: 'new-password-a' } } },
      { id: 'password/step6', compiled: 'password/step6', secrets: { 'my-secrets-1': { b: 'new-password-b' } } },
    ],
  },
  {
    // startConfdDaemon's default node is kube-master (router id 10.192.0.2 in the compiled files).
    name: 'TestNodeMeshBGPPassword', nodeName: 'kube-master', objects: () => input('mesh_password'),
    steps: [
      { id: 'mesh/password/step1', compiled: 'mesh/password/step1', secrets: {} },
      { id: 'mesh/password/step2', compiled: 'mesh/password/step2', secrets: { 'my-secrets-1': { a: 'password-a' } } },
      { id: 'mesh/password/step3', compiled: 'mesh/password/step3', secrets: { 'my-secrets-1': { a: 'new-password-a' } } },
      { id: 'mesh/password/step4 (unreferenced key)', compiled: 'mesh/password/step1', secrets: { 'my-secrets-1': { b: 'password-b' } } },
      { id: 'mesh/password/step5 (deleted)', compiled: 'mesh/password/step1', secrets: {} },
    ],
  },
  {
    name: 'TestBGPPasswordDeadlock', nodeName: 'dl-node1', objects: deadlockObjects,
    steps: [{ id: 'password-deadlock', compiled: 'password-deadlock', secrets: { 'my-secrets-1': { a: 'password-a' } } }],
  },
];

/** The step's Secrets, and RBAC letting calico-node read them (upstream's confd runs as administrator). */
export function stepObjects(step: UpstreamStep): K8sObject[] {
  const ns = UPSTREAM_INSTALL.namespace;
  return [
    ...Object.entries(step.secrets).map(([name, stringData]): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'Opaque', stringData: { ...stringData } })),
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'bgp-secrets', namespace: ns }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list', 'watch'] }] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'bgp-secrets', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'bgp-secrets' }, subjects: [{ kind: 'ServiceAccount', name: 'calico-node', namespace: ns }],
    },
  ];
}

/** A compiled config file of upstream. */
export const compiledFile = (dir: string, file: string) => readFileSync(path.join(COMPILED_DIR, dir, file), 'utf8');

/**
 * The `template bgp` and `protocol bgp` blocks of a BIRD config, by name, each with its lines
 * trimmed and blank lines dropped (order and whitespace aside).
 */
export function bgpBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(template bgp|protocol bgp) (\S+)/.exec(lines[i]);
    if (!m) continue;
    const body: string[] = [];
    let depth = 0;
    for (let j = i; j < lines.length; j++) {
      const l = lines[j].trim();
      if (l) body.push(l.replace(/\s+/g, ' '));
      depth += (lines[j].match(/\{/g) ?? []).length - (lines[j].match(/\}/g) ?? []).length;
      if (depth === 0) { i = j; break; }
    }
    blocks.set(`${m[1]} ${m[2]}`, body.join('\n'));
  }
  return blocks;
}
