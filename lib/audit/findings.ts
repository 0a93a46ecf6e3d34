import { AuditSeverity, auditRule } from './rules';

/** One thing the audit found wrong with one object. Never holds a password. */
export interface Finding {
  /** `error`: Calico can end up peering without the password; `warning`: risky or misleading. */
  readonly severity: AuditSeverity;
  /** The object's kind, e.g. `BGPPeer`. */
  readonly kind: string;
  /** The object's namespace, for namespaced kinds that set one. */
  readonly namespace?: string;
  /** The object's name. */
  readonly name: string;
  /** The rule's id from the catalogue (`AUDIT_RULES`), or a Calico spec rule of the core. */
  readonly rule: string;
  /** What is wrong, in full sentences. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** Where the object came from, e.g. `peers.yaml:12`, when known. */
  readonly source?: string;
}

/** One parsed manifest and where it came from. */
export interface ManifestDocument {
  /** The parsed object (anything: non-objects are ignored). */
  readonly object: unknown;
  /** Where it came from, e.g. `peers.yaml:12`. @default unknown */
  readonly source?: string;
}

/** A Kubernetes object as the audit reads it: kind, name and namespace always strings. */
export interface AuditedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly raw: Record<string, unknown>;
  readonly source?: string;
}

/** A finding under `rule` about `obj`; `detail` follows the rule's summary. @internal */
export function finding(
  obj: AuditedObject,
  ruleId: string,
  detail?: string,
  override?: { message?: string; severity?: AuditSeverity },
): Finding {
  const r = auditRule(ruleId);
  const message = override?.message ?? (detail ? `${r.summary} ${detail}` : r.summary);
  return {
    severity: override?.severity ?? r.severity,
    kind: obj.kind,
    ...(obj.namespace !== undefined ? { namespace: obj.namespace } : {}),
    name: obj.name,
    rule: ruleId,
    message,
    fix: r.fix,
    ...(obj.source !== undefined ? { source: obj.source } : {}),
  };
}

const RANK: Record<AuditSeverity, number> = { error: 0, warning: 1 };

/** Sorts findings (errors first, then by object and rule) and drops exact duplicates. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const keyed = findings.map((f) => ({ f, key: `${RANK[f.severity]}\u0000${[f.kind, f.namespace ?? '', f.name, f.rule, f.message].join('\u0000')}` }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const { f, key } of keyed) {
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** `kind/namespace/name` or `kind/name`, for messages. */
export function describeObject(o: { kind: string; namespace?: string; name: string }): string {
  return o.namespace ? `${o.kind} ${o.namespace}/${o.name}` : `${o.kind} ${o.name}`;
}
