/**
 * The Secrets behind `secretKeyRef`s: whether calico-node finds them (namespace, key, RBAC), and
 * whether the values they hold meet the floor rules (`checkPasswordFloor`). Values are read the way
 * calico-node reads them: `data` base64-decoded byte for byte, `stringData` verbatim (it overrides
 * `data`, as the API server merges it), a trailing newline included. No value ever reaches a message.
 */
import { CalicoInstall, PASSWORD_SECRET_LABEL } from '../calico';
import { checkPasswordFloor } from '../password';
import { AuditedObject, Finding, finding } from './findings';
import { Inventory, dig, list, record } from './inventory';
import { SecretAccess, describeRole, describeServiceAccount } from './rbac';

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
  /** The keys it holds; undefined when they cannot be known (an ExternalSecret's dataFrom or templateFrom). */
  readonly keys?: ReadonlySet<string>;
  /** An ExternalSecret with `creationPolicy: Merge`: it adds keys to a Secret only when that Secret exists. */
  readonly mergeOnly?: boolean;
}

/** Reads `<path>.secretKeyRef` of `obj`: the reference, `undefined` when absent, `incomplete` without name or key. */
export function readSecretKeyRef(obj: AuditedObject, path: string[]): Omit<SecretKeyReference, 'referrer'> | 'incomplete' | undefined {
  const holder = dig(obj.raw, ...path);
  if (holder === undefined || holder === null) return undefined;
  const ref = record(dig(holder, 'secretKeyRef'));
  if (typeof ref.name !== 'string' || ref.name === '' || typeof ref.key !== 'string' || ref.key === '') {
    return 'incomplete';
  }
  return { field: `${path.join('.')}.secretKeyRef`, secretName: ref.name, key: ref.key };
}

/** The keys of a Secret: those of `data` and `stringData` (null values included: they are stored empty). */
function secretKeys(secret: AuditedObject): string[] {
  return [...Object.keys(record(secret.raw.data)), ...Object.keys(record(secret.raw.stringData))];
}

/**
 * The keys of the Secret an ExternalSecret writes, as external-secrets renders it: the `data`
 * entries' `secretKey`s (unknown with `dataFrom`), replaced by the template's keys when
 * `target.template` has `data` or `templateFrom` (merged with them under `mergePolicy: Merge`).
 */
function externalSecretKeys(es: AuditedObject): Set<string> | undefined {
  const spec = record(es.raw.spec);
  const fetched = list(spec.dataFrom).length > 0 ? undefined
    : new Set(list(spec.data).map((d) => record(d).secretKey).filter((k): k is string => typeof k === 'string'));
  const template = dig(spec, 'target', 'template');
  if (template === undefined || template === null) return fetched;
  const t = record(template);
  const templateData = Object.keys(record(t.data));
  const templateFrom = list(t.templateFrom).map(record);
  if (templateData.length === 0 && templateFrom.length === 0) return fetched;
  let rendered: Set<string> | undefined = new Set(templateData);
  for (const from of templateFrom) {
    // Entries rendering annotations or labels add no data keys.
    if (from.target !== undefined && from.target !== 'Data') continue;
    const ref = isRecordLike(from.configMap)
      ? record(from.configMap)
      : isRecordLike(from.secret)
        ? record(from.secret)
        : undefined;
    // A literal template or one read as KeysAndValues makes keys only a render shows.
    const items = ref ? list(ref.items).map(record) : [];
    if (!ref || items.some((i) => i.templateAs === 'KeysAndValues' || typeof i.key !== 'string')) {
      rendered = undefined;
      break;
    }
    for (const i of items) rendered.add(i.key as string);
  }
  if (t.mergePolicy !== 'Merge') return rendered;
  return rendered === undefined || fetched === undefined ? undefined : new Set([...fetched, ...rendered]);
}

function isRecordLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Every source of Secrets among the inputs, by Secret name, built once per audit. ExternalSecrets
 * that never create their Secret are kept apart, to explain a missing one.
 */
export class SecretSources {
  private readonly byName = new Map<string, SecretSource[]>();
  private readonly notCreating = new Map<string, string[]>();

