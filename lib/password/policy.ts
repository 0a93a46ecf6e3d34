import { checkPassword } from './checking';
import { MAX_PASSWORD_BYTES } from './floor';
import { generatePassword, generationEntropyBits, unsatisfiableRules } from './generation';
import type { FirstCharacterRule, PasswordPolicyProps } from './policy-props';
import { CharClass, DIGITS, LOWER, PolicyRules, UPPER, describeAlphabet, describeChars, firstAllowed } from './policy-rules';
import { routerProfile } from './routers';
import { ByteSource, CryptoByteSource } from './sampler';
import { Problem, problem, throwIfProblems } from '../errors';

/**
 * The symbols a generated password uses by default: `- _ . + = @ % , :`.
 *
 * Chosen so the password survives every place it travels unquoted: YAML (no `#`, `&`, `*`, `!`, `|`,
 * `>`, `'`, `"`, `{`, `[`, which start special scalars), POSIX shells (no `$`, backtick, `\`, `;`,
 * `&`, `|`, `<`, `>`, `(`, `)`, glob characters `*?[`, `~`, `!` for history expansion), BIRD's
 * `password "..."` string (no `"`), and router CLIs (no space, no `?` which opens help in Cisco-style
 * CLIs and vtysh, no `#`/`!` which start comments, no `'`). 9 symbols keep about 6.15 bits per
 * character with letters and digits.
 */
export const DEFAULT_SYMBOLS = '-_.+=@%,:';

// Declared before the class: its static DEFAULT is constructed while the module loads.
const NOUNS: Record<string, string> = {
  lowercase: 'lowercase letter',
  uppercase: 'uppercase letter',
  digits: 'digit',
  symbols: 'symbol',
};

/**
 * Props that turn a policy into a check of limits only, for values a person chose: no class
 * minimums, and characters outside the generation alphabet accepted (the floor rules and
 * `forbiddenCharacters` still apply).
 */
export const LIMITS_ONLY: PasswordPolicyProps = {
  minLowercase: 0,
  minUppercase: 0,
  minDigits: 0,
  minSymbols: 0,
  allowOtherCharacters: true,
};

/** One enabled character class of a {@link PasswordPolicy}, as generation uses it (never secret). */
export interface PasswordCharacterClass {
  /** `lowercase`, `uppercase`, `digits` or `symbols`. */
  readonly name: string;
  /** The prop holding its minimum, e.g. `minDigits`. */
  readonly prop: string;
  /** Its characters, those in `forbiddenCharacters` removed. */
  readonly chars: string;
  /** The fewest of its characters a password must hold. */
  readonly min: number;
}

/**
 * What a BGP password must look like, and how to generate one that does.
 *
 * Every policy meets the floor rules (1 to {@link MAX_PASSWORD_BYTES} bytes of UTF-8; no `"`; no newline,
 * CR, NUL or other control character; no leading or trailing whitespace); a policy that contradicts them
 * or cannot be satisfied is rejected at construction with a message naming the prop.
 *
 * @example
 * ```ts
 * import { PasswordPolicy } from 'calico-bgp-auth';
 *
 * // The router's limits (see ROUTER_PROFILES), then your own rules on top.
 * const policy = PasswordPolicy.forRouter('cisco-ios', { length: 40 });
 * const password = policy.generate();       // node:crypto, rejection sampling
 * const problems = policy.check(password);  // [] : each problem names the field and the rule
 *
 * new PasswordPolicy({ length: 24, symbolSet: '-_.', firstCharacter: 'letter' });
 * ```
 */
export class PasswordPolicy {
  /**
   * The default policy: 32 characters from letters, digits and {@link DEFAULT_SYMBOLS}, about 188 bits (see
   * entropyBits).
   */
  public static readonly DEFAULT = new PasswordPolicy({ name: 'default' });

  /**
   * A policy that checks only the floor rules: for values a person chose. Generating from it
   * uses the default alphabet.
   */
  public static floorOnly(): PasswordPolicy {
    return new PasswordPolicy({ name: 'floor', ...LIMITS_ONLY });
  }

  /**
   * Only the limits of a router profile, for a password a person chose or copied from the router:
   * what the router refuses (length, first character, forbidden characters, the floor), without
   * the class minimums and alphabet the library generates with.
   */
  public static routerLimits(name: string): PasswordPolicy {
    return PasswordPolicy.forRouter(name, LIMITS_ONLY);
  }

