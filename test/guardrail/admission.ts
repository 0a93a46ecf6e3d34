/**
 * Evaluates a ValidatingAdmissionPolicy the way kube-apiserver does for one request, with
 * @bufbuild/cel: match the resource rules, build `request` and `object` (the object in its JSON
 * form, a Secret's stringData merged into base64 data as the API server's decoding does), run the
 * matchConditions, the variables in order (bound as `variables`), then every validation and,
 * for a failed one, its messageExpression.
 *
 * Any evaluation error throws: under failurePolicy Fail an error denies the request, so a rule
 * that errors on some input is a bug the tests must see.
 */
import { celEnv, isCelError, parse, plan, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

const env = celEnv({ funcs: strings });

/** Functions Kubernetes' admission CEL environment has and the policy may call. */
const KUBERNETES_FUNCTIONS = new Set([
  '_&&_', '_||_', '!_', '-_', '_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '_+_', '_-_', '_*_', '_/_', '_%_', '_?_:_', '_[_]',
  '@in', '@not_strictly_false', 'size', 'matches', 'startsWith', 'endsWith', 'contains', 'string', 'join',
]);

interface ExprNode { exprKind: { case: string | undefined; value?: unknown } }

/** The functions an expression calls (macros such as all() and filter() are expanded by the parser). */
export function functionsOf(expression: string): Set<string> {
  const found = new Set<string>();
  const walk = (e: unknown) => {
    if (!e) return;
    const { case: kind, value } = (e as ExprNode).exprKind;
    const v = value as Record<string, unknown>;
    if (kind === 'callExpr') {
      found.add(v.function as string);
      walk(v.target);
      (v.args as unknown[]).forEach(walk);
    } else if (kind === 'selectExpr') {
      walk(v.operand);
    } else if (kind === 'listExpr') {
      (v.elements as unknown[]).forEach(walk);
    } else if (kind === 'structExpr') {
      (v.entries as Array<{ keyKind: { value?: unknown }; value: unknown }>).forEach((x) => {
        walk(x.keyKind.value);
        walk(x.value);
      });
    } else if (kind === 'comprehensionExpr') {
      for (const k of ['iterRange', 'accuInit', 'loopCondition', 'loopStep', 'result']) walk(v[k]);
    }
  };
  walk(parse(expression).expr);
  return found;
}

/** Functions an expression calls that Kubernetes' CEL environment lacks. */
export function nonKubernetesFunctions(expression: string): string[] {
  return [...functionsOf(expression)].filter((f) => !KUBERNETES_FUNCTIONS.has(f));
}

const programs = new Map<string, ReturnType<typeof plan>>();

function evaluate(expression: string, bindings: Record<string, CelInput>, what: string): unknown {
  let program = programs.get(expression);
  if (!program) {
    program = plan(env, parse(expression));
    programs.set(expression, program);
  }
  const result = program(bindings);
  if (isCelError(result)) {
    throw new Error(`${what} failed to evaluate: ${result.message}\n  ${expression.slice(0, 200)}`);
  }
  return result;
}

type Obj = Record<string, unknown>;

const RESOURCES: Record<string, string> = { BGPPeer: 'bgppeers', BGPConfiguration: 'bgpconfigurations', Secret: 'secrets' };

/** The object as admission sees it: a Secret's stringData merged into base64 data. */
export function admissionForm(object: Obj): Obj {
  if (object.kind !== 'Secret' || object.apiVersion !== 'v1' || !object.stringData) return object;
  const { stringData, ...rest } = object;
  const data = { ...(rest.data as Obj | undefined) };
  for (const [k, v] of Object.entries(stringData as Record<string, string>)) {
    data[k] = Buffer.from(v, 'utf8').toString('base64');
  }
  return { ...rest, data };
}

/** What one request did against the policy. */
export interface AdmissionResult {
  /** Whether the policy applies to the request at all (resource rules and matchConditions). */
  readonly matched: boolean;
  /** The failed validations, by index, with the message the API server would return. */
  readonly failures: ReadonlyArray<{ readonly index: number; readonly message: string }>;
}

/** Runs `policy` against a CREATE (or UPDATE) of `object`. */
export function admit(policy: Obj, object: Obj, operation: 'CREATE' | 'UPDATE' = 'CREATE'): AdmissionResult {
  const spec = policy.spec as Obj;
  const [group, version] = String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/') : ['', String(object.apiVersion)];
  const kind = String(object.kind);
  const resource = RESOURCES[kind];
  const rules = ((spec.matchConstraints as Obj).resourceRules as Obj[]);
  const ruleMatches = rules.some((r) => (r.apiGroups as string[]).includes(group) && ((r.apiVersions as string[]).includes(version) || (r.apiVersions as string[]).includes('*'))
    && (r.operations as string[]).includes(operation) && (r.resources as string[]).includes(resource));
  if (!ruleMatches) return { matched: false, failures: [] };
  const meta = object.metadata as Obj;
  const request = {
    kind: { group, version, kind },
    resource: { group, version, resource },
    operation,
    name: meta.name,
    namespace: meta.namespace ?? '',
  } as unknown as CelInput;
  const bindings: Record<string, CelInput> = { object: admissionForm(object) as CelInput, oldObject: null, request };
  for (const c of (spec.matchConditions as Obj[] | undefined) ?? []) {
    if (evaluate(String(c.expression), bindings, `matchCondition ${String(c.name)}`) !== true) return { matched: false, failures: [] };
  }
  const variables: Record<string, unknown> = {};
  for (const v of (spec.variables as Obj[] | undefined) ?? []) {
    variables[String(v.name)] = evaluate(String(v.expression), { ...bindings, variables: variables as CelInput }, `variable ${String(v.name)}`);
  }
  const withVariables = { ...bindings, variables: variables as CelInput };
  const failures: Array<{ index: number; message: string }> = [];
  (spec.validations as Obj[]).forEach((v, index) => {
    const ok = evaluate(String(v.expression), withVariables, `validation ${index}`);
    if (typeof ok !== 'boolean') throw new Error(`validation ${index} returned ${typeof ok}, not a bool`);
    if (ok) return;
    const message = v.messageExpression ? evaluate(String(v.messageExpression), withVariables, `messageExpression ${index}`) : v.message;
    failures.push({ index, message: String(message) });
  });
  return { matched: true, failures };
}
