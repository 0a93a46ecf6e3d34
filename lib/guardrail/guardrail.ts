/**
 * An in-cluster guardrail: a ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, GA in
 * Kubernetes 1.30) and its binding, whose CEL rules refuse unprotected BGP peerings. The wording
 * comes from the audit's catalogue (`AUDIT_RULES`), so `calico-bgp-auth audit` and the API server
 * say the same thing.
 *
 * What admission CEL sees (k8s.io/apiserver `admission/plugin/cel`): `object` is the request's
 * object converted to unstructured JSON and typed `dyn`; a Secret's `stringData` was merged into
 * `data` when the request was decoded (`Convert_v1_Secret_To_core_Secret`), so only `data` is
 * there, each value as base64 text; Kubernetes' CEL has no base64 decoder. The floor rules are
 * therefore checked on the base64 text with regular expressions (see `floor-cel.ts`).
 *
 * Covered: BGPPeers without `spec.password.secretKeyRef`, or with one that can never resolve (a
 * name that is not a DNS-1123 subdomain, a key outside `[-._a-zA-Z0-9]+`; the same on `default`'s
 * `nodeMeshPassword`); `nodeMeshPassword` on a BGPConfiguration
 * other than `default` or with the mesh disabled; optionally `default` without a mesh password;
 * BGPPeer selectors that are not Calico selector syntax (a regular expression: parenthesis balance
 * is the one thing it cannot check, see `selector-cel.ts`); BGPConfiguration `ignoredInterfaces`
 * entries that are not interface names (they go into bird.cfg unescaped);
 * labelled Secrets whose values are empty, over 80 bytes, or hold `"`, a newline, a control
 * character, surrounding whitespace, a line or paragraph separator, a format character (Cf) or an
 * encoded surrogate. Not covered: whether the referenced Secret exists, holds
 * the key, lives in calico-node's namespace, or is readable by calico-node (admission sees one
 * object at a time; run `calico-bgp-auth audit` for those); Secrets without the label; values that
 * are not valid UTF-8. Requests to calico-apiserver's aggregated `projectcalico.org/v3` API are
 * proxied by kube-apiserver and admitted by calico-apiserver, not by this policy; kube-apiserver
 * sees them as calico-apiserver's writes to `crd.projectcalico.org/v1`, hence `matchCrdApiGroup`.
 * Native v3 CRDs (Calico 3.32 tech preview) are admitted by kube-apiserver directly.
 */
import { PASSWORD_SECRET_LABEL, LIBRARY_LABELS, KubeObject } from '../calico';
import { throwIfProblems } from '../errors';
import { AuditRuleId, ruleSentence } from '../audit';
import { FloorRuleId, celString, floorPredicates } from './floor-cel';
import { SELECTOR_FIELDS, SELECTOR_PATTERN } from './selector-cel';
import { BgpPasswordGuardrailProps, DEFAULT_EXEMPTION_LABEL, DEFAULT_GUARDRAIL_NAME, checkBgpPasswordGuardrailProps } from './props';

/** One CEL validation of the policy, with the catalogue rule it enforces. */
export interface GuardrailValidation {
  /** The catalogue rule (`AUDIT_RULES`) this validation enforces. */
  readonly rule: AuditRuleId;
  /** The CEL expression; true means the object is allowed. */
  readonly expression: string;
  /** The message when it is false. */
  readonly message: string;
  /** A CEL expression computing a more precise message (falls back to `message`). */
  readonly messageExpression?: string;
}

/** What {@link buildBgpPasswordGuardrail} returns: the two objects to apply, policy first. */
export interface BgpPasswordGuardrailObjects {
  /** The ValidatingAdmissionPolicy. */
  readonly policy: KubeObject;
  /** The ValidatingAdmissionPolicyBinding that puts it into force. */
  readonly binding: KubeObject;
  /** The validations of the policy, with the rules they enforce. */
  readonly validations: readonly GuardrailValidation[];
}

const FLOOR_RULES: readonly FloorRuleId[] = ['password.empty', 'password.max-bytes', 'password.double-quote', 'password.newline',
  'password.control-character', 'password.surrounding-whitespace', 'password.line-separator', 'password.format-character', 'password.unpaired-surrogate'];

/** `has()` of every step of `path` under `root`, so a missing parent is false rather than an error. */
function present(root: string, path: readonly string[]): string {
  return path.map((_, i) => `has(${[root, ...path.slice(0, i + 1)].join('.')})`).join(' && ');
}

function nonEmptyRef(root: string, field: string): string {
  const ref = [field, 'secretKeyRef'];
  return `${present(root, ['spec', ...ref, 'name'])} && ${root}.spec.${ref.join('.')}.name != '' && `
    + `has(${root}.spec.${ref.join('.')}.key) && ${root}.spec.${ref.join('.')}.key != ''`;
}