  /** The policy of a router profile; see {@link ROUTER_PROFILES}. Overrides apply on top. */
  public static forRouter(name: string, overrides: PasswordPolicyProps = {}): PasswordPolicy {
    return new PasswordPolicy({ ...routerProfile(name).policy, ...overrides });
  }

  public readonly name: string;
  public readonly length: number;
  public readonly minLength: number;
  public readonly maxLength: number;
  public readonly firstCharacter: FirstCharacterRule;
  public readonly forbiddenCharacters: string;
  public readonly allowOtherCharacters: boolean;
  public readonly minClasses: number;
  /** Every character a generated password may contain. */
  public readonly alphabet: string;
  /** A lower bound of the entropy of a generated password, in bits. */
  public readonly entropyBits: number;
  private readonly rules: PolicyRules;

  constructor(props: PasswordPolicyProps = {}) {
    const problems: Problem[] = [];
    const p = (field: string, rule: string, message: string) => problems.push(problem(field, rule, message));
    const int = (field: string, v: number, lo: number, hi: number) => {
      if (!Number.isInteger(v) || v < lo || v > hi) {
        p(field, 'policy.range', `'${field}' (${v}) must be an integer between ${lo} and ${hi}.`);
      }
    };
    this.name = props.name ?? 'custom';
    this.maxLength = props.maxLength ?? MAX_PASSWORD_BYTES;
    int('maxLength', this.maxLength, 1, MAX_PASSWORD_BYTES);
    this.minLength = props.minLength ?? 1;
    int('minLength', this.minLength, 1, this.maxLength);
    this.length = props.length ?? Math.min(32, this.maxLength);
    int('length', this.length, Math.max(1, this.minLength), this.maxLength);
    this.firstCharacter = props.firstCharacter ?? 'any';
    if (!['any', 'letter', 'alphanumeric', 'not-digit'].includes(this.firstCharacter)) {
      p('firstCharacter', 'policy.enum',
        `'firstCharacter' (${this.firstCharacter}) must be one of any, letter, alphanumeric, not-digit.`);
    }
    this.forbiddenCharacters = props.forbiddenCharacters ?? '';
    this.allowOtherCharacters = props.allowOtherCharacters ?? false;
    this.minClasses = props.minClasses ?? 0;
    int('minClasses', this.minClasses, 0, 4);

    const symbolSet = props.symbolSet ?? DEFAULT_SYMBOLS;
    if ((props.symbols ?? true) && props.symbolSet !== undefined) checkSymbolSet(symbolSet, p);
    const keep = (chars: string) => [...chars].filter((c) => !this.forbiddenCharacters.includes(c)).join('');
    const spec: Array<[string, string, boolean, number | undefined, string]> = [
      ['lowercase', 'minLowercase', props.lowercase ?? true, props.minLowercase, LOWER],
      ['uppercase', 'minUppercase', props.uppercase ?? true, props.minUppercase, UPPER],
      ['digits', 'minDigits', props.digits ?? true, props.minDigits, DIGITS],
      ['symbols', 'minSymbols', props.symbols ?? true, props.minSymbols, symbolSet],
    ];
    const classes: CharClass[] = [];
    for (const [name, prop, used, min, chars] of spec) {
      const available = keep(chars);
      if (!used) {
        if (min) p(prop, 'policy.class-disabled', `'${prop}' (${min}) must be 0 when '${name}' is false.`);
        continue;
      }
      if (available.length === 0) {
        // An empty symbolSet is already reported as such; do not blame forbiddenCharacters for it.
        if (chars.length > 0) {
          p(name, 'policy.class-empty',
            `'${name}' is enabled but every one of its characters is in 'forbiddenCharacters'.`);
        }
        continue;
      }
      const m = min ?? 1;
      int(prop, m, 0, this.length);
      classes.push({ name, prop, chars: available, min: m, noun: NOUNS[name] });
    }
    if (classes.length === 0 && !problems.some((x) => x.rule === 'policy.class-empty' || x.rule === 'policy.symbols-empty')) {
      p(
        'lowercase',
        'policy.no-class',
        "At least one of 'lowercase', 'uppercase', 'digits' and 'symbols' must be true.",
      );
    }
    const minSum = classes.reduce((s, c) => s + c.min, 0);
    if (minSum > this.length) {
      const minimums = classes.map((c) => `${c.prop} ${c.min}`).join(', ');
      p('length', 'policy.minimums-exceed-length',
        `The class minimums (${minimums}) add up to ${minSum}, more than 'length' (${this.length}).`);
    }
    this.alphabet = classes.map((c) => c.chars).join('');
    const firstAlphabet = [...this.alphabet].filter((c) => firstAllowed(this.firstCharacter, c)).join('');
    this.rules = {
      name: this.name, length: this.length, minLength: this.minLength, maxLength: this.maxLength,
      firstCharacter: this.firstCharacter, forbiddenCharacters: this.forbiddenCharacters,
      allowOtherCharacters: this.allowOtherCharacters, minClasses: this.minClasses,
      classes, alphabet: this.alphabet, firstAlphabet,
    };
    if (classes.length > 0 && firstAlphabet.length === 0) {
      p('firstCharacter', 'policy.first-unsatisfiable',
        `'firstCharacter' (${this.firstCharacter}) cannot be met: no enabled class has such a character.`);
    }
    if (problems.length === 0) {
      const unmet = unsatisfiableRules(classes, this.length, this.minClasses, this.firstCharacter);
      for (const [field, rule, message] of unmet) p(field, rule, message);
    }
    this.entropyBits = generationEntropyBits(this.rules);
    const minEntropy = props.minEntropyBits ?? 128;
    if (typeof minEntropy !== 'number' || !Number.isFinite(minEntropy) || minEntropy < 0) {
      p('minEntropyBits', 'policy.range',
        `'minEntropyBits' (${String(minEntropy)}) must be a finite number of bits, 0 or more.`);
    }
    if (problems.length === 0 && this.alphabet.length < 2) {
      // One symbol to draw from: every generated password would be the same string.
      const only = classes[0];
      p(only.name === 'symbols' ? 'symbolSet' : only.name, 'policy.deterministic', `The generation alphabet holds a single character (${describeChars(this.alphabet)}): `
        + 'every generated password would be the same. Enable more classes or characters.');
    } else if (problems.length === 0 && this.entropyBits < 1) {
      p('firstCharacter', 'policy.deterministic', `With 'firstCharacter' (${this.firstCharacter}) and 'length' (${this.length}) a single password can be generated: `
        + 'every generated password would be the same. Raise \'length\' or enable more classes.');
    }
    if (problems.length === 0 && this.entropyBits < minEntropy) {
      p('length', 'policy.entropy',
        `A generated password would carry about ${Math.floor(this.entropyBits)} bits of entropy, below 'minEntropyBits' (${minEntropy}); raise 'length' or enable more classes.`);
    }
    throwIfProblems(problems, `PasswordPolicy '${this.name}'`);
  }

