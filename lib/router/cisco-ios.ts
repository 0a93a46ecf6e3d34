import { RouterPeering } from './model';

/**
 * Renders a Cisco IOS / IOS-XE `router bgp` snippet: a peer group with `remote-as` and
 * `password`, then `bgp listen range <cidr> peer-group` for the nodes ("BGP Dynamic Neighbors",
 * IOS-XE IP Routing BGP Configuration Guide; IPv6 ranges since IOS XE 16.3) or members, and the
 * group activated in the address family.
 *
 * The password is written as documented, `neighbor <group> password <string>` (CIS Cisco IOS
 * benchmarks; "neighbor password" in Cisco IOS in a Nutshell): the string runs to the end of the
 * line. IOS reads a leading "digit, space" as an encryption type, which the cisco-ios profile's
 * first-character rule rules out. `update-source` takes an interface on IOS, so it is left to you.
 * @internal
 */
export function renderCiscoIos(p: RouterPeering): string {
  const g = p.group;
  const lines = p.header.map((h) => `! ${h}`);
  lines.push(`! Add 'neighbor ${g} update-source <interface>' if ${p.routerAddress} is not on the interface facing the nodes.`);
  lines.push(`router bgp ${p.routerAS}`);
  if (p.routerId) lines.push(` bgp router-id ${p.routerId}`);
  lines.push(
    ` neighbor ${g} peer-group`,
    ` neighbor ${g} remote-as ${p.nodeAS}`,
    ` neighbor ${g} description ${p.description}`,
  );
  if (p.ebgpMultihop !== undefined) lines.push(` neighbor ${g} ebgp-multihop ${p.ebgpMultihop}`);
  lines.push(` neighbor ${g} password ${p.password}`);
  for (const r of p.ranges) lines.push(` bgp listen range ${r} peer-group ${g}`);
  for (const n of p.neighbors) lines.push(` neighbor ${n} peer-group ${g}`);
  lines.push(
    ' !',
    ` address-family ipv${p.family} unicast`,
    `  neighbor ${g} activate`,
    ' exit-address-family',
    '!',
    '',
  );
  return lines.join('\n');
}