  constructor(inv: Inventory) {
    for (const s of inv.secrets) {
      this.add({ obj: s, name: s.name, namespace: s.namespace, keys: new Set(secretKeys(s)) });
    }
    for (const es of inv.externalSecrets) {
      const target = record(dig(es.raw, 'spec', 'target'));
      const name = typeof target.name === 'string' && target.name !== '' ? target.name : es.name;
      const manifest = record(target.manifest);
      const policy = typeof target.creationPolicy === 'string' ? target.creationPolicy : 'Owner';
      const where = `ExternalSecret '${es.namespace ?? ''}/${es.name}'`;
      if (target.manifest !== undefined && target.manifest !== null && !(manifest.apiVersion === 'v1' && manifest.kind === 'Secret')) {
        this.note(name,
          `${where} writes a ${String(manifest.kind ?? 'resource')} (spec.target.manifest), not a Secret.`);
      } else if (policy === 'None') {
        this.note(name, `${where} has creationPolicy None, so it never creates or updates the Secret.`);
      } else {
        const keys = externalSecretKeys(es);
        this.add({ obj: es, name, namespace: es.namespace, ...(keys ? { keys } : {}), ...(policy === 'Merge' ? { mergeOnly: true } : {}) });
        if (policy === 'Merge') {
          this.note(name, `${where} has creationPolicy Merge, so it only adds keys to the Secret when it exists.`);
        }
      }
    }
  }

  private add(source: SecretSource): void {
    const sources = this.byName.get(source.name);
    if (sources) sources.push(source);
    else this.byName.set(source.name, [source]);
  }

  private note(name: string, text: string): void {
    const notes = this.notCreating.get(name);
    if (notes) notes.push(text);
    else this.notCreating.set(name, [text]);
  }

  /**
   * What puts Secret `name` in the cluster: sources that create it, and `Merge` ExternalSecrets in a
   * namespace where something else creates it.
   */
  public of(name: string): SecretSource[] {
    const all = this.byName.get(name) ?? [];
    if (!all.some((s) => s.mergeOnly)) return all;
    const created = new Set(all.filter((s) => !s.mergeOnly).map((s) => s.namespace ?? ''));
    return all.filter((s) => !s.mergeOnly || created.has(s.namespace ?? ''));
  }

  /** Why ExternalSecrets named like `name` do not create it, as sentences. */
  public notes(name: string): string {
    const notes = this.notCreating.get(name);
    return notes ? ` ${notes.join(' ')}` : '';
  }
}

/** What the audit needs once per run to check references. */
export interface ReferenceContext {
  readonly inv: Inventory;
  readonly install: CalicoInstall;
  readonly access: SecretAccess;
  readonly sources: SecretSources;
}

/**
 * Findings for one `secretKeyRef`: the Secret is missing, elsewhere, lacks the key, or calico-node
 * may not list and watch it.
 */
