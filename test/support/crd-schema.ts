/**
 * Turns a CRD's structural `openAPIV3Schema` into a JSON schema ajv can compile, so that ajv
 * rejects what the API server rejects. Kubernetes specifics and how they are handled:
 *
 * - Pruning: the API server silently drops fields its schema does not declare. We report them
 *   instead (`additionalProperties: false` on every structural object without
 *   `x-kubernetes-preserve-unknown-fields` or a map schema), because a dropped field is a typo.
 * - `pattern` is Go RE2 (`^(?i)(Info|…)?$`), which JavaScript's RegExp rejects. It is checked with
 *   the RE2 engine behind @bufbuild/cel's `matches()`, i.e. real RE2 semantics, unanchored like Go.
 * - `format`: only the string formats the API server checks are kept; others (`int32`, `int64`,
 *   `password`, …) are ignored, as kube-openapi ignores them. `int32` on Calico's `asNumber` is
 *   therefore not a range check: 4-byte ASNs are valid.
 * - `nullable`, `x-kubernetes-int-or-string`, `x-kubernetes-embedded-resource`,
 *   `x-kubernetes-list-type` (set: unique items; map: unique keys) are translated; other
 *   `x-kubernetes-*` keywords are consumed. An unrecognised keyword makes ajv (strict) throw.
 * - Defaults are applied (ajv `useDefaults`) before validation, as the API server does.
 */
import { isIP } from 'node:net';
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { at, isPlainObject, joinPath, unknownField } from './k8s-meta';

export type JsonSchema = { [keyword: string]: unknown };

const RE2_KEYWORD = 'x-re2-pattern';
const UNIQUE_MAP_KEYS_KEYWORD = 'x-unique-map-keys';

/** Keywords consumed here; any other `x-kubernetes-*` is an error (we would not know its meaning). */
const KNOWN_K8S_KEYWORDS = new Set([
  'x-kubernetes-validations', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
]);

/** String formats the API server validates (apiextensions-apiserver supported formats) that we check. */
const CHECKED_FORMATS = new Set([
  'date-time', 'datetime', 'date', 'byte', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid',
  'cidr', 'mac', 'duration',
]);

const matchesPlan = plan(celEnv(), parse('s.matches(p)'));

/** RE2 match through @bufbuild/cel (Go semantics: unanchored unless the pattern anchors). */
export function re2Test(pattern: string, text: string): boolean {
  const result = matchesPlan({ s: text, p: pattern });
  if (isCelError(result)) throw new Error(`RE2 pattern ${JSON.stringify(pattern)} failed: ${result.message}`);
  return result === true;
}

function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const family = isIP(s.slice(0, slash));
  const bits = s.slice(slash + 1);
  return family !== 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Go's time.ParseDuration syntax, which `format: duration` means in Kubernetes (not ISO 8601). */
const GO_DURATION = /^[-+]?(0|(\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))*)$/;

export function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    useDefaults: true,
    verbose: true,
  });
  addFormats(ajv, ['date-time', 'date', 'byte', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);
  ajv.addFormat('datetime', ajv.formats['date-time']!);
  ajv.addFormat('cidr', isCidr);
  ajv.addFormat('mac', /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{2}[:-]){7}[0-9A-Fa-f]{2}$/);
  ajv.addFormat('duration', GO_DURATION);
  ajv.addKeyword({
    keyword: RE2_KEYWORD,
    type: 'string',
    schemaType: 'string',
    compile: (pattern: string) => {
      re2Test(pattern, ''); // surfaces a pattern RE2 cannot compile when the schema is compiled
      return (data: string) => re2Test(pattern, data);
    },
  });
  ajv.addKeyword({
    keyword: UNIQUE_MAP_KEYS_KEYWORD,
    type: 'array',
    schemaType: 'array',
    compile: (keys: string[]) => (data: unknown[]) => {
      const seen = new Set(
        data.map((item) => JSON.stringify(keys.map((k) => (isPlainObject(item) ? item[k] : undefined)))),
      );
      return seen.size === data.length;
    },
  });
  return ajv;
}

