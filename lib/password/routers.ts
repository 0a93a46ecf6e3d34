import type { PasswordPolicyProps } from './policy-props';
import { ValidationError, problem } from '../errors';

/** A BGP speaker Calico commonly peers with, and the password limits its documentation states. */
export interface RouterProfile {
  /** The name to pass to `PasswordPolicy.forRouter`. */
  readonly name: string;
  /** The product, as its vendor names it. */
  readonly displayName: string;
  /** The policy props that encode the sourced limits (on top of the floor rules). */
  readonly policy: PasswordPolicyProps;
  /** What the limits are, in words. */
  readonly limits: string;
  /** The document the limits come from. */
  readonly source: string;
}

// Characters that no generated password needs and that some CLI treats specially. Every profile
// keeps the default symbol set (see DEFAULT_SYMBOLS), minus what the vendor forbids.
const ALNUM_ONLY: PasswordPolicyProps = { symbols: false, minSymbols: 0 };

/**
 * Router profiles. A profile ships only when its limits could be sourced (see
 * `shared/routers/PASSWORD-LIMITS.md` in the project history); Cisco NX-OS, IOS-XR, Arista EOS,
 * Dell OS10 and MikroTik RouterOS are missing for that reason: their documentation states no limit
 * we could verify. Lengths are capped at 80 bytes by the floor (the Linux TCP-MD5 limit on the Calico
 * side), even where the router accepts more.
 */