export function checkSecretKeyReference(ref: SecretKeyReference, ctx: ReferenceContext): Finding[] {
  const { install, access } = ctx;
  const all = ctx.sources.of(ref.secretName);
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
    findings.push(finding(ref.referrer, 'secret.not-found',
      `It references ${target}.${ctx.sources.notes(ref.secretName)}`));
  } else if (!here.some((s) => s.keys === undefined || s.keys.has(ref.key))) {
    findings.push(finding(ref.referrer, 'secret.key-missing',
      `It references key '${ref.key}' of ${secret}, which holds ${describeKeys(here)}.`));
  }
  const missing = access.missingVerbs(ref.secretName);
  if (missing.length > 0) {
    const unbound = access.unboundReaderRoles(ref.secretName);
    const more = unbound.more > 0 ? ` and ${unbound.more} more` : '';
    const hint = unbound.roles.length ? ` ${unbound.roles.map(describeRole).join(', ')}${more} would grant it, but no RoleBinding binds it to calico-node.` : '';
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

/**
 * One value of a Secret as the API server stores it (and calico-node reads it):
 * - `stringData` wins over `data` (the API server merges it in), its text as UTF-8;
 * - `data` is base64, decoded the way Go's encoding/json decodes `[]byte`: standard alphabet,
 *   padded, line breaks (CR, LF) ignored, so a wrapped `base64` output is accepted;
 * - `null` is stored as an empty value;
 * - anything else (a number, a mapping...) makes the API server refuse the whole Secret.
 *
 * Never carries the value into a message.
 */
export type SecretValue =
  | { readonly ok: true; readonly bytes: Buffer; readonly field: string; readonly wasNull: boolean }
  | { readonly ok: false; readonly rule: 'secret.invalid-base64' | 'secret.invalid-value'; readonly field: string; readonly detail: string }
  | { readonly ok: false; readonly rule: 'absent'; readonly field: string; readonly detail: string };

/** Reads key `key` of a Secret object (`data`/`stringData` as in a manifest). */
export function readSecretValue(raw: Record<string, unknown>, key: string): SecretValue {
  const stringData = record(raw.stringData);
  const data = record(raw.data);
  const describe = (v: unknown) => (Array.isArray(v) ? 'a list' : v instanceof Uint8Array ? 'binary data'
    : typeof v === 'object' ? 'a mapping' : `a ${typeof v}`);
  if (Object.prototype.hasOwnProperty.call(stringData, key)) {
    const v = stringData[key];
    const field = `stringData.${key}`;
    if (v === null) return { ok: true, bytes: Buffer.alloc(0), field, wasNull: true };
    if (typeof v !== 'string') {
      return { ok: false, rule: 'secret.invalid-value', field, detail: `Key '${key}' in stringData is ${describe(v)}, not a string.` };
    }
    return { ok: true, bytes: Buffer.from(v, 'utf8'), field, wasNull: false };
  }
  if (Object.prototype.hasOwnProperty.call(data, key)) {
    const v = data[key];
    const field = `data.${key}`;
    if (v === null) return { ok: true, bytes: Buffer.alloc(0), field, wasNull: true };
    if (typeof v !== 'string') {
      return { ok: false, rule: 'secret.invalid-value', field, detail: `Key '${key}' in data is ${describe(v)}, not a base64 string.` };
    }
    const encoded = v.replace(/[\r\n]/g, '');
    if (!BASE64.test(encoded)) {
      return { ok: false, rule: 'secret.invalid-base64', field, detail: `Key '${key}' in data.` };
    }
    return { ok: true, bytes: Buffer.from(encoded, 'base64'), field, wasNull: false };
  }
  return { ok: false, rule: 'absent', field: `data.${key}`, detail: `No key '${key}' in data or stringData.` };
}

/** Findings for one value of a Secret: not stored as written, not UTF-8, or a broken floor rule. */
function checkValue(secret: AuditedObject, key: string): Finding[] {
  const value = readSecretValue(secret.raw, key);
  if (!value.ok) return value.rule === 'absent' ? [] : [finding(secret, value.rule, value.detail)];
  const { bytes, field } = value;
  const where = field.split('.')[0];
  if (value.wasNull) {
    return [finding(secret, 'password.empty',
      `Key '${key}' in ${where} is null, which the API server stores as an empty value.`)];
  }
  const findings: Finding[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = bytes.toString('utf8');
    findings.push(finding(secret, 'password.not-utf8', `Key '${key}' in ${where}.`));
    // An encoded surrogate (ED A0-BF), as CESU-8 or WTF-8 write a lone one: the guardrail's rule too.
    if (bytes.some((b, i) => b === 0xed && bytes[i + 1] >= 0xa0 && bytes[i + 1] <= 0xbf)) {
      findings.push(finding(secret, 'password.unpaired-surrogate', `Key '${key}' in ${where}.`));
    }
  }
  // stringData as written: a lone surrogate in it would be stored as U+FFFD, unlike the password meant.
  const written = record(secret.raw.stringData)[key];
  if (where === 'stringData' && typeof written === 'string') text = written;
  for (const p of checkPasswordFloor(text, field)) {
    const size = p.rule === 'password.max-bytes' ? ` It is ${bytes.length} bytes long.` : '';
    findings.push(finding(secret, p.rule, `Key '${key}' in ${where}.${size}`));
  }
  return findings;
}

/**
 * Findings for the values among the inputs: the referenced keys of Secrets in calico-node's
 * namespace and every key of a Secret carrying the library's password label are checked against
 * the floor rules; every other key of those Secrets only for what makes the API server refuse the
 * whole Secret (a value that is not a string, invalid base64).
 */
export function checkPasswordValues(
  inv: Inventory,
  install: CalicoInstall,
  refs: readonly SecretKeyReference[],
): Finding[] {
  const referenced = new Map<string, Set<string>>();
  for (const r of refs) {
    const keys = referenced.get(r.secretName);
    if (keys) keys.add(r.key);
    else referenced.set(r.secretName, new Set([r.key]));
  }
  const findings: Finding[] = [];
  for (const secret of inv.secrets) {
    const keys = new Set<string>(secret.namespace === install.namespace ? referenced.get(secret.name) : undefined);
    const labelled = record(dig(secret.raw, 'metadata', 'labels'))[PASSWORD_SECRET_LABEL] !== undefined;
    if (keys.size === 0 && !labelled) continue;
    const all = secretKeys(secret);
    if (labelled) for (const k of all) keys.add(k);
    for (const key of [...new Set(all)].sort()) {
      if (keys.has(key)) {
        findings.push(...checkValue(secret, key));
      } else {
        const value = readSecretValue(secret.raw, key);
        if (!value.ok && value.rule !== 'absent') findings.push(finding(secret, value.rule, value.detail));
      }
    }
  }
  return findings;
}