function asTypes(type: unknown): string[] {
  if (type === undefined) return [];
  return Array.isArray(type) ? type.map(String) : [String(type)];
}

/**
 * @param structural true on the nodes pruning walks (properties, items, additionalProperties),
 *   false inside allOf/anyOf/oneOf/not, which only constrain values.
 */
function convert(node: JsonSchema, structural: boolean, isRoot = false): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-')) {
      if (!KNOWN_K8S_KEYWORDS.has(key)) throw new Error(`Unsupported schema keyword ${key}.`);
      continue;
    }
    switch (key) {
      case 'description': case 'example': case 'nullable':
        break;
      case 'properties':
        out.properties = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([name, sub]) =>
          // metadata is checked by validateMetadata(); the CRD schema says only `type: object`.
          [name, isRoot && name === 'metadata' ? { type: 'object' } : convert(sub, structural)]));
        break;
      case 'items': case 'not':
        out[key] = convert(value as JsonSchema, key === 'items' && structural);
        break;
      case 'additionalProperties':
        out[key] = typeof value === 'boolean' ? value : convert(value as JsonSchema, structural);
        break;
      case 'allOf': case 'anyOf': case 'oneOf':
        out[key] = (value as JsonSchema[]).map((s) => convert(s, false));
        break;
      case 'pattern':
        out[RE2_KEYWORD] = value;
        break;
      case 'format':
        if (CHECKED_FORMATS.has(String(value)) && asTypes(node.type).includes('string')) out.format = value;
        break;
      default:
        out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true && node.type === undefined) out.type = ['integer', 'string'];
  if (node['x-kubernetes-embedded-resource'] === true) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...(out.properties as object) };
  }
  if (node['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  if (node['x-kubernetes-list-type'] === 'map' && Array.isArray(node['x-kubernetes-list-map-keys'])) {
    out[UNIQUE_MAP_KEYS_KEYWORD] = node['x-kubernetes-list-map-keys'];
  }
  if (node.nullable === true && out.type !== undefined) {
    out.type = [...asTypes(out.type), 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (structural && asTypes(out.type).includes('object') && !preserve && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

/** The CRD version's `openAPIV3Schema`, translated for ajv (see the module comment). */
export function toAjvSchema(openAPIV3Schema: JsonSchema): JsonSchema {
  return convert(openAPIV3Schema, true, true);
}

function pointerToPath(pointer: string): string {
  return pointer.split('/').slice(1).reduce<string>((path, raw) => {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return joinPath(path, /^\d+$/.test(seg) ? Number(seg) : seg);
  }, '');
}

/** The offending value, when ajv ran with `verbose` (ours does; kubernetes-models' does not). */
function got(e: ErrorObject): string {
  return e.data === undefined ? '' : ` (got ${JSON.stringify(e.data)})`;
}

/** ajv errors as `<path>: <message>` sentences. */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const path = pointerToPath(e.instancePath);
    switch (e.keyword) {
      case 'additionalProperties':
        return unknownField(path, String(e.params.additionalProperty));
      case RE2_KEYWORD:
        return at(path, `must match pattern ${JSON.stringify(e.schema)}${got(e)}`);
      case UNIQUE_MAP_KEYS_KEYWORD:
        return at(path, `has duplicate entries for key(s) ${JSON.stringify(e.schema)}`);
      case 'required': // worded here: ajv-i18n (used by kubernetes-models) drops the quotes
        return at(path, `must have required property '${String(e.params.missingProperty)}'`);
      case 'enum':
        return at(path, `must be one of ${JSON.stringify(e.params.allowedValues)}${got(e)}`);
      default:
        return at(path, e.message ?? e.keyword);
    }
  });
}
