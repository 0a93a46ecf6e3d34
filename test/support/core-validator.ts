/**
 * Validates the core Kubernetes objects the library emits (Secret, Role, RoleBinding,
 * ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding) with kubernetes-models' compiled
 * OpenAPI validators, plus what those validators leave out:
 *
 * - Unknown fields. The upstream OpenAPI schemas allow additional properties, so a typo such as
 *   `resourceName:` in a Role rule passes kubernetes-models, and the API server drops it, which
 *   turns a by-name grant into a namespace-wide one. We run the validator over proxies and record
 *   which keys it reads: a struct validator reads every property it knows by name, so a key it
 *   never read is not in the schema. Objects the validator enumerates (maps such as `data`,
 *   `labels`) or never looks into (free-form or not reached) are not judged.
 * - ObjectMeta rules (name required and well-formed, namespace only on namespaced kinds).
 * - Secret data keys (`[-._a-zA-Z0-9]+`, k8s.io/apimachinery IsConfigMapKey).
 */
import {
  ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding,
} from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { Secret } from 'kubernetes-models/v1';
import type { ErrorObject } from 'ajv';
import { formatAjvErrors } from './crd-schema';
import { at, isPlainObject, joinPath, unknownField, validateMetadata, type MetadataRules } from './k8s-meta';

interface CoreKind {
  readonly model: { readonly prototype: object };
  readonly rules: MetadataRules;
}

const CORE_KINDS: ReadonlyMap<string, CoreKind> = new Map<string, CoreKind>([
  ['v1/Secret', { model: Secret, rules: { kind: 'Secret', namespaced: true, nameRule: 'dns-subdomain' } }],
  ['rbac.authorization.k8s.io/v1/Role', { model: Role, rules: { kind: 'Role', namespaced: true, nameRule: 'path-segment' } }],
  ['rbac.authorization.k8s.io/v1/RoleBinding', { model: RoleBinding, rules: { kind: 'RoleBinding', namespaced: true, nameRule: 'path-segment' } }],
  ['admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy', {
    model: ValidatingAdmissionPolicy,
    rules: { kind: 'ValidatingAdmissionPolicy', namespaced: false, nameRule: 'dns-subdomain' },
  }],
  ['admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding', {
    model: ValidatingAdmissionPolicyBinding,
    rules: { kind: 'ValidatingAdmissionPolicyBinding', namespaced: false, nameRule: 'dns-subdomain' },
  }],
]);

/** True for the apiVersion/kind pairs `validateCoreObject` handles. */
export function isCoreKind(apiVersion: unknown, kind: unknown): boolean {
  return CORE_KINDS.has(`${String(apiVersion)}/${String(kind)}`);
}

interface Tracked {
  readonly path: string;
  readonly target: Record<string, unknown>;
  readonly read: Set<string>;
  enumerated: boolean;
}

/** Deep copy of `value` whose objects are proxies recording the keys read (see module comment). */
function track(value: unknown, path: string, registry: Tracked[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => track(v, joinPath(path, i), registry));
  if (!isPlainObject(value)) return value;
  const target = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, track(v, joinPath(path, k), registry)]));
  const t: Tracked = { path, target, read: new Set(), enumerated: false };
  registry.push(t);
  return new Proxy(target, {
    get(o, key, receiver) {
      if (typeof key === 'string') t.read.add(key);
      return Reflect.get(o, key, receiver);
    },
    has(o, key) {
      if (typeof key === 'string') t.read.add(key);
      return Reflect.has(o, key);
    },
    ownKeys(o) {
      t.enumerated = true;
      return Reflect.ownKeys(o);
    },
  });
}

function secretKeyErrors(obj: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const field of ['data', 'stringData']) {
    const map = obj[field];
    if (!isPlainObject(map)) continue;
    for (const key of Object.keys(map)) {
      if (key.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(key)) {
        errors.push(at(joinPath(field, key),
          `${JSON.stringify(key)} is not a valid Secret key (alphanumerics, '-', '_' or '.')`));
      }
    }
  }
  return errors;
}

/**
 * Validates a Secret (v1), Role or RoleBinding (rbac.authorization.k8s.io/v1),
 * ValidatingAdmissionPolicy or ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io/v1).
 * @returns error sentences `<path>: <message>`; empty when valid.
 * @throws for any other apiVersion/kind.
 */
export function validateCoreObject(obj: unknown): string[] {
  if (!isPlainObject(obj)) throw new TypeError('validateCoreObject: expected a Kubernetes object.');
  const entry = CORE_KINDS.get(`${String(obj.apiVersion)}/${String(obj.kind)}`);
  if (!entry) {
    throw new Error(`validateCoreObject: unsupported apiVersion/kind ${String(obj.apiVersion)}/${String(obj.kind)}; supported: ${[...CORE_KINDS.keys()].join(', ')}.`);
  }
  const plain = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
  const registry: Tracked[] = [];
  const proxied = track(plain, '', registry);
  const errors: string[] = [];
  try {
    // Model.prototype.validate runs the compiled schema on `this`; calling it on the proxy (not
    // `new Secret(obj)`, which deep-copies) lets the proxies observe the validator.
    (entry.model.prototype as { validate(): void }).validate.call(proxied);
  } catch (e) {
    const ajvErrors = (e as { errors?: ErrorObject[] }).errors;
    if (!Array.isArray(ajvErrors)) throw e;
    errors.push(...formatAjvErrors(ajvErrors));
  }
  for (const t of registry) {
    if (t.enumerated || t.read.size === 0) continue;
    for (const key of Object.keys(t.target)) if (!t.read.has(key)) errors.push(unknownField(t.path, key));
  }
  errors.push(...validateMetadata(plain, entry.rules));
  if (entry.rules.kind === 'Secret') errors.push(...secretKeyErrors(plain));
  return [...new Set(errors)];
}
