// Addresses are 32- or 128-bit integers here; shifts and masks on bigint are the plain way to say it.
/* eslint-disable no-bitwise */
import { isIP } from 'node:net';

/** An IP address as a number, with its family. */
export interface ParsedAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** A CIDR block: network number, prefix length and the canonical text. */
export interface ParsedCidr {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefixLength: number;
  /** Whether bits below the prefix were set in the input (e.g. `10.0.0.5/24`). */
  readonly hostBitsSet: boolean;
  /** The block with host bits cleared, in canonical form (`10.0.0.0/24`, `fd00::/64`). */
  readonly canonical: string;
}

const width = (family: 4 | 6) => (family === 4 ? 32 : 128);

/**
 * Parses an IPv4 or IPv6 address (no zone, no port). Returns undefined for anything else, so
 * callers decide how to report it.
 */
export function parseAddress(text: string): ParsedAddress | undefined {
  // A zone (`fe80::1%eth0`) names a local interface: meaningless in another router's config.
  if (text.includes('%')) return undefined;
  const family = isIP(text);
  if (family === 4) return { family: 4, value: parseV4(text) };
  if (family === 6) return { family: 6, value: parseV6(text) };
  return undefined;
}

function parseV4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseV6(text: string): bigint {
  let head = text;
  let tail: bigint[] = [];
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) stands for the last two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = parseV4(v4[1]);
    tail = [n >> 16n, n & 0xffffn];
    head = text.slice(0, -v4[1].length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const groups = (s: string | undefined) => (s ? s.split(':').filter((g) => g.length > 0).map((g) => BigInt(parseInt(g, 16))) : []);
  const l = groups(left);
  const r = [...groups(right), ...tail];
  const zeros = right === undefined ? [] : new Array<bigint>(8 - l.length - r.length).fill(0n);
  const all = right === undefined ? [...l, ...tail] : [...l, ...zeros, ...r];
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Formats an address canonically: dotted quad, or RFC 5952 text for IPv6. */
export function formatAddress(address: ParsedAddress): string {
  if (address.family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((address.value >> s) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((address.value >> BigInt((7 - i) * 16)) & 0xffffn));
  // RFC 5952 4.2: compress the longest run of two or more zero groups, the first one on a tie.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Parses `address/length`; undefined when either part is invalid. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const address = parseAddress(m[1]);
  const prefixLength = Number(m[2]);
  if (!address || prefixLength > width(address.family)) return undefined;
  const hostBits = BigInt(width(address.family) - prefixLength);
  const network = (address.value >> hostBits) << hostBits;
  return {
    family: address.family,
    network,
    prefixLength,
    hostBitsSet: network !== address.value,
    canonical: `${formatAddress({ family: address.family, value: network })}/${prefixLength}`,
  };
}
