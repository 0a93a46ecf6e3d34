import { Problem, problem, throwIfProblems } from '../errors';
import { DEFAULT_SYMBOLS, PasswordCharacterClass, PasswordPolicy, PasswordPolicyProps } from '../password';

/**
 * The spec of an external-secrets `Password` generator (`generators.external-secrets.io/v1alpha1`),
 * every field written explicitly so no upstream default applies.
 *
 * What the generator produces (external-secrets `generators/v1/password/password.go`, which calls
 * `sethvargo/go-password` `Generate(length, digits, symbols, noUpper, allowRepeat)`): exactly
 * `length - digits - symbols` letters from `a-zA-Z` (`a-z` with `noUpper`), exactly `digits` digits
 * `0-9` and exactly `symbols` characters of `symbolCharacters`, each inserted at a uniformly random
 * position. It has no positional rule and no per-case minimum for letters.
 */
export interface PasswordGeneratorSpec {
  /** Total length. Set explicitly: upstream defaults to 24. */
  readonly length: number;
  /** Exactly this many digits. Set explicitly: upstream defaults to 25% of `length`. */
  readonly digits: number;
  /** Exactly this many symbols. Set explicitly: upstream defaults to 25% of `length`. */
  readonly symbols: number;
  /**
   * The symbols to draw from: always set and never empty. Upstream's default set contains `"`,
   * backslash and backtick; a `"` ends BIRD's `password "..."` string (truncation or configuration
   * injection), and an empty value falls back to that default in go-password.
   */
  readonly symbolCharacters: string;
  /** `true` when the policy disables uppercase letters. */
  readonly noUpper: boolean;
  /**
   * Always `true`. With `false`, go-password refuses (and the ExternalSecret never becomes ready)
   * when `symbols` exceeds the number of `symbolCharacters`, `digits` exceeds 10 or the letters
   * exceed 52; it also lowers entropy by drawing without replacement.
   */
  readonly allowRepeat: true;
  /** Always `raw`: any other encoding would turn the password into something the policy never checked. */
  readonly encoding: 'raw';
}

/** The least entropy a generator-backed password carries, unless the policy itself generates less. */
export const MIN_GENERATOR_ENTROPY_BITS = 128;

/** Overrides that make a policy expressible by the generator: it has no per-case letter minimum. */
const GENERATOR_OVERRIDES: PasswordPolicyProps = { minLowercase: 0, minUppercase: 0 };

/**
 * A policy the external-secrets Password generator can meet: `props` on top of the default policy,
 * with no minimum of lowercase or uppercase letters (the generator cannot guarantee either).
 */
export function passwordGeneratorPolicy(props: PasswordPolicyProps = {}): PasswordPolicy {
  return new PasswordPolicy({ name: 'external-secrets-generator', ...GENERATOR_OVERRIDES, ...props });
}

/**
 * A router profile's policy (see `ROUTER_PROFILES`) made expressible by the generator: no minimum of
 * lowercase or uppercase letters. Profiles with a first-character rule (e.g. `cisco-ios`) stay
 * refused by the generator (the construct reports why) unless `overrides` disables digits and symbols.
 */
export function passwordGeneratorPolicyForRouter(router: string, overrides: PasswordPolicyProps = {}): PasswordPolicy {
  return PasswordPolicy.forRouter(router, { ...GENERATOR_OVERRIDES, ...overrides });
}

/**
 * What {@link checkPasswordGeneratorPolicy} reads of a policy. Derived from a `PasswordPolicy` by
 * {@link generatorPolicyShape}; a plain value so the rules can be tested on shapes a policy would
 * refuse itself.
 * @internal
 */
export interface GeneratorPolicyShape {
  readonly name: string;
  readonly length: number;
  readonly firstCharacter: string;
  readonly forbiddenCharacters: string;
  readonly allowOtherCharacters: boolean;
  readonly minClasses: number;
  readonly entropyBits: number;
  readonly classes: readonly PasswordCharacterClass[];
}

/** @internal */
export function generatorPolicyShape(policy: PasswordPolicy): GeneratorPolicyShape {
  return {
    name: policy.name,
    length: policy.length,
    firstCharacter: policy.firstCharacter,
    forbiddenCharacters: policy.forbiddenCharacters,
    allowOtherCharacters: policy.allowOtherCharacters,
    minClasses: policy.minClasses,
    entropyBits: policy.entropyBits,
    classes: policy.characterClasses,
  };
}

