import type { FirstCharacterRule } from './policy-props';
import { CharClass, PolicyRules, countClasses, firstAllowed } from './policy-rules';
import { ByteSource, UnbiasedSampler } from './sampler';

/**
 * Generates a password that meets `rules` from `source`. Rejection on the first-character and
 * `minClasses` rules keeps the distribution uniform among compliant outputs; the policy's
 * constructor refused rules no output meets ({@link unsatisfiableRules}).
 */
export function generatePassword(rules: PolicyRules, source: ByteSource): string {
  const sampler = new UnbiasedSampler(source);
  for (;;) {
    const chars: string[] = [];
    for (const c of rules.classes) for (let i = 0; i < c.min; i++) chars.push(sampler.pick(c.chars));
    while (chars.length < rules.length) chars.push(sampler.pick(rules.alphabet));
    sampler.shuffle(chars);
    if (!firstAllowed(rules.firstCharacter, chars[0])) continue;
    if (rules.minClasses === 0 || countClasses(chars) >= rules.minClasses) return chars.join('');
  }
}

/**
 * A lower bound of the entropy of a password generated under `rules`, in bits: minimum draws from
 * their class, the rest from the whole alphabet, the first character from the allowed first set.
 */
export function generationEntropyBits(rules: PolicyRules): number {
  const { classes, alphabet, firstAlphabet } = rules;
  if (classes.length === 0 || firstAlphabet.length === 0) return 0;
  const log = Math.log2;
  let bits = classes.reduce((s, c) => s + c.min * log(c.chars.length), 0);
  const minSum = classes.reduce((s, c) => s + c.min, 0);
  bits += Math.max(0, rules.length - minSum) * log(alphabet.length);
  // The first-character rule removes the share of outputs whose first character it refuses.
  bits += log(firstAlphabet.length / alphabet.length);
  return Math.max(0, bits);
}

/**
 * Rules that no generated password can meet, found before generation would reject forever: the class
 * minimums fill `minSum` positions, each of the `length - minSum` free positions can add one class or
 * take any character. Each entry is a problem's field, rule and message.
 */
export function unsatisfiableRules(
  classes: readonly CharClass[],
  length: number,
  minClasses: number,
  first: FirstCharacterRule,
): Array<[string, string, string]> {
  const forced = classes.filter((c) => c.min > 0);
  const optional = classes.filter((c) => c.min === 0);
  const free = length - classes.reduce((s, c) => s + c.min, 0);
  const need = Math.max(0, minClasses - forced.length);
  const hasFirst = (c: CharClass) => [...c.chars].some((x) => firstAllowed(first, x));
  if (need > Math.min(optional.length, free)) {
    const most = forced.length + Math.min(optional.length, free);
    return [['minClasses', 'policy.min-classes-unsatisfiable',
      `'minClasses' (${minClasses}) cannot be met: with these classes and minimums a ${length}-character password holds at most ${most} class(es).`]];
  }
  if (!forced.some(hasFirst) && free === need && !(need > 0 && optional.some(hasFirst))) {
    return [['firstCharacter', 'policy.first-unsatisfiable',
      `'firstCharacter' (${first}) cannot be met: the class minimums fill every position with characters it refuses; lower them or raise 'length'.`]];
  }
  return [];
}
