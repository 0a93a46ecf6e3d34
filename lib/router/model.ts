import { Problem, problem, throwIfProblems } from '../errors';
import { checkAsNumber, parseAsNumber } from '../calico';
import { formatAddress, parseAddress, parseCidr } from './addresses';
import { checkRouterPassword } from './password';
import { ROUTER_TARGETS, RouterConfigInput, RouterTarget } from './types';

/** The peer group name unless told otherwise. */
export const DEFAULT_PEER_GROUP = 'calico';
/** The group description unless told otherwise. */
export const DEFAULT_ROUTER_DESCRIPTION = 'Calico nodes';

// Letters, digits and `_` only: BIRD symbols cannot hold `-`, NVUE refuses `-` in peer-group names,
// and a leading letter keeps every CLI from reading the name as an address or a number.
const GROUP_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
// One line of printable ASCII that every syntax can carry unescaped, quoted or not.
const DESCRIPTION = /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,80}$/;
const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * A validated, normalised peering, ready for a syntax renderer. Addresses are canonical, AS
 * numbers are integers, and `password` holds either the password or the placeholder.
 * @internal
 */
export interface RouterPeering {
  readonly target: RouterTarget;
  readonly routerAS: number;
  readonly routerAddress: string;
  readonly family: 4 | 6;
  readonly routerId?: string;
  readonly nodeAS: number;
  /** iBGP: the router and the nodes share an AS. */
  readonly internal: boolean;
  /** Explicit neighbours (canonical addresses). */
  readonly neighbors: readonly string[];
  /** Dynamic-neighbour ranges (canonical CIDRs). */
  readonly ranges: readonly string[];
  readonly group: string;
  readonly description: string;
  /** The password, or the placeholder when `placeholder` is true. */
  readonly password: string;
  readonly placeholder: boolean;
  readonly ebgpMultihop?: number;
  /** Comment lines (without the comment prefix) every rendering starts with. */
  readonly header: readonly string[];
}

/**
 * Problems of the options' types, for callers in plain JavaScript or with values read from files:
 * lists must be arrays of strings, flags booleans, names and addresses strings, the password a
 * string. The password's value is never named.
 */
export function checkOptionTypes(input: {
  readonly nodeAddresses?: unknown;
  readonly nodeCIDRs?: unknown;
  readonly includePassword?: unknown;
  readonly routerAddress?: unknown;
  readonly routerId?: unknown;
  readonly peerGroup?: unknown;
  readonly description?: unknown;
  readonly password?: unknown;
}): Problem[] {
  const problems: Problem[] = [];
  for (const field of ['nodeAddresses', 'nodeCIDRs'] as const) {
    const v = input[field];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) {
      problems.push(
        problem(
          field,
          'router.option-type',
          `'${field}' must be a list of strings${typeof v === 'string' ? ` (got one string: write ['${v}'])` : ''}.`,
        ),
      );
    }
  }
  for (const field of ['routerAddress', 'routerId', 'peerGroup', 'description'] as const) {
    if (input[field] !== undefined && typeof input[field] !== 'string') {
      problems.push(
        problem(field, 'router.option-type', `'${field}' must be a string (got ${describeType(input[field])}).`),
      );
    }
  }
  if (input.includePassword !== undefined && typeof input.includePassword !== 'boolean') {
    problems.push(
      problem(
        'includePassword',
        'router.option-type',
        `'includePassword' must be true or false (got ${describeType(input.includePassword)}): anything else could write the password by mistake.`,
      ),
    );
  }
  if (input.password !== undefined && typeof input.password !== 'string') {
    problems.push(
      problem('password', 'router.option-type', `'password' must be a string (got ${describeType(input.password)}).`),
    );
  }
  return problems;
}

function describeType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : `a ${typeof v}`;
}

/** The text written where the password goes when it is not included. */
export function passwordPlaceholder(input: Pick<RouterConfigInput, 'passwordSecret'>): string {
  const s = input.passwordSecret;
  return s ? `<BGP-PASSWORD from Secret ${s.namespace}/${s.name} key ${s.key}>` : '<BGP-PASSWORD>';
}

/**
 * Every problem of `input` for `target`, the password checked against the target's router profile.
 * No problem carries the password.
 */
