import { Problem, problem } from '../errors';

/**
 * The longest key Linux accepts for TCP-MD5 (`TCP_MD5SIG_MAXKEYLEN` in `include/uapi/linux/tcp.h`).
 * BIRD refuses a longer key when the session starts, after the configuration parsed fine.
 */
export const MAX_PASSWORD_BYTES = 80;

/**
 * The floor rules that every password must meet, whatever the policy: calico-node renders the value
 * raw into BIRD's configuration as `password "<value>";` (confd's `bird.cfg` template, no escaping),
 * and BIRD strings have no escape sequences (`conf/cf-lex.l`).
 *
 * - 1 to 80 bytes of UTF-8 (an empty value is dropped by confd's template without a word, so the
 *   peer runs unauthenticated; a longer key takes the session down at run time);
 * - no `"` (it ends the string: truncation or configuration injection);
 * - no newline, CR, NUL or other control character (a newline breaks `bird.cfg`, which freezes every
 *   later BGP change on the node);
 * - no leading or trailing whitespace (invisible in most UIs; a trailing newline from
 *   `kubectl create secret --from-file` becomes part of the password);
 * - no U+2028 LINE SEPARATOR or U+2029 PARAGRAPH SEPARATOR (YAML 1.1 parsers such as PyYAML read
 *   them as line breaks: the synthesized manifest fails to load, or the value changes);
 * - no format character (Unicode category Cf: zero-width spaces and joiners, the byte-order mark,
 *   bidirectional overrides such as U+202E), invisible and able to make a value display unlike its bytes;
 * - no unpaired UTF-16 surrogate, which has no UTF-8 form (Node writes U+FFFD instead, so the
 *   Secret would not hold the password the router is given).
 *
 * @param password the value to check; it never appears in the returned problems.
 * @param field the name to report problems under.
 */
export function checkPasswordFloor(password: string, field = 'password'): Problem[] {
  const problems: Problem[] = [];
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes === 0) {
    problems.push(problem(field, 'password.empty',
      `'${field}' must not be empty: calico-node writes no password line for an empty value and logs nothing, so the peering silently runs without authentication.`));
    return problems;
  }
  if (bytes > MAX_PASSWORD_BYTES) {
    problems.push(problem(field, 'password.max-bytes',
      `'${field}' is ${bytes} bytes long; TCP-MD5 keys are limited to ${MAX_PASSWORD_BYTES} bytes of UTF-8 (TCP_MD5SIG_MAXKEYLEN), and a longer one takes the BGP session down at run time.`));
  }
  if (password.includes('"')) {
    problems.push(problem(field, 'password.double-quote',
      `'${field}' must not contain a double quote ("): calico-node writes the password unescaped into BIRD's password "..." string, where a quote truncates it or injects configuration.`));
  }
  if (/[\n\r]/.test(password)) {
    problems.push(problem(field, 'password.newline',
      `'${field}' must not contain a newline or carriage return: it breaks calico-node's bird.cfg and freezes every later BGP change on the node (a trailing newline often comes from 'kubectl create secret --from-file').`));
  }
  // Other C0/C1 controls and DEL (tab is a control character too).
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(password)) {
    problems.push(problem(field, 'password.control-character',
      `'${field}' must not contain NUL, tab or other control characters: they are invisible, differ between router CLIs, and some end BIRD's configuration string. This is the library's floor, stricter than Calico, which takes the value as it is.`));
  }
  if (/^\s|\s$/u.test(password)) {
    problems.push(problem(field, 'password.surrounding-whitespace',
      `'${field}' must not start or end with whitespace (a trailing newline included): calico-node uses the secret's bytes verbatim while most routers trim or reject it, so the two ends would disagree. This is the library's floor, stricter than Calico, which takes the value as it is.`));
  }
  problems.push(...checkInvisibleCharacters(password, field));
  return problems;
}

/**
 * The floor rules on characters that YAML or a display get wrong: line and paragraph separators,
 * format characters (Cf) and unpaired surrogates. Part of {@link checkPasswordFloor}.
 */
function checkInvisibleCharacters(password: string, field: string): Problem[] {
  const problems: Problem[] = [];
  if (/[\u2028\u2029]/.test(password)) {
    problems.push(problem(field, 'password.line-separator',
      `'${field}' must not contain U+2028 LINE SEPARATOR or U+2029 PARAGRAPH SEPARATOR: YAML 1.1 parsers (PyYAML, many CI tools) read them as line breaks, so the synthesized manifest fails to load or the password changes.`));
  }
  if (/\p{Cf}/u.test(password)) {
    problems.push(problem(field, 'password.format-character',
      `'${field}' must not contain an invisible format character (Unicode category Cf: zero-width space or joiner, byte-order mark, bidirectional override such as U+202E): it cannot be seen or typed reliably, and bidirectional overrides make the value display unlike its bytes.`));
  }
  if (/\p{Cs}/u.test(password)) {
    problems.push(problem(field, 'password.unpaired-surrogate',
      `'${field}' must not contain an unpaired UTF-16 surrogate: it has no UTF-8 form, so the Secret would hold U+FFFD instead and the router's password would differ.`));
  }
  return problems;
}

/**
 * The problem of a password value that is not a string (a number or `undefined` from untyped
 * configuration, a JavaScript caller): rule `password.type`, under `field`. The message names the
 * type, never the value. Empty when `value` is a string.
 */
export function checkPasswordType(value: unknown, field = 'password'): Problem[] {
  if (typeof value === 'string') return [];
  const type = value === null ? 'null' : value === undefined ? 'undefined' : Array.isArray(value) ? 'an array' : /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`;
  return [problem(field, 'password.type',
    `'${field}' must be a string, not ${type}: a password is text (quote a numeric value in configuration).`)];
}
