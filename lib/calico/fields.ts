import { isIP } from 'node:net';
import { Problem, problem } from '../errors';
import { AsNumber } from './types';

/** The largest 4-byte AS number. */
export const MAX_AS_NUMBER = 4294967295;
/** The longest selector the library emits (the release-v3.33 CRDs' maxLength). */
export const MAX_SELECTOR_LENGTH = 1024;

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Go's time.ParseDuration grammar (the form metav1.Duration accepts), without a sign.
const GO_DURATION = /^(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

/** Parses an AS number in asplain (`64512`) or asdot (`1.10`) form; undefined when invalid. */
export function parseAsNumber(value: AsNumber): number | undefined {
  // Values read from manifests are untyped: `[64512]` would pass the regular expressions as text.
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  let n: number;
  if (typeof value === 'number') {n = value;} else if (/^\d+$/.test(value)) {n = Number(value);} else {
    const m = /^(\d+)\.(\d+)$/.exec(value);
    if (!m) return undefined;
    const [hi, lo] = [Number(m[1]), Number(m[2])];
    if (hi > 65535 || lo > 65535) return undefined;
    n = hi * 65536 + lo;
  }
  return Number.isInteger(n) && n >= 1 && n <= MAX_AS_NUMBER ? n : undefined;
}

/** Problems of an AS number field. */
export function checkAsNumber(field: string, value: AsNumber | undefined): Problem[] {
  if (value === undefined) return [];
  return parseAsNumber(value) === undefined ? [problem(field, 'calico.as-number',
    `'${field}' (${value}) must be an AS number between 1 and ${MAX_AS_NUMBER}, as an integer or in asdot form 'a.b' (each part 0-65535).`)] : [];
}

/** Problems of a Kubernetes object name (DNS-1123 subdomain, at most 253 characters). */
export function checkName(field: string, name: string): Problem[] {
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return [problem(field, 'k8s.name',
      `'${field}' (${name}) must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (no '_').`)];
  }
  return [];
}

/** Problems of a Go duration field such as `120s` or `1m30s`. */
export function checkDuration(field: string, value: string | undefined): Problem[] {
  if (value === undefined || GO_DURATION.test(value)) return [];
  return [problem(field, 'calico.duration', `'${field}' (${value}) must be a Go duration such as '90s', '2m' or '1h30m' (units ns, us, ms, s, m, h; no sign).`)];
}

/** Problems of a Calico selector: at most 1024 characters, one line, balanced quotes and parentheses. */
export function checkSelector(field: string, value: string | undefined): Problem[] {
  if (value === undefined) return [];
  const problems: Problem[] = [];
  if (value.trim().length === 0) problems.push(problem(field, 'calico.selector', `'${field}' must not be empty; leave it unset instead.`));
  if (value.length > MAX_SELECTOR_LENGTH) {
    problems.push(problem(field, 'calico.selector-length', `'${field}' is ${value.length} characters long; selectors are limited to ${MAX_SELECTOR_LENGTH}.`));
  }
  if (/[\n\r]/.test(value)) problems.push(problem(field, 'calico.selector', `'${field}' must be a single line.`));
  let depth = 0;
  let quote: string | undefined;
  for (const c of value) {
    if (quote) { if (c === quote) quote = undefined; continue; }
    if (c === '"' || c === '\'') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) break;
  }
  if (quote || depth !== 0) {
    problems.push(problem(field, 'calico.selector', `'${field}' (${value}) has unbalanced quotes or parentheses; see Calico's selector syntax, e.g. rack == 'r1' && has(tor).`));
  }
  return problems;
}

/** Splits `peerIP` into address, family and optional port; undefined when invalid. */
export function parsePeerIP(value: string): { address: string; family: 4 | 6; port?: number } | undefined {
  const family = isIP(value);
  if (family) return { address: value, family: family as 4 | 6 };
  const v6 = /^\[([^\]]+)\]:(\d{1,5})$/.exec(value);
  const v4 = /^([\d.]+):(\d{1,5})$/.exec(value);
  const m = v6 ?? v4;
  if (!m) return undefined;
  const fam = isIP(m[1]);
  const port = Number(m[2]);
  if ((v6 && fam !== 6) || (v4 && fam !== 4) || port < 1 || port > 65535) return undefined;
  return { address: m[1], family: fam as 4 | 6, port };
}

/** Problems of an integer field with bounds. */
export function checkInt(field: string, value: number | undefined, min: number, max: number): Problem[] {
  if (value === undefined || (Number.isInteger(value) && value >= min && value <= max)) return [];
  return [problem(field, 'calico.range', `'${field}' (${value}) must be an integer between ${min} and ${max}.`)];
}

/** Problems of an enum field. */
export function checkEnum(field: string, value: string | undefined, allowed: readonly string[]): Problem[] {
  if (value === undefined || allowed.includes(value)) return [];
  return [problem(field, 'calico.enum', `'${field}' (${value}) must be one of ${allowed.join(', ')}.`)];
}

/** Problems of a CIDR field. */
export function checkCidr(field: string, value: string | undefined): Problem[] {
  if (value === undefined) return [];
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
  const fam = m ? isIP(m[1]) : 0;
  if (!m || !fam || Number(m[2]) > (fam === 4 ? 32 : 128)) {
    return [problem(field, 'calico.cidr', `'${field}' (${value}) must be a CIDR such as 10.0.0.0/24 or fd00::/64.`)];
  }
  return [];
}

/** Whether a value is set (not undefined and not an empty string). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== '';
}
