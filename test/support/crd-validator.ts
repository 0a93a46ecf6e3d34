/**
 * Test-support harness: validates Kubernetes objects the way the API server would, against the
 * upstream CRDs vendored in `crds/` (schema, defaults, pruning of unknown fields, CEL rules) and,
 * for core kinds, against kubernetes-models. Every function returns error sentences
 * `<path>: <message>`; an empty list means valid.
 *
 * Not covered: checks Calico runs outside the CRD (libcalico-go's validator: peerIP syntax,
 * selector syntax, `default`-only BGPConfiguration fields); see crds/calico/README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { CelRules, type CelRuleInfo } from './crd-cel';
import { createAjv, formatAjvErrors, toAjvSchema, type JsonSchema } from './crd-schema';
import { isCoreKind, validateCoreObject } from './core-validator';
import { at, isPlainObject, validateMetadata } from './k8s-meta';

export { validateCoreObject, isCoreKind } from './core-validator';
export type { CelRuleInfo } from './crd-cel';

/** Calico release directories vendored under `crds/calico/`. */
export type CalicoVersion = 'v3.32.1' | 'v3.28.5' | 'release-v3.33-branch';

export interface CrdValidatorOptions {
  /** Root of the vendored CRDs. @default the repository's `crds/` */
  readonly crdDir?: string;
  /** Calico release directory under `<crdDir>/calico/`. @default 'v3.32.1' */
  readonly version?: CalicoVersion;
  /** External Secrets Operator release directory under `<crdDir>/external-secrets/`. @default 'v2.9.0' */
  readonly esoVersion?: string;
}

export interface ValidateOptions extends CrdValidatorOptions {
  /** The stored object, for transition rules (`oldSelf`); without it they are skipped, as on create. */
  readonly oldObject?: unknown;
}

/** The parts of an apiextensions.k8s.io/v1 CustomResourceDefinition the harness reads. */
export interface CustomResourceDefinition {
  readonly apiVersion: string;
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly scope: 'Namespaced' | 'Cluster';
    readonly versions: ReadonlyArray<{
      readonly name: string;
      readonly served: boolean;
      readonly storage: boolean;
      readonly schema?: { readonly openAPIV3Schema: JsonSchema };
    }>;
  };
}

export const DEFAULT_CRD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../crds');

