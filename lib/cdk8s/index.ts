/**
 * cdk8s constructs for BGP passwords in Calico: each emits the Secret holding the password, the Role
 * and RoleBinding letting calico-node read exactly that Secret, and the Calico object referencing it,
 * ordered so that the reference comes last.
 *
 * - {@link SecuredBgpPeer}: a BGPPeer with its password;
 * - {@link MeshPassword}: the node-to-node mesh password on the `default` BGPConfiguration;
 * - {@link BgpPasswordSecret}: one Secret several peers share ({@link BgpPasswordSecret.addPeer}
 *   adds {@link SharedBgpPeer}s at fabric scale);
 * - {@link BgpPassword}: where a password comes from (generated, derived from a seed, a value, an
 *   existing Secret, or external-secrets: generated in the cluster or copied from your store).
 *
 * @module calico-bgp-auth/cdk8s
 */
export * from './bgp-password';
export type { ExternalSecretOptions, ExternalSecretsGeneratorOptions } from './external-secrets-password';
export * from './bgp-password-secret';
export * from './secured-bgp-peer';
export * from './shared-bgp-peer';
export * from './mesh-password';
export * from './guardrail';
export type { WriteRouterConfigOptions } from './router-config';
export { UNSEEDED_PASSWORD_WARNING } from './unseeded-warning';

// What users need beside the constructs: the policy and router names for `password`, the error to catch,
// and the types the props name (the same objects as the package root's).
export { PasswordPolicy, ROUTER_PROFILES, DEFAULT_SYMBOLS } from '../password';
export type { PasswordPolicyProps, FirstCharacterRule, RouterProfile } from '../password';
export { ValidationError } from '../errors';
export type { Problem } from '../errors';
export { ROUTER_TARGET_NAMES } from '../router';
export type { RouterTarget, RouterConfigOptions } from '../router';
export type { ApiFlavor, AsNumber, BgpPeerSpec, BgpConfigurationSpec, CalicoInstall, CalicoInstallInput, CalicoVersion, SecretKeyRef } from '../calico';
