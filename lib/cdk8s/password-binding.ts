import { IConstruct } from 'constructs';
import { CalicoInstall, SecretKeyRef } from '../calico';
import { Problem } from '../errors';

// The contract between a construct and a password source, below both BgpPassword (bgp-password.ts)
// and the external-secrets sources (external-secrets-password.ts) that implement it.

/**
 * What a construct asks of a password source: the Secret name and key it would use, and where.
 *
 * @internal
 */
export interface BgpPasswordContext {
  /** The Secret the password lands in when the construct emits it. */
  readonly secretName: string;
  /** The key in that Secret. */
  readonly secretKey: string;
  /** calico-node's install: the Secret's namespace. */
  readonly install: CalicoInstall;
  /** The prop the password came from, for messages. */
  readonly field: string;
}

/**
 * What a password source answers.
 *
 * - `inline`: the construct emits a Secret holding `value` under `secretKeyRef`;
 * - `reference`: the Secret exists already, or the source emitted what produces it (listed in
 *   `dependables`, which the Calico object is ordered after); the construct emits only RBAC.
 *
 * @internal
 */
export interface BgpPasswordBinding {
  readonly delivery: 'inline' | 'reference';
  readonly secretKeyRef: SecretKeyRef;
  /** The password (inline only); undefined when it could not be produced (see problems). */
  readonly value?: string;
  /** Constructs the source emitted; the Calico object depends on them. */
  readonly dependables: readonly IConstruct[];
  /** Problems of the source; never carrying the password. */
  readonly problems: readonly Problem[];
  /**
   * The source derived the Secret's name from the context's (a rotation suffix): the construct's
   * own Secret name and key props are honoured, not overridden.
   */
  readonly namedAfterContext?: boolean;
}
