// What a program needs beside an engine's constructs or components, the same objects as the core's:
// the policy and router names for `password`, the error to catch, and the types the props name.
// Both engine entry points (`calico-bgp-auth/cdk8s`, `calico-bgp-auth/pulumi`) re-export this one
// list, so they cannot offer different core names.
export { PasswordPolicy, DEFAULT_SYMBOLS, ROUTER_PROFILES } from '../password';
export type { PasswordPolicyProps, FirstCharacterRule, RouterProfile } from '../password';
export { ValidationError } from '../errors';
export type { Problem } from '../errors';
export { ROUTER_TARGET_NAMES } from '../router';
export type { RouterTarget, RouterConfigOptions } from '../router';
export type { ApiFlavor, AsNumber, BgpPeerSpec, BgpConfigurationSpec, SecretKeyRef } from '../calico';
export type { CalicoInstall, CalicoInstallInput, CalicoVersion } from '../calico';
export type { ExternalSecretOptions, ExternalSecretsGeneratorOptions, RemoteRef, SecretStoreRef } from '../external-secrets';
export type { BgpPasswordValueOptions, ExistingBgpPasswordSecretProps, GeneratedPasswordOptions } from './options';
// The members each engine's classes implement, so that both entries document the same names.
export type {
  PasswordReferenceMembers, PasswordUnitMembers, BgpPeerMembers, SecuredBgpPeerMembers, MeshPasswordMembers,
  BgpPasswordSecretMembers,
} from './members';
