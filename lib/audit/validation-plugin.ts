/**
 * The audit as a cdk8s-cli validation plugin: `cdk8s synth` runs it over the manifests it has just
 * written, so an app that mixes the constructs with hand-written or imported objects (Helm charts,
 * `Include`) fails synth on an unprotected or half-configured peer.
 *
 * Framework-free: cdk8s-cli's contract is described here structurally (it loads the class with
 * `require` and calls `validate(context)`), so the core imports neither cdk8s nor cdk8s-cli.
 */
import { CalicoInstall, resolveInstall, checkCalicoVersion } from '../calico';
import { Problem, ValidationError, problem } from '../errors';
import { AuditReport, auditManifests } from './audit';
import { Finding, describeObject } from './findings';
import { readManifests } from './load';
import { AUDIT_RULES, AuditSeverity } from './rules';

/**
 * The `properties:` of the plugin's entry in `cdk8s.yaml`; the same options as
 * `calico-bgp-auth audit`.
 */
export interface BgpPasswordValidationProps {
  /**
   * How Calico is installed: `operator` (calico-node in `calico-system`) or `manifest` (calico.yaml
   * or Helm, `kube-system`).
   *
   * @default "operator"
   */
  readonly install?: 'operator' | 'manifest';
  /** calico-node's namespace, for other layouts (overrides `install`'s). @default the install's */
  readonly namespace?: string;
  /** calico-node's ServiceAccount. @default "calico-node" */
  readonly serviceAccount?: string;
  /**
   * Fail synth when a finding is at least this severe: `error` (Calico can end up peering without
   * the password), `warning`, or `never` (report only).
   *
   * @default "error"
   */
  readonly failOn?: 'error' | 'warning' | 'never';
  /** The Calico release (quoted in YAML, e.g. `"3.32"`) the spec rules are checked against. @default "3.32" */
  readonly calicoVersion?: string;
}

/** One resource in a violation, as cdk8s-cli's `ValidationViolatingResource`. */
export interface ValidationPluginResource {
  /** `metadata.name`: cdk8s-cli maps it to the construct path. */
  readonly resourceName: string;
  /** Where in the resource, here the object, its line and the finding's full sentence. */
  readonly locations: readonly string[];
  /** The manifest file the resource is in. */
  readonly manifestPath: string;
}

/** One violated rule and the resources breaking it, as cdk8s-cli's `ValidationViolation`. */
export interface ValidationPluginViolation {
  /** The audit rule's id, e.g. `peer.no-password`. */
  readonly ruleName: string;
  /** What is wrong (the rule's summary, with its severity). */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resources breaking the rule. */
  readonly violatingResources: readonly ValidationPluginResource[];
}

/** The part of cdk8s-cli's `ValidationContext` the plugin uses. */
export interface ValidationPluginContext {
  /** Paths of the manifests `cdk8s synth` wrote. */
  readonly manifests: readonly string[];
  /** The report: violations, then `submit` once. */
  readonly report: {
    addViolation(violation: ValidationPluginViolation): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
}

const PROPS: Readonly<Record<keyof BgpPasswordValidationProps, true>> = {
  install: true,
  namespace: true,
  serviceAccount: true,
  failOn: true,
  calicoVersion: true,
};
const CONTEXT = 'BgpPasswordValidation (cdk8s.yaml validations properties)';

function oneOfProblem(key: string, value: unknown, allowed: readonly string[]): Problem[] {
  return typeof value === 'string' && allowed.includes(value) ? [] : [problem(key, 'validation.property',
    `'${key}' (${JSON.stringify(value)}) must be one of ${allowed.map((a) => `'${a}'`).join(', ')}.`)];
}

function stringProblem(key: string, value: unknown, hint = ''): Problem[] {
  return typeof value === 'string' ? [] : [problem(key, 'validation.property',
    `'${key}' (${JSON.stringify(value)}) must be a string${hint}.`)];
}

/** The properties, checked and resolved; every problem at once, each naming the property. */
function resolveProps(input: unknown): { install: CalicoInstall; failOn: 'error' | 'warning' | 'never'; calicoVersion?: string } {
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ValidationError([problem('properties', 'validation.property', `'properties' must be a mapping of ${Object.keys(PROPS).join(', ')}.`)], CONTEXT);
  }
  const props = input as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const key of Object.keys(props)) {
    if (!(key in PROPS)) {
      problems.push(problem(key, 'validation.property',
        `'${key}' is not a property of BgpPasswordValidation; it takes ${Object.keys(PROPS).join(', ')}.`));
    }
  }
  if (props.install !== undefined) problems.push(...oneOfProblem('install', props.install, ['operator', 'manifest']));
  if (props.failOn !== undefined) problems.push(...oneOfProblem('failOn', props.failOn, ['error', 'warning', 'never']));
  if (props.namespace !== undefined) problems.push(...stringProblem('namespace', props.namespace));
  if (props.serviceAccount !== undefined) problems.push(...stringProblem('serviceAccount', props.serviceAccount));
  if (props.calicoVersion !== undefined) {
    const typed = stringProblem('calicoVersion', props.calicoVersion,
      ': quote it in YAML (calicoVersion: "3.30"), or 3.30 reads as the number 3.3');
    problems.push(...(typed.length ? typed : checkCalicoVersion(props.calicoVersion as string)));
  }
  if (problems.length) throw new ValidationError(problems, CONTEXT);
  let install: CalicoInstall;
  try {
    const base = resolveInstall((props.install as 'operator' | 'manifest' | undefined) ?? 'operator');
    install =
      props.namespace === undefined && props.serviceAccount === undefined
        ? base
        : resolveInstall({
          namespace: (props.namespace as string | undefined) ?? base.namespace,
          serviceAccount: (props.serviceAccount as string | undefined) ?? base.serviceAccount,
        });
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    // The core names its fields install.namespace / install.serviceAccount; here they are properties.
    throw new ValidationError(e.problems.map((p) => {
      const key = p.field.replace(/^install\./, '');
      return problem(key, p.rule, p.message.replace(`'${p.field}'`, `'${key}'`));
    }), CONTEXT);
  }
  return { install, failOn: (props.failOn as 'error' | 'warning' | 'never' | undefined) ?? 'error', ...(props.calicoVersion !== undefined ? { calicoVersion: props.calicoVersion as string } : {}) };
}