/**
 * The `secretKeyRef` under `field` can resolve: its name is a DNS-1123 subdomain and its key a
 * Secret data key (Kubernetes' `IsDNS1123Subdomain` and `IsConfigMapKey`, as the core's
 * `checkName` and `isSecretKey`). Neither Calico's CRDs nor their CEL rules check this.
 */
function resolvableRef(root: string, field: string): string {
  const ref = `${root}.spec.${field}.secretKeyRef`;
  return `(size(${ref}.name) <= 253 && ${ref}.name.matches(${celString('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$')}) && `
    + `size(${ref}.key) <= 253 && ${ref}.key.matches(${celString('^[-._a-zA-Z0-9]+$')}) && ${ref}.key != '.' && !${ref}.key.startsWith('..'))`;
}

/** The policy's variables: which kind is admitted, and whether a peer is exempt. */
function variables(props: BgpPasswordGuardrailProps): Array<{ name: string; expression: string }> {
  const exemptions: string[] = [];
  const label = props.exemptionLabel ?? DEFAULT_EXEMPTION_LABEL;
  if (label !== false) {
    exemptions.push(`(has(object.metadata.labels) && ${celString(label)} in object.metadata.labels && object.metadata.labels[${celString(label)}] == 'true')`);
  }
  if (props.exemptPeers?.length) {
    exemptions.push(`object.metadata.name in [${props.exemptPeers.map(celString).join(', ')}]`);
  }
  return [
    { name: 'isPeer', expression: 'request.kind.kind == \'BGPPeer\'' },
    { name: 'isConfiguration', expression: 'request.kind.kind == \'BGPConfiguration\'' },
    { name: 'isPasswordSecret', expression: 'request.kind.group == \'\' && request.kind.kind == \'Secret\'' },
    { name: 'exempt', expression: exemptions.length ? exemptions.join(' || ') : 'false' },
  ];
}

function peerHint(props: BgpPasswordGuardrailProps): string {
  const label = props.exemptionLabel ?? DEFAULT_EXEMPTION_LABEL;
  const ways = [label !== false ? `label it ${label}=true` : undefined, props.exemptPeers?.length ? 'list it in the guardrail\'s exemptPeers' : undefined].filter(Boolean);
  return ways.length ? ` To keep a peer unauthenticated on purpose, ${ways.join(' or ')}.` : '';
}

/** The validations, in the order the API server evaluates them. */
function validations(props: BgpPasswordGuardrailProps): GuardrailValidation[] {
  const out: GuardrailValidation[] = [
    {
      rule: 'peer.no-password',
      expression: `!variables.isPeer || variables.exempt || (${nonEmptyRef('object', 'password')})`,
      message: `${ruleSentence('peer.no-password')}${peerHint(props)}`,
    },
    {
      rule: 'mesh.password-not-default',
      expression: `!variables.isConfiguration || object.metadata.name == 'default' || !(${present('object', ['spec', 'nodeMeshPassword'])})`,
      message: ruleSentence('mesh.password-not-default'),
    },
    {
      rule: 'mesh.password-mesh-disabled',
      expression: `!variables.isConfiguration || !(${present('object', ['spec', 'nodeMeshPassword'])}) || !has(object.spec.nodeToNodeMeshEnabled) || object.spec.nodeToNodeMeshEnabled`,
      message: ruleSentence('mesh.password-mesh-disabled'),
    },
  ];
  // A reference that is there but can never resolve: calico-node fails open just the same.
  // One validation for the peer's reference and the mesh's (on `default` with the mesh on, the one calico-node
  // follows).
  out.push({
    rule: 'secret.invalid-ref',
    expression: `(!variables.isPeer || variables.exempt || !(${nonEmptyRef('object', 'password')}) || ${resolvableRef('object', 'password')}) && `
      + `(!variables.isConfiguration || object.metadata.name != 'default' || (${present('object', ['spec', 'nodeToNodeMeshEnabled'])} && !object.spec.nodeToNodeMeshEnabled) `
      + `|| !(${nonEmptyRef('object', 'nodeMeshPassword')}) || ${resolvableRef('object', 'nodeMeshPassword')})`,
    message: ruleSentence('secret.invalid-ref'),
  });
  if (props.requireMeshPassword) {
    out.push({
      rule: 'mesh.no-password',
      expression: `!variables.isConfiguration || object.metadata.name != 'default' || (${present('object', ['spec', 'nodeToNodeMeshEnabled'])} && !object.spec.nodeToNodeMeshEnabled) || (${nonEmptyRef('object', 'nodeMeshPassword')})`,
      message: ruleSentence('mesh.no-password'),
    });
  }
  if (props.checkSelectors ?? true) {
    for (const field of SELECTOR_FIELDS) {
      const value = `object.spec.${field}`;
      out.push({
        rule: 'calico.selector',
        expression: `!variables.isPeer || !(${present('object', ['spec', field])}) || string(${value}).matches(${celString(SELECTOR_PATTERN)})`,
        message: `spec.${field} is not valid Calico selector syntax. ${ruleSentence('calico.selector')}`,
        messageExpression: `'spec.${field} (' + string(${value}) + ') is not valid Calico selector syntax. ' + ${celString(ruleSentence('calico.selector'))}`,
      });
    }
  }
  if (props.checkSelectors ?? true) {
    // confd writes each entry unescaped into bird.cfg as -"<name>": the same injection as a quote in a password.
    const ok = `i.matches(${celString('^[a-zA-Z0-9_.*-]{1,15}$')}) && i != '*'`;
    out.push({
      rule: 'calico.ignored-interface',
      expression: `!variables.isConfiguration || !(${present('object', ['spec', 'ignoredInterfaces'])}) || object.spec.ignoredInterfaces.all(i, ${ok})`,
      message: ruleSentence('calico.ignored-interface'),
    });
  }
  if (props.checkPasswordSecrets ?? true) {
    // `string()` keeps the expressions well typed for the API server's type checker, which reads
    // Secret.data as bytes from the OpenAPI schema, while the runtime value is the base64 string.
    const predicates = floorPredicates('string(object.data[k])');
    for (const rule of FLOOR_RULES) {
      const bad = predicates[rule];
      out.push({
        rule,
        expression: `!variables.isPasswordSecret || !has(object.data) || object.data.all(k, !(${bad}))`,
        message: `A Secret labelled ${PASSWORD_SECRET_LABEL} holds a value that breaks a floor rule. ${ruleSentence(rule)}`,
        messageExpression: `'Secret ' + object.metadata.name + ', key(s) ' + object.data.filter(k, ${bad}).join(', ') + ': ' + ${celString(ruleSentence(rule))}`,
      });
    }
  }
  return out;
}

