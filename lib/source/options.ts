import { PasswordPolicy } from '../password';

// The options of the password sources, declared once for both engines: each engine's
// `BgpPassword` takes these (cdk8s adds a `seed` to the generated options, Pulumi its `keepers`).

/** The options of `BgpPassword.generate` both engines share. */
export interface GeneratedPasswordOptions {
  /**
   * What the password must look like: the default, a router profile
   * (`PasswordPolicy.forRouter('cisco-ios')` when the other end is a Cisco IOS router) or your own.
   *
   * @default PasswordPolicy.DEFAULT (32 characters from letters, digits and `-_.+=@%,:`)
   */
  readonly policy?: PasswordPolicy;
  /**
   * Bump to change the password on purpose (rotation): each value gives an unrelated password.
   * Both ends of every session must change within the hold time (TCP-MD5 has no key rollover),
   * so plan it with the router side.
   *
   * @default 0
   */
  readonly rotation?: number;
}

/** Options of `BgpPassword.fromValue`. */
export interface BgpPasswordValueOptions {
  /**
   * The policy the value is checked against, on top of the floor rules every password meets
   * (1 to 80 bytes, no `"`, no newline or control character, no surrounding whitespace).
   *
   * @default PasswordPolicy.floorOnly() (only the floor rules: the value is usually the router's)
   */
  readonly policy?: PasswordPolicy;
}

/** Props of `BgpPassword.fromExistingSecret`. */
export interface ExistingBgpPasswordSecretProps {
  /** The Secret's name; it must live in calico-node's namespace (the install's). */
  readonly name: string;
  /** The key in the Secret's data holding the password. @default "password" */
  readonly key?: string;
}