  /** Generates a compliant password from `source` (by default `node:crypto`), by rejection sampling. */
  public generate(source: ByteSource = new CryptoByteSource()): string {
    return generatePassword(this.rules, source);
  }

  /**
   * Every problem `password` has under the floor rules and this policy (a value that is not a string:
   * rule `password.type` only). The password never appears in the result.
   */
  public check(password: string, field = 'password'): Problem[] {
    return checkPassword(this.rules, password, field);
  }

  /** A short, non-secret description of the alphabet, for messages and docs. */
  public describeAlphabet(): string {
    return describeAlphabet(this.rules.classes);
  }

  /**
   * The enabled character classes with their characters and minimums: what another generator (e.g.
   * the external-secrets Password generator) needs to reproduce this policy.
   */
  public get characterClasses(): readonly PasswordCharacterClass[] {
    return this.rules.classes.map(({ name, prop, chars, min }) => ({ name, prop, chars, min }));
  }
}

function checkSymbolSet(set: string, p: (f: string, r: string, m: string) => void): void {
  if (set.length === 0) {
    p('symbolSet', 'policy.symbols-empty',
      '\'symbolSet\' must not be empty when \'symbols\' is true; set \'symbols\' to false instead.');
    return;
  }
  const bad = [...set].filter((c) => c < '!' || c > '~' || /[A-Za-z0-9"]/.test(c));
  if (bad.length) {
    p('symbolSet', 'policy.symbols-invalid',
      `'symbolSet' may hold only printable ASCII symbols: no letters, digits, whitespace, control characters, non-ASCII or '"' (found ${bad.length} such character(s): ${describeChars(bad.join(''))}).`);
  }
  if (new Set(set).size !== set.length) {
    p('symbolSet', 'policy.symbols-duplicate', '\'symbolSet\' must not repeat a character (it would bias generation).');
  }
}