export function checkRouterConfigInput(target: RouterTarget, input: RouterConfigInput): Problem[] {
  if (!Object.prototype.hasOwnProperty.call(ROUTER_TARGETS, target)) {
    return [problem('target', 'router.target',
      `'target' (${String(target)}) must be one of ${Object.keys(ROUTER_TARGETS).join(', ')}.`)];
  }
  return resolve(target, input).problems;
}

/**
 * Validates and normalises `input` for `target`; throws a ValidationError listing every problem.
 * @internal
 */
export function resolveRouterPeering(target: RouterTarget, input: RouterConfigInput): RouterPeering {
  throwIfProblems(checkRouterConfigInput(target, input), `Router configuration (${String(target)})`);
  return resolve(target, input).peering!;
}

/** `BGPPeer 'a' (Secret ns/name key k)`: whose password `input` carries, as far as it says. */
function passwordOwner(input: RouterConfigInput): string | undefined {
  const names = input.peerNames ?? [];
  const peers = names.length ? `BGPPeer${names.length > 1 ? 's' : ''} ${names.map((n) => `'${n}'`).join(', ')}` : undefined;
  const s = input.passwordSecret;
  const secret = s ? `Secret ${s.namespace}/${s.name} key ${s.key}` : undefined;
  return peers && secret ? `${peers} (${secret})` : peers ?? secret;
}

