/**
 * The audit at fabric scale: the manifests a fabric of N peers applies, each peer with its own
 * Secret, Role and RoleBinding in calico-node's namespace (the `own` shape: what a `SecuredBgpPeer`
 * emits), as one multi-document YAML stream such as `kubectl get -o yaml` or a cdk8s `dist/` gives.
 *
 * - library: `parseManifests` (the CLI's loader) then `auditManifests` and the text report;
 * - baseline: `yaml.parseAllDocuments` of the same text, the least any YAML audit must do.
 */
import { createHash } from 'node:crypto';
import { fabricPeers } from './fabric';

const NS = 'calico-system';

/** A stable, compliant password per peer (the audit reads and checks every one). */
function password(name: string): string {
  return createHash('sha256').update(`bench audit ${name}`).digest('base64url').slice(0, 32);
}

/** The YAML of a fabric of `n` peers, a Secret, Role and RoleBinding each, and the default BGPConfiguration. */
export function auditFabricYaml(n: number): string {
  const docs: string[] = [
    'apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata:\n  name: default\nspec:\n  nodeToNodeMeshEnabled: false\n  asNumber: 64512\n',
  ];
  for (const p of fabricPeers(n)) {
    const secret = `bgp-password-${p.name}`;
    docs.push(
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${secret}\n  namespace: ${NS}\n  labels:\n    app.kubernetes.io/managed-by: calico-bgp-auth\n`
        + `type: Opaque\nstringData:\n  password: ${password(p.name)}\n`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${secret}-reader\n  namespace: ${NS}\nrules:\n`
        + `  - apiGroups:\n      - ""\n    resources:\n      - secrets\n    resourceNames:\n      - ${secret}\n    verbs:\n      - get\n      - list\n      - watch\n`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ${secret}-reader\n  namespace: ${NS}\nroleRef:\n`
        + `  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: ${secret}-reader\nsubjects:\n  - kind: ServiceAccount\n    name: calico-node\n    namespace: ${NS}\n`,
      `apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: ${p.name}\nspec:\n  node: ${p.node}\n  peerIP: ${p.peerIP}\n  asNumber: ${p.asNumber}\n`
        + `  password:\n    secretKeyRef:\n      name: ${secret}\n      key: password\n`,
    );
  }
  return docs.join('---\n');
}

/**
 * One measurement of the audit (library) or of parsing the same text (baseline). The YAML is built
 * before the clock starts; the library's phases are `parse` (the loader), `audit` and `report`.
 */
export async function measureAudit(variant: 'library' | 'baseline', n: number): Promise<import('./measure').Sample> {
  const { Recorder } = await import('./measure');
  const text = auditFabricYaml(n);
  if (variant === 'baseline') {
    const { parseAllDocuments } = await import('yaml');
    const rec = new Recorder();
    const docs = parseAllDocuments(text);
    rec.phase('parse');
    const count = Array.isArray(docs) ? docs.length : 0;
    return rec.finish({ deriveMs: 0, deriveCalls: 0, objects: count, kinds: {}, digest: `objects:${count}` });
  }
  const { auditManifests, parseManifests } = await import('../lib/audit');
  const { formatText } = await import('../lib/cli/format');
  const rec = new Recorder();
  const docs = parseManifests(text, 'fabric.yaml');
  rec.phase('parse');
  const report = auditManifests(docs);
  rec.phase('audit');
  const out = formatText(report);
  rec.phase('report');
  if (report.findings.length > 0) throw new Error(`the benchmark fabric should audit clean:\n${out.slice(0, 2000)}`);
  const kinds: Record<string, number> = {};
  for (const d of docs) {
    const kind = String((d.object as { kind?: unknown }).kind);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return rec.finish({ deriveMs: 0, deriveCalls: 0, objects: report.objectCount, kinds, digest: `objects:${report.objectCount}` });
}
