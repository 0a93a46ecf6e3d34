import { CalicoInstall, CalicoInstallInput, resolveInstall, checkCalicoVersion } from '../calico';
import { throwIfProblems } from '../errors';
import { auditCalicoObjects } from './calico';
import { Finding, ManifestDocument, describeObject, finding, sortFindings } from './findings';
import { Inventory, expandDocuments } from './inventory';
import { SecretAccess, SecretGrant, describeServiceAccount } from './rbac';
import { SecretSources, checkPasswordValues, checkSecretKeyReference } from './secrets';

/** Options of {@link auditManifests}. */
export interface AuditOptions {
  /**
   * How Calico is installed, which decides the namespace calico-node reads Secrets from and the
   * ServiceAccount the RBAC must name.
   *
   * @default "operator" (calico-system, ServiceAccount calico-node)
   */
  readonly install?: CalicoInstallInput | CalicoInstall;
  /** The Calico release the spec rules are checked against. @default "3.32" */
  readonly calicoVersion?: string;
}

/** What an audit found. */
export interface AuditReport {
  /** Every finding, errors first, then by object and rule. */
  readonly findings: readonly Finding[];
  /** How many Kubernetes objects were read (after expanding `kind: List`). */
  readonly objectCount: number;
  /** The install the audit assumed. */
  readonly install: CalicoInstall;
}

/** A resolved install is kept as is (`resolveInstall` would turn it into a custom one). */
function asInstall(input: AuditOptions['install']): CalicoInstall {
  return typeof input === 'object' && 'flavor' in input ? input : resolveInstall(input);
}

function leastPrivilegeFindings(grants: readonly SecretGrant[], install: CalicoInstall): Finding[] {
  const out: Finding[] = [];
  const sa = describeServiceAccount(install);
  for (const g of grants) {
    const verbs = [...g.verbs].sort().join(', ');
    if (g.scope === 'cluster') {
      out.push(finding(g.binding, 'rbac.cluster-wide',
        `It binds ClusterRole '${g.role.name}' (${verbs} on Secrets) to ${sa}.`));
    } else if (g.resourceNames === undefined) {
      const target = g.role.kind === 'Role' ? g.role : g.binding;
      out.push(finding(target, 'rbac.all-secrets',
        `${g.role.kind} '${g.role.name}' grants ${verbs} on every Secret, bound to ${sa} by RoleBinding '${g.binding.name}'.`));
    }
  }
  return out;
}

/** One finding per definition that a later one of the same object replaces (kubectl applies the last). */
function duplicateFindings(inv: Inventory): Finding[] {
  return inv.duplicates.map(({ kept, replaced }) => finding(replaced, 'object.duplicate',
    `${describeObject(kept)} is defined again${kept.source ? ` at ${kept.source}` : ' later among the inputs'}; the audit checks that last definition.`));
}

/**
 * Audits parsed manifests for unprotected or half-configured BGP passwords: peers and the mesh
 * without a password, `secretKeyRef`s calico-node cannot follow (Secret, key, namespace, RBAC: each
 * fails open), password values that break the floor rules, and RBAC wider than calico-node needs.
 * Values are never copied into a finding.
 *
 * The audit sees only its inputs: a Secret or RoleBinding that exists in the cluster but is not
 * among them is reported as missing.
 *
 * @example
 * ```ts
 * import { auditManifests, readManifests } from 'calico-bgp-auth';
 *
 * // What `calico-bgp-auth audit dist/` does: files, directories (recursively) or `-`.
 * const report = auditManifests(readManifests(['dist']), { install: 'operator' });
 * for (const f of report.findings) console.log(`${f.severity} ${f.kind}/${f.name} [${f.rule}] ${f.message}`);
 * if (report.findings.some((f) => f.severity === 'error')) process.exitCode = 1;
 * ```
 */
export function auditManifests(documents: readonly ManifestDocument[], options: AuditOptions = {}): AuditReport {
  if (options.calicoVersion !== undefined) throwIfProblems(checkCalicoVersion(options.calicoVersion), 'audit');
  const install = asInstall(options.install);
  const objects = expandDocuments(documents);
  const inv = new Inventory(objects);
  const access = new SecretAccess(inv, install);
  const context = { inv, install, access, sources: new SecretSources(inv) };
  const calico = auditCalicoObjects(inv, options.calicoVersion);
  const findings: Finding[] = [
    ...duplicateFindings(inv),
    ...calico.findings,
    ...calico.references.flatMap((ref) => checkSecretKeyReference(ref, context)),
    ...checkPasswordValues(inv, install, calico.references),
    ...leastPrivilegeFindings(access.grants, install),
  ];
  return { findings: sortFindings(findings), objectCount: objects.length, install };
}

/**
 * {@link auditManifests} over plain objects (for example a cdk8s chart's `toJson()` output).
 *
 * @example
 * ```ts
 * import { auditObjects } from 'calico-bgp-auth';
 *
 * const report = auditObjects([
 *   {
 *     apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'tor-a' },
 *     spec: { peerIP: '10.1.0.1', asNumber: 65101 },
 *   },
 * ]);
 * report.findings.map((f) => f.rule);   // ['peer.no-password']
 * ```
 */
export function auditObjects(objects: readonly unknown[], options: AuditOptions = {}): AuditReport {
  return auditManifests(objects.map((object) => ({ object })), options);
}