/** Reads one CRD YAML file. @throws unless the file holds exactly one CustomResourceDefinition. */
export function loadCrd(file: string): CustomResourceDefinition {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const values = docs.map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0]!.message}`);
    return d.toJS() as unknown;
  }).filter((v) => v !== null);
  const crd = values[0] as CustomResourceDefinition | undefined;
  if (values.length !== 1 || crd?.kind !== 'CustomResourceDefinition' || !crd.spec?.versions) {
    throw new Error(`${file}: expected exactly one CustomResourceDefinition.`);
  }
  return crd;
}

interface CompiledVersion {
  readonly schema: ValidateFunction;
  readonly cel: CelRules;
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Validates custom resources against the CRDs of one Calico and one ESO release. */
export class CrdValidator {
  /** CRDs found, keyed `<group>/<Kind>`. */
  readonly crds: ReadonlyMap<string, CustomResourceDefinition>;
  private readonly ajv = createAjv();
  private readonly compiled = new Map<string, CompiledVersion>();

  constructor(options: CrdValidatorOptions = {}) {
    const root = options.crdDir ?? DEFAULT_CRD_DIR;
    const dirs = [
      path.join(root, 'calico', options.version ?? 'v3.32.1'),
      path.join(root, 'external-secrets', options.esoVersion ?? 'v2.9.0'),
    ];
    const crds = new Map<string, CustomResourceDefinition>();
    for (const dir of dirs) {
      for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
        const crd = loadCrd(path.join(dir, file));
        crds.set(`${crd.spec.group}/${crd.spec.names.kind}`, crd);
      }
    }
    this.crds = crds;
  }

  /**
   * The CRD for an apiVersion/kind. Releases before v3.32 have no native `projectcalico.org/v3`
   * CRDs (calico-apiserver serves that group, backed by `crd.projectcalico.org/v1`), so there a
   * `projectcalico.org` object is checked against the `crd.projectcalico.org` schema.
   */
  crdFor(apiVersion: string, kind: string): CustomResourceDefinition | undefined {
    const { group } = splitApiVersion(apiVersion);
    return this.crds.get(`${group}/${kind}`)
      ?? (group === 'projectcalico.org' ? this.crds.get(`crd.projectcalico.org/${kind}`) : undefined);
  }

  has(apiVersion: string, kind: string): boolean {
    return this.crdFor(apiVersion, kind) !== undefined;
  }

  private compile(crd: CustomResourceDefinition, version: string): CompiledVersion {
    const key = `${crd.metadata.name}/${version}`;
    let c = this.compiled.get(key);
    if (!c) {
      const v = crd.spec.versions.find((x) => x.name === version);
      if (!v?.schema) throw new Error(`${crd.metadata.name}: version ${version} has no schema.`);
      c = {
        schema: this.ajv.compile(toAjvSchema(v.schema.openAPIV3Schema)),
        cel: new CelRules(v.schema.openAPIV3Schema),
      };
      this.compiled.set(key, c);
    }
    return c;
  }

  /** CRD and version name an apiVersion/kind resolves to (the storage version for the v1 fallback). */
  private resolve(apiVersion: string, kind: string): { crd: CustomResourceDefinition; version: string } | undefined {
    const crd = this.crdFor(apiVersion, kind);
    if (!crd) return undefined;
    const requested = splitApiVersion(apiVersion);
    const version =
      crd.spec.group === requested.group ? requested.version : crd.spec.versions.find((v) => v.storage)!.name;
    return { crd, version };
  }

  /** The CEL rules of the CRD version an apiVersion/kind resolves to. */
  rules(apiVersion: string, kind: string): readonly CelRuleInfo[] {
    const r = this.resolve(apiVersion, kind);
    if (!r) throw new Error(`No CRD for ${apiVersion} ${kind}.`);
    return this.compile(r.crd, r.version).cel.list();
  }

  /**
   * Schema (after defaulting), unknown fields, metadata and CEL rules.
   * @throws if no CRD defines the object's apiVersion group and kind.
   */
  validate(obj: unknown, oldObject?: unknown): string[] {
    if (!isPlainObject(obj)) throw new TypeError('validateAgainstCrd: expected a Kubernetes object.');
    const { apiVersion, kind } = obj;
    const r = typeof apiVersion === 'string' && typeof kind === 'string' ? this.resolve(apiVersion, kind) : undefined;
    if (!r) {
      throw new Error(`No CRD for apiVersion ${String(apiVersion)} kind ${String(kind)}; known: ${[...this.crds.keys()].join(', ')}.`);
    }
    const { crd, version: versionName } = r;
    const version = crd.spec.versions.find((v) => v.name === versionName);
    if (!version?.served) {
      const served = crd.spec.versions.filter((v) => v.served).map((v) => v.name).join(', ');
      return [at('apiVersion', `${String(apiVersion)} is not served by ${crd.metadata.name} (served: ${served})`)];
    }
    const compiled = this.compile(crd, versionName);
    // JSON round trip: what would be serialised; also the copy that defaulting mutates.
    const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
    const errors = validateMetadata(copy, { kind: crd.spec.names.kind, namespaced: crd.spec.scope === 'Namespaced', nameRule: 'dns-subdomain' });
    if (!compiled.schema(copy)) errors.push(...formatAjvErrors(compiled.schema.errors));
    let old: unknown;
    if (oldObject !== undefined) {
      old = JSON.parse(JSON.stringify(oldObject));
      compiled.schema(old); // defaults only; the stored object's own errors are not ours
    }
    errors.push(...compiled.cel.validate(copy, old));
    return errors;
  }
}

const validators = new Map<string, CrdValidator>();

function validatorFor(opts: CrdValidatorOptions): CrdValidator {
  const key = JSON.stringify([opts.crdDir ?? DEFAULT_CRD_DIR, opts.version ?? 'v3.32.1', opts.esoVersion ?? 'v2.9.0']);
  let v = validators.get(key);
  if (!v) validators.set(key, (v = new CrdValidator(opts)));
  return v;
}

/**
 * Validates a custom resource (Calico `projectcalico.org/v3` or `crd.projectcalico.org/v1`
 * BGPPeer/BGPConfiguration; ESO ExternalSecret, Password, ClusterGenerator) against its CRD.
 * Validators are cached per option set.
 * @throws if no CRD in the chosen releases defines the object's group and kind.
 */
export function validateAgainstCrd(obj: unknown, opts: ValidateOptions = {}): string[] {
  return validatorFor(opts).validate(obj, opts.oldObject);
}

/**
 * Dispatches on apiVersion/kind: core kinds to `validateCoreObject`, custom resources to
 * `validateAgainstCrd`. @throws for kinds neither knows.
 */
export function validateObject(obj: unknown, opts: ValidateOptions = {}): string[] {
  if (!isPlainObject(obj)) throw new TypeError('validateObject: expected a Kubernetes object.');
  if (isCoreKind(obj.apiVersion, obj.kind)) return validateCoreObject(obj);
  if (typeof obj.apiVersion === 'string' && typeof obj.kind === 'string' && validatorFor(opts).has(obj.apiVersion, obj.kind)) {
    return validateAgainstCrd(obj, opts);
  }
  throw new Error(`validateObject: unknown apiVersion/kind ${String(obj.apiVersion)}/${String(obj.kind)}.`);
}
