/**
 * The catalogue of audit rules: one id, one severity and one wording per rule, shared by the
 * `calico-bgp-auth audit` command and the admission guardrail (`buildBgpPasswordGuardrail`), so a
 * user reads the same sentence whether the audit or the API server refuses an object.
 *
 * The rules themselves live in the core: the floor rules in `checkPasswordFloor`, Calico's rules in
 * `checkBgpPeerSpec` / `checkBgpConfigurationSpec`, the install layout in `resolveInstall`. This file
 * only says them in words.
 */
import { MAX_PASSWORD_BYTES } from '../password';

/**
 * How bad a finding is: `error` means Calico can end up peering without the password, or the
 * targeted Calico release refuses the object (the apply fails); `warning` is everything else.
 */
export type AuditSeverity = 'error' | 'warning';

/** One rule of the catalogue. */
export interface AuditRule {
  /** Stable identifier, printed with every finding (the floor rules keep the core's ids). */
  readonly id: string;
  /** Severity of a finding under this rule. */
  readonly severity: AuditSeverity;
  /** One sentence: what is wrong and what it does to BGP. Never holds a password. */
  readonly summary: string;
  /** One sentence: how to fix it. */
  readonly fix: string;
}

const PASSWORD_FIX = 'Store a compliant password (for example from \'npx calico-bgp-auth password\') and set the same value on the router; '
  + 'write it with stringData or \'kubectl create secret generic --from-literal\', not --from-file, which keeps a trailing newline.';
const SECRET_ACCESS = 'a Role in calico-node\'s namespace with apiGroups [""], resources [secrets], resourceNames [the Secret] and verbs get, list, watch, '
  + 'bound to calico-node\'s ServiceAccount by a RoleBinding';

function rule(id: string, severity: AuditSeverity, summary: string, fix: string): AuditRule {
  return { id, severity, summary, fix };
}

