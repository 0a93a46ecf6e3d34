import { Construct, IConstruct } from 'constructs';
import type { OrderedUnit } from './ordering';
import { CalicoInstall, CalicoInstallInput, SecretKeyRef } from '../calico';
import { Problem } from '../errors';

// What a peer sees of the shared secret it reads: below both BgpPasswordSecret (which implements it)
// and SharedBgpPeer (which takes it), so the peer never imports the secret's module.

/** What a peer gets from a shared secret (`BgpPasswordSecret`). @internal */
export interface SharedSecretAttachment {
  readonly secretKeyRef: SecretKeyRef;
  /** The Secret (when emitted), Role and RoleBinding: the peer's BGPPeer depends on them. */
  readonly dependables: readonly IConstruct[];
  /** Whether the Secret is emitted with `value` (otherwise only the cluster holds the password). */
  readonly inline: boolean;
  /** The peer's password when emitted inline (its router side may include it). */
  readonly value?: string;
  /** The secret's problems, as they stand when read (peers attach after construction). */
  readonly sourceProblems: () => readonly Problem[];
}

/** The side of a `BgpPasswordSecret` its peers use. @internal */
export interface SharedSecretHost extends Construct {
  /** calico-node's install: the Secret's namespace. */
  readonly install: CalicoInstall;
  /** The install as the props gave it, for the peer's plan. */
  readonly _installInput?: CalicoInstallInput;
  /** The unit the secret's objects and peers are ordered in. */
  readonly _orderedUnit: OrderedUnit;
  /** Attaches the peer named `peerName`. */
  _attach(peerName: string): SharedSecretAttachment;
}