export const ROUTER_PROFILES: readonly RouterProfile[] = [
  {
    name: 'bird',
    displayName: 'BIRD 2',
    policy: { name: 'bird' },
    limits: '80 bytes; no " or newline (quoted string without escapes).',
    source: 'CZ-NIC/bird sysdep/linux/sysio.h sk_set_md5_auth(); conf/cf-lex.l (v2.19.2)',
  },
  {
    name: 'frr',
    displayName: 'FRRouting bgpd',
    policy: { name: 'frr', forbiddenCharacters: ' ?' },
    limits: '1 to 80 bytes; one token (no whitespace); ? opens help in interactive vtysh.',
    source: 'FRRouting/frr bgpd/bgpd.h PEER_PASSWORD_MINLEN/MAXLEN, bgpd/bgpd.c peer_password_set(), lib/command.c cmd_make_strvec()',
  },
  {
    name: 'gobgp',
    displayName: 'GoBGP',
    policy: { name: 'gobgp' },
    limits: 'No own check; the Linux kernel caps the key at 80 bytes.',
    source: 'osrg/gobgp internal/pkg/netutils/sockopt_linux.go; pkg/config/oc/bgp_configs.go auth-password',
  },
  {
    name: 'openbgpd',
    displayName: 'OpenBGPD',
    policy: { name: 'openbgpd', maxLength: 79 },
    limits: '`tcp md5sig password` holds at most 79 characters.',
    source: 'openbsd/src usr.sbin/bgpd/bgpd.h TCP_MD5_KEY_LEN, usr.sbin/bgpd/parse.y',
  },
  {
    name: 'cisco-ios',
    displayName: 'Cisco IOS / IOS-XE',
    policy: { name: 'cisco-ios', firstCharacter: 'not-digit', forbiddenCharacters: '?' },
    limits: 'Up to 80 characters; the first character cannot be a number; ? opens CLI help.',
    source: 'Cisco IOS in a Nutshell, 2nd ed. (O\'Reilly, 2005), "neighbor password" (the official command reference was not available)',
  },
  {
    name: 'junos',
    displayName: 'Juniper Junos OS',
    policy: { name: 'junos', forbiddenCharacters: ' ' },
    limits: 'Up to 126 ASCII characters (80 bytes on the Calico side); spaces need quoting, so none are used.',
    source: 'Juniper, "authentication-key (Protocols BGP and BMP)"',
  },
  {
    name: 'dell-os9',
    displayName: 'Dell OS9 (FTOS)',
    policy: { name: 'dell-os9', firstCharacter: 'letter', forbiddenCharacters: ' ' },
    limits: 'Up to 80 characters; the first must be a letter; no spaces.',
    source: 'Dell FTOS Command Line Reference Guide (S4820T 8.3.x), "neighbor password"',
  },
  {
    name: 'huawei-vrp',
    displayName: 'Huawei VRP',
    policy: { name: 'huawei-vrp', forbiddenCharacters: ' ?', minLength: 8, minClasses: 2 },
    limits: '1 to 255 characters, no ? and no space; the NE40E simple form needs 8 or more characters and two classes.',
    source: 'Huawei CE6800 V300R023C00 and NE40E V800R012C10 command references, "peer password"',
  },
  {
    name: 'hpe-comware',
    displayName: 'HPE Comware / H3C',
    policy: { name: 'hpe-comware' },
    limits: 'Plain text 1 to 80 characters.',
    source: 'HPE 5710 Layer 3 IP Routing Command Reference, "peer password"',
  },
  {
    name: 'brocade-fastiron',
    displayName: 'Brocade (Ruckus) FastIron',
    policy: { name: 'brocade-fastiron', forbiddenCharacters: ' ' },
    limits: 'Up to 80 characters; spaces only inside quotes, so none are used.',
    source: 'Brocade FastIron Ethernet Switch Layer 3 Routing Configuration Guide, "neighbor password"',
  },
  {
    name: 'brocade-netiron',
    displayName: 'Brocade BigIron RX / NetIron',
    policy: { name: 'brocade-netiron', firstCharacter: 'not-digit' },
    limits: 'Up to 80 characters; the first character cannot be a number.',
    source: 'Brocade BigIron RX Series Configuration Guide, "neighbor password"',
  },
  {
    name: 'nokia-sros',
    displayName: 'Nokia SR OS (classic CLI)',
    policy: { name: 'nokia-sros', forbiddenCharacters: ' #$' },
    limits: 'Up to 255 ASCII characters (80 bytes on the Calico side); spaces and special characters such as # and $ need quoting.',
    source: 'Nokia 7450/7750 SR OS 16.0.R5 Unicast Routing Protocols Guide, BGP "authentication-key"',
  },
  {
    name: 'lancom-lcos-sx',
    displayName: 'LANCOM LCOS SX',
    policy: { name: 'lancom-lcos-sx', maxLength: 25, ...ALNUM_ONLY, minEntropyBits: 128 },
    limits: '1 to 25 characters (letters and digits used, for margin).',
    source: 'LANCOM LCOS SX 5.20 CLI Reference, "neighbor password"',
  },
  {
    name: 'vyos',
    displayName: 'VyOS',
    policy: { name: 'vyos', forbiddenCharacters: ' ?' },
    limits: 'Whitespace rejected at commit; rendered into FRR, so FRR\'s 1 to 80 bytes apply.',
    source: 'vyos/vyos-1x src/conf_mode/protocols_bgp.py, data/templates/frr/bgpd.frr.j2',
  },
  {
    name: 'sonic',
    displayName: 'SONiC (community, FRR-based)',
    policy: { name: 'sonic', forbiddenCharacters: ' ?' },
    limits: 'YANG leaf unbounded; FRR enforces 1 to 80 bytes and one token.',
    source: 'sonic-net/sonic-buildimage sonic-bgp-common.yang auth_password; FRR limits',
  },
  {
    name: 'aws-direct-connect',
    displayName: 'AWS Direct Connect',
    policy: { name: 'aws-direct-connect', minLength: 6 },
    limits: 'authKey 6 to 80 characters.',
    source: 'AWS Direct Connect API, CreateBGPPeer authKey',
  },
];

/** The profile named `name`; an unknown name is an error listing the known ones. */
export function routerProfile(name: string): RouterProfile {
  const found = ROUTER_PROFILES.find((p) => p.name === name);
  if (!found) {
    throw new ValidationError([problem('router', 'policy.unknown-router',
      `Unknown router profile '${name}'. Known profiles: ${ROUTER_PROFILES.map((p) => p.name).join(', ')}.`)]);
  }
  return found;
}
