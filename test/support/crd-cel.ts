/**
 * Evaluates a CRD's `x-kubernetes-validations` CEL rules with @bufbuild/cel, at the schema node
 * each rule is attached to, with `self` bound to that node's value (after defaulting), as the
 * API server does. Rules are parsed and checked when the CRD is loaded: a rule that does not
 * parse, calls a function @bufbuild/cel lacks (e.g. Kubernetes' `isSorted`, `quantity`, `ip`), or
 * names an unknown variable throws then, so no rule can pass silently.
 * Transition rules (those using `oldSelf`) run only when an old object is supplied and the value
 * at the same path exists in it; otherwise they are skipped, as on create.
 */
import { celEnv, isCelError, parse, plan, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import type { JsonSchema } from './crd-schema';
import { at, isPlainObject, joinPath } from './k8s-meta';

interface RuleSource {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
}

/** A compiled rule, as listed by `CelRules.list()`. */
export interface CelRuleInfo {
  /** Schema path the rule is attached to: `spec`, `spec.filters[*]`, or `(root)`. */
  readonly path: string;
  readonly rule: string;
  readonly message?: string;
  /** Uses `oldSelf`: evaluated only when an old object is supplied. */
  readonly transition: boolean;
}

type Program = (bindings: Record<string, CelInput>) => unknown;

interface CompiledRule extends CelRuleInfo {
  readonly program: Program;
  readonly messageProgram?: Program;
  readonly fieldPath?: string;
}

interface CelNode {
  readonly schema: JsonSchema;
  readonly rules: CompiledRule[];
  readonly properties: Map<string, CelNode>;
  readonly additionalProperties?: CelNode;
  readonly items?: CelNode;
}

const env = celEnv({ funcs: strings });
/** Built into the planner rather than registered as functions. */
const PLANNER_FUNCTIONS = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '@not_strictly_false']);
const TYPE_IDENTS = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type']);

interface ExprNode { exprKind: { case: string | undefined; value?: unknown } }

/** Functions and identifiers an expression uses (walks the parsed cel.expr.Expr). */
function scan(expr: ExprNode, acc: { funcs: Set<string>; idents: Set<string>; bound: Set<string> }): void {
  const { case: kind, value } = expr.exprKind;
  const v = value as Record<string, unknown>;
  const sub = (e: unknown) => { if (e) scan(e as ExprNode, acc); };
  switch (kind) {
    case 'identExpr': acc.idents.add(v.name as string); break;
    case 'selectExpr': sub(v.operand); break;
    case 'callExpr':
      acc.funcs.add(v.function as string); sub(v.target); (v.args as unknown[]).forEach(sub); break;
    case 'listExpr': (v.elements as unknown[]).forEach(sub); break;
    case 'structExpr':
      for (const e of v.entries as Array<{ keyKind: { value?: unknown }; value: unknown }>) {
        if (typeof e.keyKind.value === 'object') sub(e.keyKind.value);
        sub(e.value);
      }
      break;
    case 'comprehensionExpr':
      for (const name of ['iterVar', 'iterVar2', 'accuVar']) if (v[name]) acc.bound.add(v[name] as string);
      for (const part of ['iterRange', 'accuInit', 'loopCondition', 'loopStep', 'result']) sub(v[part]);
      break;
    default: // constExpr
  }
}

function compileProgram(source: string, what: string, where: string): { program: Program; transition: boolean } {
  let parsed;
  try {
    parsed = parse(source);
  } catch (e) {
    throw new Error(`CEL ${what} at ${where} does not parse: ${source}\n${(e as Error).message}`);
  }
  const acc = { funcs: new Set<string>(), idents: new Set<string>(), bound: new Set<string>() };
  scan(parsed.expr as ExprNode, acc);
  const missing = [...acc.funcs].filter((f) => !PLANNER_FUNCTIONS.has(f) && env.funcs.find(f) === undefined);
  if (missing.length) {
    throw new Error(`CEL ${what} at ${where} uses functions @bufbuild/cel does not provide (${missing.join(', ')}): ${source}`);
  }
  const unknown = [...acc.idents].filter((i) => !['self', 'oldSelf'].includes(i) && !acc.bound.has(i) && !TYPE_IDENTS.has(i));
  if (unknown.length) {
    throw new Error(`CEL ${what} at ${where} uses unknown variables (${unknown.join(', ')}): ${source}`);
  }
  return { program: plan(env, parsed) as unknown as Program, transition: acc.idents.has('oldSelf') };
}