function resolve(target: RouterTarget, input: RouterConfigInput): { problems: Problem[]; peering?: RouterPeering } {
  const typeProblems = checkOptionTypes(input);
  if (typeProblems.length > 0) return { problems: typeProblems };
  const problems: Problem[] = [];
  const p = (field: string, rule: string, message: string) => problems.push(problem(field, rule, message));
  const info = ROUTER_TARGETS[target];

  problems.push(...checkAsNumber('routerASNumber', input.routerASNumber), ...checkAsNumber('nodeASNumber', input.nodeASNumber));
  const routerAS = parseAsNumber(input.routerASNumber);
  const nodeAS = parseAsNumber(input.nodeASNumber);
  const internal = routerAS !== undefined && routerAS === nodeAS;

  const router = parseAddress(String(input.routerAddress));
  if (!router) {
    p('routerAddress', 'router.address',
      `'routerAddress' (${input.routerAddress}) must be an IPv4 or IPv6 address, without a port or zone.`);
  }
  const family = router?.family;
  const routerAddress = router ? formatAddress(router) : '';

  const addresses = input.nodeAddresses ?? [];
  const cidrs = input.nodeCIDRs ?? [];
  if (addresses.length > 0 && cidrs.length > 0) {
    p('nodeCIDRs', 'router.nodes-exclusive',
      'Only one of \'nodeAddresses\' and \'nodeCIDRs\' may be set: the router either lists the nodes or waits for them to connect from a range.');
  } else if (addresses.length === 0 && cidrs.length === 0) {
    p('nodeAddresses', 'router.nodes-required',
      'One of \'nodeAddresses\' and \'nodeCIDRs\' must be set: the router needs to know which Calico nodes may connect (the BGPPeer does not say, the cluster does).');
  }
  const familyWord = (f: number) => `IPv${f}`;
  const neighbors: string[] = [];
  addresses.forEach((a, i) => {
    const field = `nodeAddresses[${i}]`;
    const parsed = parseAddress(String(a));
    if (!parsed) {
      p(field, 'router.address', `'${field}' (${a}) must be an IPv4 or IPv6 address, without a port or zone.`);
      return;
    }
    const text = formatAddress(parsed);
    if (family && parsed.family !== family) {
      p(field, 'router.address-family',
        `'${field}' (${a}) is an ${familyWord(parsed.family)} address but 'routerAddress' is ${familyWord(family)}; a BGP session runs over one family.`);
    } else if (text === routerAddress) {
      p(field, 'router.node-is-router', `'${field}' (${a}) is the router's own address.`);
    } else if (neighbors.includes(text)) {
      p(field, 'router.duplicate', `'${field}' (${a}) is listed twice.`);
    }
    neighbors.push(text);
  });
  const ranges: string[] = [];
  cidrs.forEach((c, i) => {
    const field = `nodeCIDRs[${i}]`;
    const parsed = parseCidr(String(c));
    if (!parsed) {
      p(field, 'router.cidr', `'${field}' (${c}) must be a CIDR such as 10.0.0.0/24 or fd00::/64.`);
      return;
    }
    if (parsed.hostBitsSet) {
      // The kernel matches TCP-MD5 prefix keys against the masked address; say what to write.
      p(field, 'router.cidr-host-bits', `'${field}' (${c}) has host bits set; write the block as ${parsed.canonical}.`);
    }
    if (family && parsed.family !== family) {
      p(field, 'router.address-family',
        `'${field}' (${c}) is an ${familyWord(parsed.family)} block but 'routerAddress' is ${familyWord(family)}; a BGP session runs over one family.`);
    }
    if (ranges.includes(parsed.canonical)) p(field, 'router.duplicate', `'${field}' (${c}) is listed twice.`);
    ranges.push(parsed.canonical);
  });
  if (target === 'junos' && cidrs.length > 0) {
    p('nodeCIDRs', 'router.dynamic-auth-unsupported',
      'Junos cannot authenticate dynamic BGP peers: Juniper\'s "allow (Protocols BGP)" reference says a group with dynamic peers cannot have authentication. List the nodes in \'nodeAddresses\' instead of \'nodeCIDRs\'.');
  }

  let routerId = input.routerId;
  if (routerId !== undefined && (!DOTTED_QUAD.test(routerId) || routerId === '0.0.0.0')) {
    p('routerId', 'router.router-id', `'routerId' (${routerId}) must be a non-zero dotted quad such as 10.0.0.1.`);
  }
  if (routerId === undefined && family === 4) routerId = routerAddress;
  if (routerId === undefined && family === 6 && target === 'gobgp') {
    p('routerId', 'router.router-id-required',
      '\'routerId\' is required for GoBGP when \'routerAddress\' is IPv6: [global.config] router-id must be a dotted quad.');
  }

  const group = input.peerGroup ?? DEFAULT_PEER_GROUP;
  if (!GROUP_NAME.test(group)) {
    p('peerGroup', 'router.peer-group',
      `'peerGroup' (${group}) must start with a letter and hold at most 32 letters, digits and '_' (BIRD names cannot hold '-').`);
  }
  const description = input.description ?? DEFAULT_ROUTER_DESCRIPTION;
  if (!DESCRIPTION.test(description)) {
    p('description', 'router.description',
      '\'description\' must be one line of 1 to 80 printable ASCII characters without \'"\' or \'\\\'.');
  }
  if (input.ebgpMultihop !== undefined) {
    if (!Number.isInteger(input.ebgpMultihop) || input.ebgpMultihop < 1 || input.ebgpMultihop > 255) {
      p('ebgpMultihop', 'router.multihop',
        `'ebgpMultihop' (${input.ebgpMultihop}) must be an integer between 1 and 255.`);
    } else if (internal) {
      p('ebgpMultihop', 'router.multihop-ibgp',
        '\'ebgpMultihop\' applies to eBGP only, and the router and the nodes share an AS (iBGP, which is multihop already).');
    }
  }

  const include = input.includePassword ?? false;
  if (include && input.password === undefined) {
    p('password', 'router.password-missing',
      '\'includePassword\' is true but no \'password\' was given; pass the password, or leave \'includePassword\' false to get a placeholder.');
  }
  if (input.password !== undefined) {
    // A refusal says whose password it is: the BGPPeers and the Secret to fix (never the value).
    const whose = passwordOwner(input);
    problems.push(...checkRouterPassword(target, input.password, 'password')
      .map((x) => (whose ? { ...x, message: `The password of ${whose} does not suit ${info.displayName}: ${x.message}` } : x)));
  }
  if (problems.length > 0) return { problems };

  const placeholder = !include;
  const password = placeholder ? passwordPlaceholder(input) : input.password!;
  const header = [
    `Generated by calico-bgp-auth: the ${info.displayName} side of a Calico BGP peering with TCP-MD5 (RFC 2385).`,
    `Router AS ${routerAS} at ${routerAddress}; Calico nodes AS ${nodeAS} (${internal ? 'iBGP' : 'eBGP'}).`,
    placeholder
      ? `Replace ${password} with the password before use${input.passwordSecret ? '' : ' (the value of the Secret the BGPPeer references)'}.`
      : 'CONTAINS THE BGP PASSWORD IN CLEAR TEXT: keep it out of Git, logs, tickets and CI artifacts.',
  ];
  return {
    problems,
    peering: {
      target, routerAS: routerAS!, routerAddress, family: family!, routerId, nodeAS: nodeAS!, internal,
      neighbors, ranges, group, description, password, placeholder, ebgpMultihop: input.ebgpMultihop, header,
    },
  };
}
