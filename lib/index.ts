/**
 * calico-bgp-auth core: what a program or a pipeline calls without cdk8s or Pulumi. Framework-free: it
 * imports neither.
 *
 * - **Password policy**: {@link PasswordPolicy} (the floor rules, character classes, router profiles
 *   through {@link PasswordPolicy.forRouter}, {@link ROUTER_PROFILES});
 * - **Derivation**: {@link derivePassword} from a seed ({@link seedFromEnvironment}, {@link readSeedFile});
 * - **Audit**: {@link auditManifests} / {@link auditObjects} over manifests read by {@link readManifests}
 *   (what `calico-bgp-auth audit` runs), findings under {@link AUDIT_RULES};
 * - **Router export**: {@link renderRouterConfig} and {@link routerConfigInputFromPeers} (what
 *   `calico-bgp-auth router-config` runs), for the {@link ROUTER_TARGETS};
 * - **Guardrail**: {@link buildBgpPasswordGuardrail}, the admission policy as plain objects;
 * - **Calico selectors**: {@link parseSelector} / {@link checkSelector}, libcalico-go's selector grammar
 *   with its errors, as calicoctl and calico-apiserver apply it;
 * - **Errors and types**: {@link ValidationError}, {@link Problem}, and the Calico types the constructs'
 *   props use ({@link BgpPeerSpec}, {@link BgpConfigurationSpec}, {@link CalicoInstallInput}, …).
 *
 * The constructs are in `calico-bgp-auth/cdk8s`, the components in `calico-bgp-auth/pulumi`.
 *
 * @module calico-bgp-auth
 */

// The public API, name by name. Each `// <section>` comment below opens a section of API.md
// (scripts/concat-apidocs.js reads them); internal code imports helpers from their modules.

// Password policy and router profiles
export { PasswordPolicy, DEFAULT_SYMBOLS } from './password';
export type { PasswordPolicyProps, PasswordCharacterClass, FirstCharacterRule } from './password';
export { MAX_PASSWORD_BYTES } from './password';
export type { ByteSource } from './password';
export { ROUTER_PROFILES, routerProfile } from './password';
export type { RouterProfile } from './password';
export { passwordGeneratorPolicy, passwordGeneratorPolicyForRouter } from './external-secrets';

// Derivation from a seed
export { derivePassword, MIN_SEED_BYTES } from './password';
export type { DerivePasswordOptions } from './password';
export { SEED_ENV, SEED_FILE_ENV, seedFromEnvironment, readSeedFile } from './password';
export type { SeedReadOptions } from './password';

// Audit (`calico-bgp-auth audit`)
export { auditManifests, auditObjects } from './audit';
export type { AuditOptions, AuditReport } from './audit';
export { AUDIT_RULES } from './audit';
export type { AuditRule, AuditRuleId, AuditSeverity } from './audit';
export type { Finding, ManifestDocument } from './audit';
export { readManifests, parseManifests, ManifestInputError } from './audit';
export type { ReadManifestsOptions } from './audit';
export { BgpPasswordValidation } from './audit';
export type { BgpPasswordValidationProps, ValidationPluginContext, ValidationPluginViolation, ValidationPluginResource } from './audit';

// Router export (`calico-bgp-auth router-config`)
export { renderRouterConfig, routerConfigFileName, ROUTER_TARGET_NAMES } from './router';
export { ROUTER_TARGETS } from './router';
export type { PasswordSecretLocation, RouterConfigInput, RouterTarget, RouterTargetInfo } from './router';
export { routerConfigInputFromPeers } from './router';
export type { RouterConfigFromPeersProps, RouterConfigOptions, RouterPeerSource } from './router';
export { checkRouterPassword, routerTargetPolicy } from './router';

// Guardrail (admission policy)
export { buildBgpPasswordGuardrail, GUARDRAIL_RULES } from './guardrail';
export type { BgpPasswordGuardrailObjects, GuardrailValidation } from './guardrail';
export { DEFAULT_EXEMPTION_LABEL, DEFAULT_GUARDRAIL_NAME } from './guardrail';
export type { BgpPasswordGuardrailProps, GuardrailValidationAction } from './guardrail';

// Calico selectors (libcalico-go's grammar)
export { checkSelector } from './calico';
export { parseSelector, selectorSyntaxError, tokenizeSelector, MAX_SELECTOR_LABEL_LENGTH } from './calico';
export type {
  ParsedSelector, SelectorNode, SelectorResult, SelectorSyntaxError, SelectorToken, SelectorTokenKind,
} from './calico';

// Errors
export { ValidationError } from './errors';
export type { Problem } from './errors';

// Calico model: the types of the constructs' props
export type { AsNumber, BgpConfigurationSpec, BgpPeerSpec, CidrBlock, Community, PrefixAdvertisement, SecretKeyRef } from './calico';
export { OPERATOR_INSTALL, MANIFEST_INSTALL } from './calico';
export type { CalicoInstall, CalicoInstallInput } from './calico';
export { CALICO_VERSIONS, DEFAULT_CALICO_VERSION } from './calico';
export type { CalicoVersion } from './calico';
export { DEFAULT_API_FLAVOR, PASSWORD_SECRET_LABEL } from './calico';
export type { ApiFlavor, KubeObject, ObjectMeta } from './calico';
export type { CalicoInstallOptions, PasswordUnitOptions, SharedPeerOptions } from './calico';
