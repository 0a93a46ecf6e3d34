/**
 * Pulumi components for Calico BGP passwords: {@link SecuredBgpPeer}, {@link MeshPassword} and
 * {@link BgpPasswordSecret} emit the Secret, the Role and RoleBinding that let calico-node read it,
 * and the BGPPeer or BGPConfiguration, through `@pulumi/kubernetes`. Passwords come from
 * {@link BgpPassword}: generated from `@pulumi/random` entropy kept in state and shaped by the core's
 * policies, passed in (a config secret), an existing Secret, or external-secrets (generated in the
 * cluster, or copied from your secret store: no password in the program). Every output carrying a
 * password is a Pulumi secret.
 *
 * Beside the components, this entry re-exports what a Pulumi program needs with them: {@link PasswordPolicy}
 * (the same class as the core's), {@link ValidationError} (what the components throw), and the types of
 * their arguments.
 *
 * @module calico-bgp-auth/pulumi
 */
export { BgpPassword } from './bgp-password';
export type { GeneratedBgpPasswordOptions } from './bgp-password';
export { ENTROPY_BYTES } from './shape-password';
export { PasswordUnit } from './unit';
export { BgpPasswordSecret } from './bgp-password-secret';
export type { BgpPasswordSecretArgs } from './bgp-password-secret';
export { SecuredBgpPeer } from './secured-bgp-peer';
export type { SecuredBgpPeerArgs } from './secured-bgp-peer';
export { SharedBgpPeer } from './shared-bgp-peer';
export type { SharedBgpPeerArgs, SharedBgpPeerOptions } from './shared-bgp-peer';
export type { SpecInputs } from './spec-inputs';
export { MeshPassword } from './mesh-password';
export type { MeshPasswordArgs } from './mesh-password';
export { BgpPasswordGuardrail } from './guardrail';
export type { BgpPasswordGuardrailArgs, GuardrailValidationAction } from './guardrail';

// What a program needs beside the components, the same objects as the core's (one list for both engines).
export * from '../source/engine-exports';