const GENERATOR = 'the external-secrets Password generator';
const OTHER_SOURCES = 'or use another password source (a derived or a stored password)';

/**
 * Every reason the generator cannot meet `shape`, and the spec it would use otherwise. Each problem
 * names the policy prop and the generator behaviour that breaks it.
 * @internal
 */
export function planGeneratorSpec(shape: GeneratorPolicyShape): { spec: PasswordGeneratorSpec; problems: Problem[] } {
  const problems: Problem[] = [];
  const p = (field: string, rule: string, message: string) => problems.push(problem(field, rule, message));
  const cls = (name: string) => shape.classes.find((c) => c.name === name);
  const lower = cls('lowercase');
  const upper = cls('uppercase');
  const digitClass = cls('digits');
  const symbolClass = cls('symbols');
  const strict = !shape.allowOtherCharacters;
  const noUpper = upper === undefined;

  // Counts: a quarter of the length each for digits and symbols (upstream's own default), at least
  // the policy minimums; shrunk towards the minimums when the policy's lowercase minimum needs room.
  const { length } = shape;
  const quarter = Math.floor(length / 4);
  let digits = digitClass ? Math.max(digitClass.min, quarter) : 0;
  let symbols = symbolClass ? Math.max(symbolClass.min, quarter) : 0;
  const lettersNeeded = noUpper && lower ? lower.min : 0;
  let excess = digits + symbols + lettersNeeded - length;
  if (excess > 0 && digitClass) { const d = Math.min(excess, digits - digitClass.min); digits -= d; excess -= d; }
  if (excess > 0 && symbolClass) { const s = Math.min(excess, symbols - symbolClass.min); symbols -= s; excess -= s; }
  const letters = length - digits - symbols;

  if (shape.firstCharacter !== 'any') {
    const firstOk = (shape.firstCharacter === 'letter' && digits === 0 && symbols === 0)
      || (shape.firstCharacter === 'alphanumeric' && symbols === 0)
      || (shape.firstCharacter === 'not-digit' && digits === 0);
    if (!firstOk) {
      p('firstCharacter', 'generator.first-character',
        `'firstCharacter' (${shape.firstCharacter}) cannot be met by ${GENERATOR}: it inserts digits and symbols at random positions, so the first character may be ${shape.firstCharacter === 'alphanumeric' ? 'a symbol' : shape.firstCharacter === 'not-digit' ? 'a digit' : 'a digit or a symbol'}. Use a policy with firstCharacter 'any', disable ${shape.firstCharacter === 'alphanumeric' ? "'symbols'" : shape.firstCharacter === 'not-digit' ? "'digits'" : "'digits' and 'symbols'"}, ${OTHER_SOURCES}.`);
    }
  }
  if (strict && !lower) {
    p('lowercase', 'generator.lowercase-always',
      `'lowercase' is false, but ${GENERATOR} always draws lowercase letters (a-z); enable 'lowercase' ${OTHER_SOURCES}.`);
  }
  const lowerGuaranteed = noUpper ? letters : 0;
  if (lower && lower.min > lowerGuaranteed) {
    p('minLowercase', 'generator.letter-minimum',
      `'minLowercase' (${lower.min}) cannot be guaranteed by ${GENERATOR}: it draws letters from a-z and A-Z with no per-case minimum, so a password may hold no lowercase letter. Set 'minLowercase' to 0 (passwordGeneratorPolicy() does) ${OTHER_SOURCES}.`);
  }
  if (upper && upper.min > 0) {
    p('minUppercase', 'generator.letter-minimum',
      `'minUppercase' (${upper.min}) cannot be guaranteed by ${GENERATOR}: it draws letters from a-z and A-Z with no per-case minimum, so a password may hold no uppercase letter. Set 'minUppercase' to 0 (passwordGeneratorPolicy() does) ${OTHER_SOURCES}.`);
  }
  const forbiddenLetters = [...shape.forbiddenCharacters].filter((c) => /[a-z]/.test(c) || (!noUpper && /[A-Z]/.test(c)));
  if (forbiddenLetters.length) {
    p('forbiddenCharacters', 'generator.forbidden-letter',
      `'forbiddenCharacters' holds letters (${forbiddenLetters.join(' ')}) that ${GENERATOR} cannot leave out: it always draws from all of ${noUpper ? 'a-z' : 'a-z and A-Z'}. Remove them from 'forbiddenCharacters' ${OTHER_SOURCES}.`);
  }
  const forbiddenDigits = [...shape.forbiddenCharacters].filter((c) => /[0-9]/.test(c));
  if (digits > 0 && forbiddenDigits.length) {
    p('forbiddenCharacters', 'generator.forbidden-digit',
      `'forbiddenCharacters' holds digits (${forbiddenDigits.join(' ')}) that ${GENERATOR} cannot leave out: it always draws from all of 0-9. Remove them, set 'digits' to false, ${OTHER_SOURCES}.`);
  }
  const badSymbols = symbolClass ? [...symbolClass.chars].filter((c) => Buffer.byteLength(c, 'utf8') !== 1 || c < '!' || c > '~' || c === '"') : [];
  if (badSymbols.length) {
    p('symbolSet', 'generator.symbol-characters',
      `'symbolSet' holds ${badSymbols.length} character(s) ${GENERATOR} cannot use: it picks single bytes of 'symbolCharacters', so a multi-byte character comes out as broken UTF-8, and '"' or whitespace breaks BIRD's configuration. Use printable ASCII symbols only.`);
  }
  const guaranteedClasses = (letters > 0 ? 1 : 0) + (digits > 0 ? 1 : 0) + (symbols > 0 ? 1 : 0);
  if (shape.minClasses > guaranteedClasses) {
    p('minClasses', 'generator.min-classes',
      `'minClasses' (${shape.minClasses}) cannot be guaranteed by ${GENERATOR}: with ${letters} letter(s), ${digits} digit(s) and ${symbols} symbol(s) it guarantees ${guaranteedClasses} class(es) (its letters may all be of one case). Lower 'minClasses' ${OTHER_SOURCES}.`);
  }

  const symbolCharacters = symbolClass && symbolClass.chars.length > 0
    ? symbolClass.chars
    // Never drawn (symbols is 0), but set so no upstream default applies if the count were edited.
    : [...DEFAULT_SYMBOLS].filter((c) => !shape.forbiddenCharacters.includes(c)).join('') || DEFAULT_SYMBOLS;
  const spec: PasswordGeneratorSpec = { length, digits, symbols, symbolCharacters, noUpper, allowRepeat: true, encoding: 'raw' };

  const bits = generatorEntropyBits(spec);
  const needed = Math.min(MIN_GENERATOR_ENTROPY_BITS, Math.floor(shape.entropyBits));
  if (problems.length === 0 && bits < needed) {
    p('length', 'generator.entropy',
      `With ${letters} letter(s), ${digits} digit(s) and ${symbols} symbol(s), ${GENERATOR} would carry about ${Math.floor(bits)} bits of entropy, below ${needed}; raise 'length'.`);
  }
  return { spec, problems };
}

