/**
 * The audit: findings over a set of parsed manifests, for BGP passwords that are missing,
 * half-configured (Calico fails open) or break the floor rules. Framework-free; the CLI's `audit`
 * command is a thin shell around it.
 */
export * from './rules';
export { Finding, ManifestDocument, AuditedObject, describeObject, sortFindings } from './findings';
export * from './audit';
export * from './load';
export { expandDocuments } from './inventory';
export { latestObjects } from './inventory';
export { readSecretValue } from './secrets';
export type { SecretValue } from './secrets';
export { BgpPasswordValidation } from './validation-plugin';
export type { BgpPasswordValidationProps, ValidationPluginContext, ValidationPluginResource, ValidationPluginViolation } from './validation-plugin';