function compileNode(schema: JsonSchema, path: string, list: CelRuleInfo[]): CelNode {
  const rules = ((schema['x-kubernetes-validations'] ?? []) as RuleSource[]).map((src): CompiledRule => {
    if (src.optionalOldSelf) {
      throw new Error(`CEL rule at ${path || '(root)'} uses optionalOldSelf, which this harness does not support: ${src.rule}`);
    }
    const { program, transition } = compileProgram(src.rule, 'rule', path || '(root)');
    const messageProgram = src.messageExpression ? compileProgram(src.messageExpression, 'messageExpression', path || '(root)').program : undefined;
    const info = { path: path || '(root)', rule: src.rule, message: src.message, transition };
    list.push(info);
    return { ...info, program, messageProgram, fieldPath: src.fieldPath };
  });
  for (const key of ['allOf', 'anyOf', 'oneOf', 'not']) {
    if (JSON.stringify(schema[key] ?? null).includes('x-kubernetes-validations')) {
      throw new Error(`CEL rules under ${key} at ${path || '(root)'} are not supported by this harness.`);
    }
  }
  const properties = new Map<string, CelNode>();
  for (const [name, sub] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    properties.set(name, compileNode(sub, joinPath(path, name), list));
  }
  const ap = schema.additionalProperties;
  return {
    schema,
    rules,
    properties,
    additionalProperties: isPlainObject(ap) ? compileNode(ap, `${path}[*]`, list) : undefined,
    items: isPlainObject(schema.items) ? compileNode(schema.items, `${path}[*]`, list) : undefined,
  };
}

function types(schema: JsonSchema): unknown[] {
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** JSON -> CEL input: objects become maps, schema integers become CEL `int` (bigint). */
function toCel(schema: JsonSchema, value: unknown): CelInput {
  if (Array.isArray(value)) {
    const items = isPlainObject(schema.items) ? schema.items : {};
    return value.map((v) => toCel(items, v));
  }
  if (isPlainObject(value)) {
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const ap = isPlainObject(schema.additionalProperties) ? schema.additionalProperties : {};
    return new Map(Object.entries(value).map(([k, v]) => [k, toCel(props[k] ?? ap, v)]));
  }
  if (typeof value === 'number' && Number.isInteger(value)
    && (types(schema).includes('integer') || schema['x-kubernetes-int-or-string'] === true)) {
    return BigInt(value);
  }
  return value as CelInput;
}

/** Old list item correlated by `x-kubernetes-list-map-keys` (the only lists Kubernetes correlates). */
function correlateItem(schema: JsonSchema, old: unknown, item: unknown): { found: boolean; value?: unknown } {
  const keys = schema['x-kubernetes-list-map-keys'];
  if (schema['x-kubernetes-list-type'] !== 'map' || !Array.isArray(keys) || !Array.isArray(old) || !isPlainObject(item)) return { found: false };
  const match = old.find((o) => isPlainObject(o) && keys.every((k: string) => o[k] === item[k]));
  return match === undefined ? { found: false } : { found: true, value: match };
}

function evaluateRule(
  rule: CompiledRule,
  node: CelNode,
  value: unknown,
  old: { found: boolean; value?: unknown },
  path: string,
): string | undefined {
  if (rule.transition && !old.found) return undefined;
  const bindings: Record<string, CelInput> = { self: toCel(node.schema, value) };
  if (rule.transition) bindings.oldSelf = toCel(node.schema, old.value);
  const where = rule.fieldPath ? `${path}${rule.fieldPath.startsWith('.') ? '' : '.'}${rule.fieldPath}` : path;
  const result = rule.program(bindings);
  if (isCelError(result)) return at(where, `CEL rule could not be evaluated (${result.message}): ${rule.rule}`);
  if (typeof result !== 'boolean') return at(where, `CEL rule returned ${String(result)}, not a bool: ${rule.rule}`);
  if (result) return undefined;
  if (rule.messageProgram) {
    const msg = rule.messageProgram(bindings);
    if (typeof msg === 'string' && msg !== '') return at(where, msg);
  }
  return at(where, rule.message ?? `failed rule: ${rule.rule}`);
}

function evaluateNode(
  node: CelNode,
  value: unknown,
  old: { found: boolean; value?: unknown },
  path: string,
  out: string[],
): void {
  if (value === undefined || value === null) return;
  for (const rule of node.rules) {
    const error = evaluateRule(rule, node, value, old, path);
    if (error) out.push(error);
  }
  const child = (key: string) =>
    old.found && isPlainObject(old.value) && key in old.value
      ? { found: true, value: old.value[key] }
      : { found: false };
  if (isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const sub = node.properties.get(key) ?? node.additionalProperties;
      if (sub) evaluateNode(sub, v, child(key), joinPath(path, key), out);
    }
  } else if (Array.isArray(value) && node.items) {
    value.forEach((item, i) =>
      evaluateNode(node.items!, item, correlateItem(node.schema, old.value, item), joinPath(path, i), out),
    );
  }
}

/** All CEL rules of one CRD version's schema, compiled. */
export class CelRules {
  private readonly root: CelNode;
  private readonly infos: CelRuleInfo[] = [];

  /** @throws if any rule cannot be compiled (see the module comment). */
  constructor(openAPIV3Schema: JsonSchema) {
    this.root = compileNode(openAPIV3Schema, '', this.infos);
  }

  /** Every rule, in schema order. */
  list(): readonly CelRuleInfo[] {
    return this.infos;
  }

  /** Failed rules as `<path>: <message>`; `oldObject` enables transition rules. */
  validate(obj: unknown, oldObject?: unknown): string[] {
    const out: string[] = [];
    evaluateNode(this.root, obj, oldObject === undefined ? { found: false } : { found: true, value: oldObject }, '', out);
    return out;
  }
}
