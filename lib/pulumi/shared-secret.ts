import * as pulumi from '@pulumi/pulumi';
import { CalicoInstall } from '../calico';
import { Problem, problem } from '../errors';

// What a peer sees of the shared secret it reads: below both BgpPasswordSecret (which implements it)
// and SharedBgpPeer / SecuredBgpPeer (which take it), so the peer never imports the secret's module.

/** What a peer needs to know about a shared secret. @internal */
export interface SharedSecretRef {
  readonly owner: string;
  readonly install: CalicoInstall;
  readonly name: string;
  readonly keys: readonly string[];
  readonly keyPerPeer: boolean;
  /** The Kubernetes provider the Secret and RBAC go to; undefined for the default provider. */
  readonly provider: pulumi.ProviderResource | undefined;
}

/** The side of a `BgpPasswordSecret` its peers use. @internal */
export interface SharedSecretHost extends pulumi.ComponentResource {
  /** The name of the Secret holding the password. */
  readonly secretName: pulumi.Output<string>;
  /** What a peer needs to know about the secret. */
  readonly _ref: SharedSecretRef;
  /** The Secret, Role and RoleBinding a peer's BGPPeer depends on. */
  readonly _peerDependencies: pulumi.Resource[];
  /** The password of the peer named `peerName` (secret); undefined when only the cluster holds it. */
  passwordFor(peerName: string): pulumi.Output<string> | undefined;
}

/**
 * The key a peer named `peerName` reads in the shared secret `ref`: the one shared key, or with
 * `keyPerPeer` the key named after it, which must be in `peerNames` (rule
 * `pulumi.shared-secret-peer` under `field` otherwise, added to `problems`).
 *
 * @internal
 */
export function sharedKeyOf(ref: SharedSecretRef, peerName: string, field: string, problems: Problem[]): string {
  const key = ref.keyPerPeer ? peerName : ref.keys[0];
  if (!ref.keys.includes(key)) {
    problems.push(problem(field, 'pulumi.shared-secret-peer', `BGPPeer '${peerName}' has no key in ${ref.owner} (peerNames: ${ref.keys.join(', ')}); add '${peerName}' to its 'peerNames'.`));
  }
  return key;
}