/** Every rule of the audit, by id. */
export const AUDIT_RULES = {
  'peer.no-password': rule('peer.no-password', 'error',
    'The BGPPeer has no spec.password.secretKeyRef, so calico-node peers without TCP-MD5 authentication.',
    `Set spec.password.secretKeyRef to a key of a Secret in calico-node's namespace and grant calico-node list and watch on it (${SECRET_ACCESS}); the SecuredBgpPeer construct emits all of them.`),
  'mesh.no-password': rule('mesh.no-password', 'warning',
    'The default BGPConfiguration leaves the node-to-node mesh enabled without spec.nodeMeshPassword, so BGP sessions between Calico nodes are unauthenticated.',
    'Set spec.nodeMeshPassword.secretKeyRef on the BGPConfiguration named \'default\' (the MeshPassword construct), or disable the mesh with spec.nodeToNodeMeshEnabled: false when nodes peer through route reflectors.'),
  'mesh.password-not-default': rule('mesh.password-not-default', 'error',
    'spec.nodeMeshPassword is set on a BGPConfiguration not named \'default\'; Calico honours it only on \'default\', so the mesh stays unauthenticated.',
    'Move spec.nodeMeshPassword to the BGPConfiguration named \'default\'.'),
  'mesh.password-mesh-disabled': rule('mesh.password-mesh-disabled', 'error',
    'spec.nodeMeshPassword is set while spec.nodeToNodeMeshEnabled is false: there is no mesh to protect, and Calico refuses the combination (calicoctl and calico-apiserver at every release, the CRD from 3.32), so the apply fails.',
    'Remove spec.nodeMeshPassword, or enable the mesh.'),
  'secret.not-found': rule('secret.not-found', 'error',
    'The referenced Secret is not among the audited manifests, so nothing shows that calico-node can read it; when it is missing, calico-node logs a warning and peers without a password.',
    'Create the Secret in calico-node\'s namespace, or add it to the audit\'s inputs (for example \'kubectl get secret NAME -n NAMESPACE -o yaml\').'),
  'secret.wrong-namespace': rule('secret.wrong-namespace', 'error',
    'The referenced Secret exists only outside calico-node\'s namespace; calico-node reads Secrets from its own namespace only, so it peers without a password.',
    'Create the Secret, its Role and its RoleBinding in calico-node\'s namespace: calico-system for tigera-operator installs, kube-system for manifest or Helm installs.'),
  'secret.key-missing': rule('secret.key-missing', 'error',
    'The referenced Secret has no such key, so calico-node finds no password and peers without one.',
    'Add the key to the Secret\'s data or stringData, or point secretKeyRef.key at the key that holds the password.'),
  'secret.invalid-ref': rule('secret.invalid-ref', 'error',
    'The secretKeyRef can never resolve: its name is not a DNS-1123 subdomain (no Secret can have it) or its key is not a Secret data key, so calico-node finds no password and peers without one.',
    'Point secretKeyRef.name at a Secret name (lowercase letters, digits, \'-\' and \'.\') and secretKeyRef.key at a key of letters, digits, \'-\', \'_\' and \'.\'.'),
  'secret.invalid-base64': rule('secret.invalid-base64', 'error',
    'A value in the Secret\'s data is not valid base64, so the API server refuses the Secret.',
    'Encode the value with base64, or put the plain value in stringData.'),
  'secret.invalid-value': rule('secret.invalid-value', 'error',
    'A value in the Secret\'s data or stringData is not a string, so the API server refuses the whole Secret and calico-node peers without a password.',
    'Quote the value so that it is a string (data: base64 text; stringData: the plain value).'),
  'rbac.missing': rule('rbac.missing', 'error',
    'No Role or ClusterRole bound to calico-node\'s ServiceAccount grants list and watch on the referenced Secret; calico-node cannot read it and silently peers without a password.',
    `Add ${SECRET_ACCESS}.`),
  'rbac.all-secrets': rule('rbac.all-secrets', 'warning',
    'calico-node is granted every Secret in its namespace, more than it needs: it reads only the password Secrets, by name.',
    'List the password Secrets in the rule\'s resourceNames (least privilege, as Calico\'s maintainers recommend).'),
  'rbac.cluster-wide': rule('rbac.cluster-wide', 'warning',
    'A ClusterRoleBinding grants calico-node Secrets in every namespace, far more than it needs: it reads only the password Secrets in its own namespace.',
    `Replace the ClusterRoleBinding with ${SECRET_ACCESS}.`),
  'calico.crd-api-group': rule('calico.crd-api-group', 'warning',
    'The object is written for crd.projectcalico.org/v1, Calico\'s internal storage API: writes there bypass Calico\'s validation and defaulting (projectcalico/calico#6412).',
    'Write it as projectcalico.org/v3, served by calico-apiserver, calicoctl and Calico 3.32\'s native v3 CRDs; objects read back with \'kubectl get bgppeers.crd.projectcalico.org\' are stored this way whatever wrote them, so this matters only for manifests you apply.'),
  'calico.selector': rule('calico.selector', 'error',
    'A BGPPeer selector (nodeSelector, peerSelector or localWorkloadSelector) is not Calico selector syntax: calicoctl and calico-apiserver refuse the object, and a peer stored anyway selects nothing, so its peering is never configured.',
    'Write the selector in Calico\'s syntax, for example rack == \'r1\' && has(tor): values in quotes, == rather than =, nothing dangling after && or ||.'),
  'calico.ignored-interface': rule('calico.ignored-interface', 'error',
    'A spec.ignoredInterfaces entry is not an interface name (1 to 15 of letters, digits, \'_\', \'.\', \'-\' and the wildcard \'*\', not \'*\' alone): confd writes each entry unescaped into bird.cfg, where a quote injects configuration; calicoctl and calico-apiserver refuse it.',
    'Name the interfaces to ignore, for example \'veth*\' or \'eth1\'.'),
  'calico.spec': rule('calico.spec', 'warning',
    'The spec breaks one of Calico\'s rules (an error when the targeted release refuses the object, through calicoctl, calico-apiserver or its CRD), or one of the library\'s stricter rules (a warning).',
    'Fix the field the message names.'),
  'password.empty': rule('password.empty', 'error',
    'The password is empty: calico-node writes no password line for an empty value and logs nothing, so the peering runs without authentication (a silent fail-open).',
    PASSWORD_FIX),
  'password.max-bytes': rule('password.max-bytes', 'error',
    `The password is longer than ${MAX_PASSWORD_BYTES} bytes, the TCP-MD5 key limit (TCP_MD5SIG_MAXKEYLEN): BIRD refuses it when the session starts and the session stays down.`,
    PASSWORD_FIX),
  'password.double-quote': rule('password.double-quote', 'error',
    'The password contains a double quote ("), which ends BIRD\'s password "..." string: the password is truncated or the rest is read as configuration.',
    PASSWORD_FIX),
  'password.newline': rule('password.newline', 'error',
    'The password contains a newline or carriage return, which breaks calico-node\'s bird.cfg and freezes every later BGP change on the node.',
    PASSWORD_FIX),
  'password.control-character': rule('password.control-character', 'error',
    'The password contains NUL, tab or another control character: invisible, handled differently by router CLIs, and some end BIRD\'s configuration string. This is the library\'s floor, stricter than Calico, which takes the value as it is.',
    PASSWORD_FIX),
  'password.surrounding-whitespace': rule('password.surrounding-whitespace', 'error',
    'The password starts or ends with whitespace (a trailing newline included): calico-node uses the bytes verbatim while routers trim or reject them, so the two ends disagree. This is the library\'s floor, stricter than Calico, which takes the value as it is.',
    PASSWORD_FIX),
  'password.line-separator': rule('password.line-separator', 'error',
    'The password contains U+2028 LINE SEPARATOR or U+2029 PARAGRAPH SEPARATOR: YAML 1.1 parsers (PyYAML, many CI tools) read them as line breaks, so manifests holding it fail to load or change it.',
    PASSWORD_FIX),
  'password.format-character': rule('password.format-character', 'error',
    'The password contains an invisible format character (Unicode category Cf: zero-width space or joiner, byte-order mark, bidirectional override): it cannot be seen or typed reliably on the router.',
    PASSWORD_FIX),
  'password.unpaired-surrogate': rule('password.unpaired-surrogate', 'error',
    'The password holds an encoded UTF-16 surrogate (bytes ED A0-BF ..), which is not valid UTF-8: no router CLI can type the same bytes.',
    PASSWORD_FIX),
  'password.not-utf8': rule('password.not-utf8', 'warning',
    'The password is not valid UTF-8, so no router CLI can type the same bytes.',
    PASSWORD_FIX),
  'object.duplicate': rule('object.duplicate', 'warning',
    'The object is defined more than once among the inputs: kubectl apply keeps the last definition, so this one has no effect.',
    'Remove the definitions you do not mean, so that what you read is what is applied.'),
} as const satisfies Record<string, AuditRule>;

/** The id of a rule of the catalogue. */
export type AuditRuleId = keyof typeof AUDIT_RULES;

/**
 * The catalogue entry of `id`; an id the catalogue does not know (a Calico spec rule from the core,
 * such as `calico.peer-ip`) falls back to the `calico.spec` entry.
 */
export function auditRule(id: string): AuditRule {
  return (AUDIT_RULES as Record<string, AuditRule>)[id] ?? AUDIT_RULES['calico.spec'];
}

/** The rule's wording as one line: summary then fix (what the admission guardrail answers). */
export function ruleSentence(id: AuditRuleId): string {
  const r = AUDIT_RULES[id];
  return `${r.summary} ${r.fix}`;
}
