import { Problem, problem } from '../errors';
import { PasswordSecretLocation } from './types';

/**
 * Refusal of `includePassword` for a construct or component that does not hold its password: an
 * existing Secret (`BgpPassword.fromExistingSecret`) or external-secrets (generated in the cluster
 * or copied from a store) put the value in the cluster only, so synth time cannot write it. Shared
 * by the cdk8s and Pulumi skins so both say the same sentence.
 *
 * @param owner the construct or component, e.g. `SecuredBgpPeer 'tor-a'`.
 * @param secret where the password lives, named so the user knows where to read it.
 * @internal
 */
export function passwordUnavailableProblem(owner: string, secret: PasswordSecretLocation): Problem {
  return problem('includePassword', 'router.password-unavailable',
    `'includePassword' is true, but ${owner} does not hold its password: it comes from an existing Secret or from external-secrets, so only the cluster has it. `
    + `Leave 'includePassword' false to get a placeholder naming Secret ${secret.namespace}/${secret.name} key ${secret.key}, and fill in the value read from that Secret.`);
}

/**
 * Refusal of one router configuration for a shared secret whose peers each have their own key
 * (`keyPerPeer`): one peer group carries one password, and these peers have several.
 *
 * @param owner the shared secret, e.g. `BgpPasswordSecret 'rack-a'`.
 * @internal
 */
export function keyPerPeerProblem(owner: string): Problem {
  return problem('keyPerPeer', 'router.key-per-peer',
    `${owner} gives every peer its own key ('keyPerPeer'), so each peer has its own password and no one router configuration covers them: `
    + 'a peer group carries one password. Call routerConfig on each SecuredBgpPeer instead (one configuration per peer).');
}
