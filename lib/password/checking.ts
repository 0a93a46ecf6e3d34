import { MAX_PASSWORD_BYTES, checkPasswordFloor, checkPasswordType } from './floor';
import type { FirstCharacterRule } from './policy-props';
import { PolicyRules, countClasses, describeAlphabet, describeChars, firstAllowed } from './policy-rules';
import { Problem, problem } from '../errors';

const FIRST_WORDS: Record<FirstCharacterRule, string> = {
  'any': 'any character',
  'letter': 'a letter',
  'alphanumeric': 'a letter or a digit',
  'not-digit': 'a character that is not a digit',
};

/**
 * Every problem `password` has under the floor rules and, on top of them, `rules` (a value that is
 * not a string: rule `password.type` only). The password never appears in the result.
 */
export function checkPassword(rules: PolicyRules, password: string, field: string): Problem[] {
  // A JavaScript caller or untyped configuration may pass anything: refuse it by type, never print it.
  const type = checkPasswordType(password, field);
  if (type.length) return type;
  const problems = checkPasswordFloor(password, field);
  const add = (rule: string, message: string) => problems.push(problem(field, rule, message));
  const bytes = Buffer.byteLength(password, 'utf8');
  const who = `the '${rules.name}' policy`;
  if (bytes > rules.maxLength && rules.maxLength < MAX_PASSWORD_BYTES) {
    add('policy.max-length', `'${field}' is ${bytes} bytes long; ${who} allows at most ${rules.maxLength}.`);
  }
  if (bytes > 0 && bytes < rules.minLength) {
    add('policy.min-length', `'${field}' is ${bytes} bytes long; ${who} needs at least ${rules.minLength}.`);
  }
  const chars = [...password];
  const forbidden = [...new Set(chars.filter((c) => rules.forbiddenCharacters.includes(c)))];
  if (forbidden.length) {
    add('policy.forbidden-character',
      `'${field}' contains ${forbidden.length} character(s) that ${who} forbids (forbidden: ${describeChars(rules.forbiddenCharacters)}).`);
  }
  if (!rules.allowOtherCharacters) {
    const other = chars.filter((c) => !rules.alphabet.includes(c) && !rules.forbiddenCharacters.includes(c));
    if (other.length) {
      add('policy.alphabet',
        `'${field}' contains ${other.length} character(s) outside ${who}'s alphabet (${describeAlphabet(rules.classes)}).`);
    }
  }
  for (const c of rules.classes) {
    const n = chars.filter((x) => c.chars.includes(x)).length;
    if (n < c.min) {
      add('policy.class-minimum', `'${field}' has ${n} ${c.noun}(s); ${who} needs at least ${c.min} ('${c.prop}').`);
    }
  }
  if (rules.minClasses > 0) {
    const present = countClasses(chars);
    if (present < rules.minClasses) {
      add('policy.min-classes',
        `'${field}' uses ${present} character class(es); ${who} needs at least ${rules.minClasses}.`);
    }
  }
  if (chars.length > 0 && !firstAllowed(rules.firstCharacter, chars[0])) {
    add('policy.first-character', `'${field}' must start with ${FIRST_WORDS[rules.firstCharacter]} under ${who}.`);
  }
  return problems;
}
