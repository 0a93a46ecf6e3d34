// The props of a password policy, below both the policy (policy.ts) and the router profiles that
// encode their limits as props (routers.ts): each imports them from here, so neither imports the other's types.

/** Which characters a password may start with. */
export type FirstCharacterRule = 'any' | 'letter' | 'alphanumeric' | 'not-digit';

/** Props of a {@link PasswordPolicy}. Lengths count UTF-8 bytes, which for generated passwords equals characters. */
export interface PasswordPolicyProps {
  /** A name for messages, e.g. the router profile. @default "custom" */
  readonly name?: string;
  /** Length of a generated password. @default 32, or `maxLength` when that is lower */
  readonly length?: number;
  /** Shortest value `check` accepts. @default 1 */
  readonly minLength?: number;
  /** Longest value `check` accepts, at most 80 (the TCP-MD5 limit). @default 80 */
  readonly maxLength?: number;
  /** Use lowercase letters. @default true */
  readonly lowercase?: boolean;
  /** Use uppercase letters. @default true */
  readonly uppercase?: boolean;
  /** Use digits. @default true */
  readonly digits?: boolean;
  /** Use symbols from `symbolSet`. @default true */
  readonly symbols?: boolean;
  /**
   * The symbols to use: printable ASCII, no letters, digits, whitespace or `"`.
   * @default DEFAULT_SYMBOLS (`-_.+=@%,:`)
   */
  readonly symbolSet?: string;
  /** At least this many lowercase letters. @default 1 when lowercase is used, else 0 */
  readonly minLowercase?: number;
  /** At least this many uppercase letters. @default 1 when uppercase is used, else 0 */
  readonly minUppercase?: number;
  /** At least this many digits. @default 1 when digits are used, else 0 */
  readonly minDigits?: number;
  /** At least this many symbols. @default 1 when symbols are used, else 0 */
  readonly minSymbols?: number;
  /** At least this many different classes in a checked value. @default 0 */
  readonly minClasses?: number;
  /** Rule for the first character. @default "any" */
  readonly firstCharacter?: FirstCharacterRule;
  /** Characters never used nor accepted (on top of the floor rules). @default "" */
  readonly forbiddenCharacters?: string;
  /**
   * Whether `check` accepts characters outside the generation alphabet (a value typed by a person).
   * The floor rules and `forbiddenCharacters` still apply.
   * @default false
   */
  readonly allowOtherCharacters?: boolean;
  /** A generated password must carry at least this many bits of entropy (a finite number, 0 or more). @default 128 */
  readonly minEntropyBits?: number;
}