/** Every reason the external-secrets Password generator cannot meet `policy` (empty when it can). */
export function checkPasswordGeneratorPolicy(policy: PasswordPolicy): Problem[] {
  return planGeneratorSpec(generatorPolicyShape(policy)).problems;
}

/**
 * The generator spec whose every output meets the floor rules and `policy`; throws a
 * `ValidationError` naming the prop and the reason when the generator cannot express the policy.
 */
export function passwordGeneratorSpec(policy: PasswordPolicy): PasswordGeneratorSpec {
  const { spec, problems } = planGeneratorSpec(generatorPolicyShape(policy));
  throwIfProblems(problems, `External-secrets Password generator for policy '${policy.name}'`);
  return spec;
}

/**
 * The exact entropy of the generator's output, in bits: its letters, digits and symbols are drawn
 * uniformly and placed by uniform random insertion, so every arrangement is equally likely.
 */
export function generatorEntropyBits(spec: PasswordGeneratorSpec): number {
  const letters = spec.length - spec.digits - spec.symbols;
  const alphabet = spec.noUpper ? 26 : 52;
  const log2Factorial = (n: number) => { let s = 0; for (let i = 2; i <= n; i++) s += Math.log2(i); return s; };
  const arrangements =
    log2Factorial(spec.length) - log2Factorial(letters) - log2Factorial(spec.digits) - log2Factorial(spec.symbols);
  return letters * Math.log2(alphabet) + spec.digits * Math.log2(10)
    + (spec.symbols > 0 ? spec.symbols * Math.log2(spec.symbolCharacters.length) : 0) + arrangements;
}