/**
 * The guardrail's ValidatingAdmissionPolicy and binding, as plain objects (the cdk8s and Pulumi
 * `BgpPasswordGuardrail` emit exactly these). Throws a ValidationError naming each bad prop.
 *
 * @example
 * ```ts
 * import { stringify } from 'yaml';
 * import { buildBgpPasswordGuardrail } from 'calico-bgp-auth';
 *
 * const { policy, binding } = buildBgpPasswordGuardrail({
 *   validationActions: ['Warn', 'Audit'],
 *   exemptPeers: ['lab-router'],
 * });
 * const yaml = [policy, binding].map((o) => stringify(o)).join('---\n');   // for kubectl apply -f -
 * ```
 */
export function buildBgpPasswordGuardrail(props: BgpPasswordGuardrailProps = {}): BgpPasswordGuardrailObjects {
  throwIfProblems(checkBgpPasswordGuardrailProps(props), 'BgpPasswordGuardrail');
  const name = props.name ?? DEFAULT_GUARDRAIL_NAME;
  const labels = { ...props.labels, ...LIBRARY_LABELS };
  const operations = ['CREATE', 'UPDATE'];
  const calicoResources = ['bgppeers', 'bgpconfigurations'];
  const resourceRules: Array<Record<string, unknown>> = [
    { apiGroups: ['projectcalico.org'], apiVersions: ['v3'], operations, resources: calicoResources },
  ];
  if (props.matchCrdApiGroup ?? true) {
    resourceRules.push({ apiGroups: ['crd.projectcalico.org'], apiVersions: ['v1'], operations, resources: calicoResources });
  }
  const checkSecrets = props.checkPasswordSecrets ?? true;
  if (checkSecrets) resourceRules.push({ apiGroups: [''], apiVersions: ['v1'], operations, resources: ['secrets'] });
  const checks = validations(props);
  const policy: KubeObject = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels },
    spec: {
      failurePolicy: props.failurePolicy ?? 'Fail',
      matchConstraints: { matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {}, resourceRules },
      // Only labelled Secrets reach the validations: every other Secret write skips the policy,
      // so an evaluation error can never block unrelated Secrets.
      ...(checkSecrets ? {
        matchConditions: [{
          name: 'password-secrets-only',
          expression: `request.kind.kind != 'Secret' || (has(object.metadata.labels) && ${celString(PASSWORD_SECRET_LABEL)} in object.metadata.labels)`,
        }],
      } : {}),
      variables: variables(props),
      validations: checks.map((v) => ({
        expression: v.expression,
        message: v.message,
        ...(v.messageExpression ? { messageExpression: v.messageExpression } : {}),
        reason: 'Invalid',
      })),
    },
  };
  const binding: KubeObject = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, labels },
    spec: { policyName: name, validationActions: [...(props.validationActions ?? ['Deny'])] },
  };
  return { policy, binding, validations: checks };
}

/** The catalogue rules the guardrail can enforce (with every option on). */
export const GUARDRAIL_RULES: readonly AuditRuleId[] = ['peer.no-password', 'mesh.password-not-default', 'mesh.password-mesh-disabled',
  'secret.invalid-ref', 'mesh.no-password', 'calico.selector', 'calico.ignored-interface', ...FLOOR_RULES];
