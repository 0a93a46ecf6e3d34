import { isIP } from 'node:net';
import { Problem, problem } from '../errors';
import { SelectorSyntaxError, selectorSyntaxError } from './selector';
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
  if (typeof value === 'number') {
    n = value;
  } else if (/^\d+$/.test(value)) {
    n = Number(value);
  } else {
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
  return [problem(field, 'calico.duration',
    `'${field}' (${value}) must be a Go duration such as '90s', '2m' or '1h30m' (units ns, us, ms, s, m, h; no sign).`)];
}

/**
 * Problems of a Calico selector field: the syntax Calico's own parser accepts (libcalico-go's
 * tokenizer and parser, ported in `selector.ts`; calicoctl and calico-apiserver refuse the rest),
 * at most 1024 characters (the release-v3.33 CRDs' maxLength), and not blank (the library's own
 * rule: Calico reads a blank selector as `all()`; leave the field unset to mean that).
 */
export function checkSelector(field: string, selector: string | undefined): Problem[] {
  if (selector === undefined) return [];
  const value = String(selector);
  const problems: Problem[] = [];
  if (value.trim().length === 0) {
    problems.push(problem(field, 'calico.selector',
      `'${field}' must not be blank: Calico reads a blank selector as all(); leave it unset instead.`));
    return problems;
  }
  if (value.length > MAX_SELECTOR_LENGTH) {
    problems.push(problem(field, 'calico.selector-length',
      `'${field}' is ${value.length} characters long; selectors are limited to ${MAX_SELECTOR_LENGTH}.`));
  }
  const error = selectorSyntaxError(value);
  if (error) problems.push(problem(field, 'calico.selector', selectorMessage(field, value, error)));
  return problems;
}

/** The sentence for a selector Calico's parser refuses: field, selector, column, what was expected, Calico's words. */
export function selectorMessage(field: string, value: string, error: SelectorSyntaxError): string {
  const c = value[error.position];
  const expected = c === '\n' || c === '\r' ? 'no line break (a selector is one line)' : error.expected;
  const shown = value.length > 120 ? `${value.slice(0, 117)}...` : value;
  return `'${field}' (${JSON.stringify(shown)}) is not a valid Calico selector: at column ${error.position + 1} expected ${expected}; `
    + `Calico's parser says "${error.calicoMessage.length > 160 ? `${error.calicoMessage.slice(0, 157)}...` : error.calicoMessage}". `
    + 'Example of the syntax: rack == \'r1\' && has(tor).';
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

/** Problems of a CIDR field (any prefix, host bits allowed). */
export function checkCidr(field: string, value: string | undefined): Problem[] {
  if (value === undefined) return [];
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
  const fam = m ? isIP(m[1]) : 0;
  if (!m || !fam || Number(m[2]) > (fam === 4 ? 32 : 128)) {
    return [problem(field, 'calico.cidr', `'${field}' (${value}) must be a CIDR such as 10.0.0.0/24 or fd00::/64.`)];
  }
  return [];
}

/** The address as one integer (IPv4: 32 bits, IPv6: 128 bits, an embedded IPv4 tail included). */
function addressValue(address: string, family: 4 | 6): bigint {
  if (family === 4) return address.split('.').reduce((acc, o) => acc * 256n + BigInt(Number(o)), 0n);
  const halves = address.split('::');
  const words = (part: string | undefined): bigint[] => (part ? part.split(':') : []).flatMap((w) => {
    if (!w.includes('.')) return [BigInt(parseInt(w, 16))];
    const v4 = addressValue(w, 4);
    return [v4 / 65536n, v4 % 65536n];
  });
  const head = words(halves[0]);
  const tail = words(halves[1]);
  const all = halves.length === 2 ? [...head, ...Array<bigint>(8 - head.length - tail.length).fill(0n), ...tail] : head;
  return all.reduce((acc, w) => acc * 65536n + w, 0n);
}

/**
 * Problems of a `net` field as libcalico-go's validator checks it (`validateIPNetwork`): an IP
 * address, or a CIDR whose host bits are zero (`10.0.0.0/24`, not `10.0.0.1/24`). From Calico 3.32
 * the CRD also declares `format: cidr`, which refuses a bare address: at those targets the address
 * needs its prefix length (`10.0.0.1/32`).
 */
export function checkNet(field: string, value: unknown, calicoVersion: string): Problem[] {
  if (value === undefined) return [];
  const text = typeof value === 'string' ? value : String(value);
  const bare = isIP(text);
  if (bare) {
    return versionAtLeast(calicoVersion, '3.32') ? [problem(field, 'calico.cidr-format',
      `'${field}' (${text}) must carry its prefix length (${text}/${bare === 4 ? 32 : 128}): from Calico 3.32 the CRD's format: cidr refuses a bare address.`)] : [];
  }
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const fam = m ? isIP(m[1]) as 0 | 4 | 6 : 0;
  const len = m ? Number(m[2]) : 0;
  if (!m || !fam || len > (fam === 4 ? 32 : 128)) {
    return [problem(field, 'calico.cidr',
      `'${field}' (${text}) must be an IP address or a CIDR such as 10.0.0.0/24 or fd00::/64.`)];
  }
  const width = fam === 4 ? 32 : 128;
  if (addressValue(m[1], fam) % 2n ** BigInt(width - len) !== 0n) {
    return [problem(field, 'calico.cidr',
      `'${field}' (${text}) has host bits set; Calico wants the network address of the block (strictly masked, e.g. 10.0.0.0/24).`)];
  }
  return [];
}

/** Whether release `version` (e.g. `3.31`) is `since` or later. */
export function versionAtLeast(version: string, since: string): boolean {
  const [a1, a2] = version.split('.').map(Number);
  const [b1, b2] = since.split('.').map(Number);
  return a1 > b1 || (a1 === b1 && a2 >= b2);
}

/** Whether a value is set (not undefined and not an empty string). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== '';
}
