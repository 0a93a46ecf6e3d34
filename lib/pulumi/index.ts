/**
 * Pulumi components for Calico BGP passwords: {@link SecuredBgpPeer}, {@link MeshPassword} and
 * {@link BgpPasswordSecret} emit the Secret, the Role and RoleBinding that let calico-node read it,
 * and the BGPPeer or BGPConfiguration, through `@pulumi/kubernetes`. Passwords come from
 * {@link BgpPassword}: generated from `@pulumi/random` entropy kept in state and shaped by the core's
 * policies, passed in (a config secret), an existing Secret, or external-secrets (generated in the
 * cluster, or copied from your secret store: no password in the program). Every output carrying a
 * password is a Pulumi secret.
 *
 * @module calico-bgp-auth/pulumi
 */
export * from './bgp-password';
export type { ExternalSecretOptions, ExternalSecretsGeneratorOptions } from './external-secrets-password';
export { ENTROPY_BYTES, shapePassword } from './shape-password';
export type { ShapePasswordOptions } from './shape-password';
export * from './bgp-password-secret';
export * from './secured-bgp-peer';
export * from './shared-bgp-peer';
export * from './mesh-password';
export * from './guardrail';

// What users need beside the components: the policy and router names for `password`, the error to catch,
// and the types the props name (the same objects as the package root's).
export { PasswordPolicy, ROUTER_PROFILES, DEFAULT_SYMBOLS } from '../password';
export type { PasswordPolicyProps, FirstCharacterRule, RouterProfile } from '../password';
export { ValidationError } from '../errors';
export type { Problem } from '../errors';
export { ROUTER_TARGET_NAMES } from '../router';
export type { RouterTarget, RouterConfigOptions } from '../router';
export type { ApiFlavor, AsNumber, BgpPeerSpec, BgpConfigurationSpec, CalicoInstall, CalicoInstallInput, CalicoVersion, SecretKeyRef } from '../calico';