/** `file:line` → file and line (the file may itself hold colons). */
function splitSource(source: string | undefined): { file: string; line?: string } {
  const m = source === undefined ? null : /^(.*):(\d+)$/.exec(source);
  return m ? { file: m[1], line: m[2] } : { file: source ?? 'unknown' };
}

function atLeast(severity: AuditSeverity, failOn: 'error' | 'warning' | 'never'): boolean {
  return failOn === 'warning' || (failOn === 'error' && severity === 'error');
}

/** The findings as cdk8s-cli violations: one per rule, each finding a violating resource. */
function violationsOf(findings: readonly Finding[]): ValidationPluginViolation[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  return [...byRule].map(([rule, group]) => {
    const catalogued = (AUDIT_RULES as Readonly<Record<string, { summary: string; fix: string }>>)[rule];
    const first = group[0];
    return {
      ruleName: rule,
      recommendation: `[${first.severity}] ${catalogued?.summary ?? first.message}`,
      fix: catalogued?.fix ?? first.fix,
      violatingResources: group.map((f) => {
        const { file, line } = splitSource(f.source);
        return { resourceName: f.name, manifestPath: file, locations: [`${describeObject(f)}${line ? ` (line ${line})` : ''}: ${f.message}`] };
      }),
    };
  });
}

/**
 * The BGP password audit as a cdk8s-cli validation plugin: `cdk8s synth` fails when the synthesized
 * manifests hold a BGPPeer without a password, a `secretKeyRef` calico-node cannot follow (Secret,
 * key, namespace or RBAC missing: Calico then peers without a password, silently), a password value
 * that breaks the floor rules, or anything else `calico-bgp-auth audit` reports at or above `failOn`.
 * Each finding is reported under its audit rule with the object's name, its manifest and line; no
 * password is ever printed.
 *
 * cdk8s-cli loads the class from `cdk8s.yaml`: a `package` starting with `./` is `require`d from that
 * path (its `main`), and `version` must be exact (not a range) but is not compared with the package's.
 * It constructs the class with `properties` and calls {@link BgpPasswordValidation.validate}. The audit sees
 * only what the app synthesizes: a Secret or RoleBinding applied some other way is reported missing.
 *
 * In `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/calico-bgp-auth
 *     class: BgpPasswordValidation
 *     version: "0.0.0"            # the installed version, exactly
 *     properties:
 *       install: operator         # or manifest; or namespace / serviceAccount
 *       failOn: error             # or warning, never
 * ```
 *
 * @example
 * import { BgpPasswordValidation } from 'calico-bgp-auth';
 *
 * // What cdk8s-cli does with that entry after `cdk8s synth` has written the app's manifests:
 * const plugin = new BgpPasswordValidation({ install: 'operator', failOn: 'error' });
 * void plugin.validate({
 *   manifests: [],   // the synthesized files, e.g. 'dist/app.k8s.yaml'
 *   report: {
 *     addViolation: (v) => console.log(v.ruleName, v.violatingResources.map((r) => r.resourceName)),
 *     submit: (status, metadata) => console.log(status, metadata),
 *   },
 * });
 */
export class BgpPasswordValidation {
  private readonly install: CalicoInstall;
  private readonly failOn: 'error' | 'warning' | 'never';
  private readonly calicoVersion?: string;

  /**
   * @param props the entry's `properties` (untyped YAML: each is checked).
   * @throws ValidationError naming each bad property, before synth validates anything.
   */
  constructor(props: BgpPasswordValidationProps = {}) {
    const resolved = resolveProps(props);
    this.install = resolved.install;
    this.failOn = resolved.failOn;
    this.calicoVersion = resolved.calicoVersion;
  }

  /**
   * Audits `context.manifests`, adds one violation per broken rule and submits `failure` when a
   * finding is at least as severe as `failOn`, else `success`.
   */
  public async validate(context: ValidationPluginContext): Promise<void> {
    const report: AuditReport = auditManifests(readManifests(context.manifests), {
      install: this.install, ...(this.calicoVersion !== undefined ? { calicoVersion: this.calicoVersion } : {}),
    });
    for (const violation of violationsOf(report.findings)) context.report.addViolation(violation);
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    const failing = report.findings.some((f) => atLeast(f.severity, this.failOn));
    context.report.submit(failing ? 'failure' : 'success', {
      'Objects audited': String(report.objectCount),
      'Calico install': `${this.install.flavor}: calico-node in ${this.install.namespace}, ServiceAccount ${this.install.serviceAccount}`,
      'Findings': `${errors} error(s), ${report.findings.length - errors} warning(s); failOn: ${this.failOn}`,
    });
  }
}
