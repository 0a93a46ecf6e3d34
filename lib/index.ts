/**
 * calico-bgp-auth core: password policy and generation, Calico's BGP model and rules, and the
 * manifest builders. Framework-free: it imports neither cdk8s nor Pulumi.
 *
 * @module calico-bgp-auth
 */
export * from './errors';
export * from './password';
export * from './calico';
export * from './router';
export * from './external-secrets';
export * from './audit';
export * from './guardrail';
export { BgpPasswordValidation } from './audit/validation-plugin';
export type { BgpPasswordValidationProps, ValidationPluginContext, ValidationPluginViolation, ValidationPluginResource } from './audit/validation-plugin';
