/**
 * The Secrets behind `secretKeyRef`s: whether calico-node finds them (namespace, key, RBAC), and
 * whether the values they hold meet the floor rules (`checkPasswordFloor`). Values are read the way
 * calico-node reads them: `data` base64-decoded byte for byte, `stringData` verbatim (it overrides
 * `data`, as the API server merges it), a trailing newline included. No value ever reaches a message.
 */
import { CalicoInstall } from '../calico/install';
import { PASSWORD_SECRET_LABEL } from '../calico/manifests';
import { checkPasswordFloor } from '../password/floor';
import { AuditedObject, Finding, finding } from './findings';
import { Inventory, dig, list, record } from './inventory';
import { SecretGrant, describeRole, describeServiceAccount, missingVerbs, unboundReaderRoles } from './rbac';

/** A `secretKeyRef` found in a Calico object. */
export interface SecretKeyReference {
  /** The referencing object (BGPPeer or BGPConfiguration). */
  readonly referrer: AuditedObject;
  /** Where the reference sits, e.g. `spec.password.secretKeyRef`. */
  readonly field: string;
  /** The Secret's name. */
  readonly secretName: string;
  /** The key in the Secret. */
  readonly key: string;
}

/** Something among the inputs that puts a Secret in the cluster: a Secret or an ExternalSecret. */
interface SecretSource {
  readonly obj: AuditedObject;
  readonly name: string;
  readonly namespace?: string;
  /** The keys it holds; undefined when they cannot be known (an ExternalSecret's dataFrom). */
  readonly keys?: ReadonlySet<string>;
}

/** Reads `<path>.secretKeyRef` of `obj`: the reference, `undefined` when absent, `incomplete` without name or key. */
export function readSecretKeyRef(obj: AuditedObject, path: string[]): Omit<SecretKeyReference, 'referrer'> | 'incomplete' | undefined {
  const holder = dig(obj.raw, ...path);
  if (holder === undefined || holder === null) return undefined;
  const ref = record(dig(holder, 'secretKeyRef'));
  if (typeof ref.name !== 'string' || ref.name === '' || typeof ref.key !== 'string' || ref.key === '') return 'incomplete';
  return { field: `${path.join('.')}.secretKeyRef`, secretName: ref.name, key: ref.key };
}

function sources(inv: Inventory): SecretSource[] {
  const out: SecretSource[] = inv.secrets.map((s) => ({
    obj: s, name: s.name, namespace: s.namespace,
    keys: new Set([...Object.keys(record(s.raw.data)), ...Object.keys(record(s.raw.stringData))]),
  }));
  for (const es of inv.externalSecrets) {
    const target = record(dig(es.raw, 'spec', 'target'));
    const name = typeof target.name === 'string' && target.name !== '' ? target.name : es.name;
    const hasDataFrom = list(dig(es.raw, 'spec', 'dataFrom')).length > 0;
    const keys = list(dig(es.raw, 'spec', 'data')).map((d) => record(d).secretKey).filter((k): k is string => typeof k === 'string');
    out.push({ obj: es, name, namespace: es.namespace, ...(hasDataFrom ? {} : { keys: new Set(keys) }) });
  }
  return out;
}

/**
 * Findings for one `secretKeyRef`: the Secret is missing, elsewhere, lacks the key, or calico-node
 * may not list and watch it.
 */
