/**
 * Findings about Calico's own objects: peers without a password, the mesh password on the wrong
 * BGPConfiguration, objects written for the internal `crd.projectcalico.org/v1` API, and the spec
 * rules of the core (`checkBgpPeerSpec`, `checkBgpConfigurationSpec`).
 */
import {
  checkName, isSecretKey, calicoRefuses, calicoRuleSource, checkBgpConfigurationSpec, checkBgpPeerSpec,
  DEFAULT_CALICO_VERSION, BgpConfigurationSpec, BgpPeerSpec,
} from '../calico';
import { AuditedObject, Finding, finding } from './findings';
import { Inventory, apiGroup, record } from './inventory';
import { SecretKeyReference, readSecretKeyRef } from './secrets';

/** What the Calico objects yield: findings, and the references to follow. */
export interface CalicoAudit {
  readonly findings: Finding[];
  readonly references: SecretKeyReference[];
}

function withoutField(spec: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _omitted, ...rest } = spec;
  return rest;
}

/**
 * A spec problem is an error when the targeted release refuses the object (its validator, through
 * calicoctl or calico-apiserver, or its CRD): the apply fails, or what is stored anyway is unusable.
 * It is a warning when only the library's stricter rules, or a CRD rule of a later release, object.
 *
 * The core checks typed specs; a manifest is untyped, and a field of another type than the CRD's
 * (a selector that is a number, a list that is a mapping) would make a rule throw: that becomes one
 * finding instead of a crash.
 */
function specFindings(
  obj: AuditedObject,
  check: () => ReadonlyArray<{ field: string; rule: string; message: string }>,
  calicoVersion: string,
): Finding[] {
  let problems: ReadonlyArray<{ field: string; rule: string; message: string }>;
  try {
    problems = check();
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return [
      finding(obj, 'calico.spec', undefined, {
        message: `The spec has a field of another type than the ${obj.kind} CRD's (for example a selector that is not a string, or a list that is not a list), so the API server refuses the object.`,
        severity: 'warning',
      }),
    ];
  }
  return problems.map((p) => {
    const refused = calicoRefuses(p, calicoVersion);
    const source = calicoRuleSource(p);
    const why = refused
      ? source.validator
        ? ' calicoctl and calico-apiserver refuse this object.'
        : ` Calico ${calicoVersion}'s CRD refuses this object: the apply fails.`
      : source.crdSince
        ? ` Calico ${calicoVersion} does not refuse it yet (its CRD has this rule from ${source.crdSince}).`
        : '';
    return finding(obj, p.rule, undefined, { message: `${p.message}${why}`, severity: refused ? 'error' : 'warning' });
  });
}

function auditPeer(peer: AuditedObject, calicoVersion: string | undefined, out: CalicoAudit): void {
  const spec = record(peer.raw.spec);
  const ref = readSecretKeyRef(peer, ['spec', 'password']);
  if (ref === undefined) {
    out.findings.push(finding(peer, 'peer.no-password'));
  } else if (ref === 'incomplete') {
    out.findings.push(finding(peer, 'peer.no-password',
      'spec.password is set but has no secretKeyRef with both a name and a key.'));
  } else if (!followRef(peer, ref, out)) {
    out.references.push({ referrer: peer, ...ref });
  }
  out.findings.push(...specFindings(peer, () => checkBgpPeerSpec(withoutField(spec, 'password') as BgpPeerSpec, { calicoVersion }),
    calicoVersion ?? DEFAULT_CALICO_VERSION));
}

function auditConfiguration(config: AuditedObject, calicoVersion: string | undefined, out: CalicoAudit): void {
  const spec = record(config.raw.spec);
  const meshEnabled = spec.nodeToNodeMeshEnabled !== false;
  const ref = readSecretKeyRef(config, ['spec', 'nodeMeshPassword']);
  if (config.name !== 'default') {
    if (ref !== undefined) {
      out.findings.push(finding(config, 'mesh.password-not-default', `This one is '${config.name}'.`));
    }
  } else if (ref !== undefined && !meshEnabled) {
    out.findings.push(finding(config, 'mesh.password-mesh-disabled'));
  } else if (meshEnabled && ref === undefined) {
    out.findings.push(finding(config, 'mesh.no-password'));
  } else if (meshEnabled && ref === 'incomplete') {
    out.findings.push(finding(config, 'mesh.no-password',
      'spec.nodeMeshPassword is set but has no secretKeyRef with both a name and a key.'));
  } else if (ref !== undefined && ref !== 'incomplete' && !followRef(config, ref, out)) {
    out.references.push({ referrer: config, ...ref });
  }
  out.findings.push(...specFindings(config,
    () => checkBgpConfigurationSpec(withoutField(spec, 'nodeMeshPassword') as BgpConfigurationSpec, { name: config.name, calicoVersion }),
    calicoVersion ?? DEFAULT_CALICO_VERSION));
}

/**
 * Reports a reference that can never resolve (a name that is not a DNS-1123 subdomain, a key that
 * is not a Secret data key) as `secret.invalid-ref`; true when it did, so the reference is not followed.
 */
function followRef(
  obj: AuditedObject,
  ref: { readonly field: string; readonly secretName: string; readonly key: string },
  out: CalicoAudit,
): boolean {
  const bad = [
    checkName('name', ref.secretName).length ? `name '${ref.secretName}' is not a DNS-1123 subdomain` : undefined,
    isSecretKey(ref.key) ? undefined : `key '${ref.key}' is not a Secret data key`,
  ].filter(Boolean);
  if (bad.length === 0) return false;
  out.findings.push(finding(obj, 'secret.invalid-ref', `${ref.field}: ${bad.join(', and its ')}.`));
  return true;
}

/** Audits the BGPPeers and BGPConfigurations among the inputs. */
export function auditCalicoObjects(inv: Inventory, calicoVersion?: string): CalicoAudit {
  const out: CalicoAudit = { findings: [], references: [] };
  for (const o of inv.all) {
    if (apiGroup(o.apiVersion) === 'crd.projectcalico.org') out.findings.push(finding(o, 'calico.crd-api-group'));
  }
  for (const peer of inv.peers) auditPeer(peer, calicoVersion, out);
  for (const config of inv.configurations) auditConfiguration(config, calicoVersion, out);
  return out;
}
