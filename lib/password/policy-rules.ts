import type { FirstCharacterRule } from './policy-props';

/** The letters and digits of a policy's classes (the symbols are the policy's `symbolSet`). */
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const DIGITS = '0123456789';

/** One enabled character class of a policy: its characters (forbidden ones removed) and minimum. */
export interface CharClass {
  readonly name: string;
  readonly prop: string;
  readonly chars: string;
  readonly min: number;
  readonly noun: string;
}

/**
 * What generation and checking read from a `PasswordPolicy`, built and validated by its
 * constructor (never secret).
 */
export interface PolicyRules {
  readonly name: string;
  readonly length: number;
  readonly minLength: number;
  readonly maxLength: number;
  readonly firstCharacter: FirstCharacterRule;
  readonly forbiddenCharacters: string;
  readonly allowOtherCharacters: boolean;
  readonly minClasses: number;
  readonly classes: readonly CharClass[];
  /** Every character a generated password may contain. */
  readonly alphabet: string;
  /** The characters of `alphabet` the first-character rule allows first. */
  readonly firstAlphabet: string;
}

/** Whether `c` may start a password under `rule`. */
export function firstAllowed(rule: FirstCharacterRule, c: string): boolean {
  switch (rule) {
    case 'letter': return /^[A-Za-z]$/.test(c);
    case 'alphanumeric': return /^[A-Za-z0-9]$/.test(c);
    case 'not-digit': return !/^[0-9]$/.test(c);
    default: return true;
  }
}

/** How many of lowercase, uppercase, digits and other characters `chars` uses (what `minClasses` counts). */
export function countClasses(chars: readonly string[]): number {
  return [LOWER, UPPER, DIGITS].filter((set) => chars.some((x) => set.includes(x))).length
    + (chars.some((x) => !/[A-Za-z0-9]/.test(x)) ? 1 : 0);
}

/** A short, non-secret description of the classes' alphabet, for messages and docs. */
export function describeAlphabet(classes: readonly CharClass[]): string {
  return classes.map((c) => (c.name === 'symbols' ? `symbols ${c.chars}` : c.name)).join(', ');
}

/** Names characters safely for messages (policy characters are never secret). */
export function describeChars(chars: string): string {
  const named = (c: string) => (c === ' ' ? 'space'
    : /[\x21-\x7e]/.test(c) ? c : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return [...chars].map(named).join(' ');
}
