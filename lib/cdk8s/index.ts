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
 * Beside the constructs, this entry re-exports what a cdk8s program needs with them: {@link PasswordPolicy}
 * (the same class as the core's), {@link ValidationError}, and the types of the constructs' props.
 *
 * @module calico-bgp-auth/cdk8s
 */
export { BgpPassword } from './bgp-password';
export type { GeneratedBgpPasswordOptions } from './bgp-password';
export { BgpPasswordSecret } from './bgp-password-secret';
export type { BgpPasswordSecretProps } from './bgp-password-secret';
export { PasswordUnit } from './unit';
export { SecuredBgpPeer } from './secured-bgp-peer';
export type { SecuredBgpPeerProps } from './secured-bgp-peer';
export { SharedBgpPeer } from './shared-bgp-peer';
export type { SharedBgpPeerProps } from './shared-bgp-peer';
export { MeshPassword } from './mesh-password';
export type { MeshPasswordProps } from './mesh-password';
export { BgpPasswordGuardrail } from './guardrail';
export type { BgpPasswordGuardrailProps, GuardrailValidationAction } from './guardrail';
export type { WriteRouterConfigOptions } from './router-config';
export { UNSEEDED_PASSWORD_WARNING } from './unseeded-warning';

// What a program needs beside the constructs, the same objects as the core's (one list for both engines).
export * from '../source/engine-exports';