export function checkSecretKeyReference(ref: SecretKeyReference, inv: Inventory, install: CalicoInstall, grants: readonly SecretGrant[]): Finding[] {
  const all = sources(inv).filter((s) => s.name === ref.secretName);
  const here = all.filter((s) => s.namespace === install.namespace);
  const secret = `Secret '${install.namespace}/${ref.secretName}'`;
  const target = `${secret} (${ref.field})`;
  const findings: Finding[] = [];
  if (here.length === 0 && all.length > 0) {
    const elsewhere = [...new Set(all.map((s) => s.namespace ?? '(no namespace)'))].join(', ');
    const hint = all.some((s) => s.namespace === 'kube-system') && install.flavor === 'operator'
      ? ' For a manifest or Helm install, audit with --install manifest.'
      : all.some((s) => s.namespace === 'calico-system') && install.flavor === 'manifest' ? ' For a tigera-operator install, audit with --install operator.' : '';
    findings.push(finding(ref.referrer, 'secret.wrong-namespace',
      `It references Secret '${ref.secretName}', found in ${elsewhere}, but calico-node (${install.flavor} install) reads ${install.namespace}.${hint}`));
  } else if (here.length === 0) {
    findings.push(finding(ref.referrer, 'secret.not-found', `It references ${target}.`));
  } else if (!here.some((s) => s.keys === undefined || s.keys.has(ref.key))) {
    findings.push(finding(ref.referrer, 'secret.key-missing', `It references key '${ref.key}' of ${secret}, which holds ${describeKeys(here)}.`));
  }
  const missing = missingVerbs(grants, ref.secretName);
  if (missing.length > 0) {
    const unbound = unboundReaderRoles(inv, install, grants, ref.secretName);
    const hint = unbound.length ? ` ${unbound.map(describeRole).join(', ')} would grant it, but no RoleBinding binds it to calico-node.` : '';
    findings.push(finding(ref.referrer, 'rbac.missing',
      `${describeServiceAccount(install)} lacks ${missing.join(' and ')} on ${target}.${hint}`));
  }
  return findings;
}

function describeKeys(srcs: SecretSource[]): string {
  const keys = [...new Set(srcs.flatMap((s) => [...(s.keys ?? [])]))].sort();
  return keys.length ? `only ${keys.map((k) => `'${k}'`).join(', ')}` : 'no keys';
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Findings for one value of a Secret: invalid base64, not UTF-8, or a broken floor rule. */
function checkValue(secret: AuditedObject, key: string): Finding[] {
  const stringData = record(secret.raw.stringData);
  const data = record(secret.raw.data);
  let bytes: Buffer;
  let field: string;
  if (typeof stringData[key] === 'string') {
    bytes = Buffer.from(stringData[key] as string, 'utf8');
    field = `stringData.${key}`;
  } else if (typeof data[key] === 'string') {
    const encoded = data[key] as string;
    field = `data.${key}`;
    if (!BASE64.test(encoded)) return [finding(secret, 'secret.invalid-base64', `Key '${key}' in data.`)];
    bytes = Buffer.from(encoded, 'base64');
  } else {
    return [];
  }
  const findings: Finding[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = bytes.toString('utf8');
    findings.push(finding(secret, 'password.not-utf8', `Key '${key}' in ${field.split('.')[0]}.`));
    // An encoded surrogate (ED A0-BF), as CESU-8 or WTF-8 write a lone one: the guardrail's rule too.
    if (bytes.some((b, i) => b === 0xed && bytes[i + 1] >= 0xa0 && bytes[i + 1] <= 0xbf)) {
      findings.push(finding(secret, 'password.unpaired-surrogate', `Key '${key}' in ${field.split('.')[0]}.`));
    }
  }
  // stringData as written: a lone surrogate in it would be stored as U+FFFD, unlike the password meant.
  if (typeof stringData[key] === 'string') text = stringData[key] as string;
  for (const p of checkPasswordFloor(text, field)) {
    const size = p.rule === 'password.max-bytes' ? ` It is ${bytes.length} bytes long.` : '';
    findings.push(finding(secret, p.rule, `Key '${key}' in ${field.split('.')[0]}.${size}`));
  }
  return findings;
}

/**
 * Floor findings for the password values among the inputs: the referenced keys of Secrets in
 * calico-node's namespace, and every key of a Secret carrying the library's password label.
 */
export function checkPasswordValues(inv: Inventory, install: CalicoInstall, refs: readonly SecretKeyReference[]): Finding[] {
  const findings: Finding[] = [];
  for (const secret of inv.secrets) {
    const keys = new Set<string>();
    for (const r of refs) if (r.secretName === secret.name && secret.namespace === install.namespace) keys.add(r.key);
    if (record(dig(secret.raw, 'metadata', 'labels'))[PASSWORD_SECRET_LABEL] !== undefined) {
      for (const k of [...Object.keys(record(secret.raw.data)), ...Object.keys(record(secret.raw.stringData))]) keys.add(k);
    }
    for (const key of [...keys].sort()) findings.push(...checkValue(secret, key));
  }
  return findings;
}
