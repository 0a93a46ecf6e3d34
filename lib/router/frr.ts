import { RouterPeering } from './model';

/**
 * Renders an FRRouting bgpd `router bgp` block (FRRouting/frr doc/user/bgp.rst):
 * a peer-group carrying `remote-as`, `update-source` and `password`, explicit members
 * (`neighbor <ip> peer-group`) or `bgp listen range <cidr> peer-group` for the nodes, and the
 * group activated in the session's address family.
 *
 * The password is one token: `neighbor ... password LINE` takes a single word and the CLI splits
 * on blanks without quoting (bgpd/bgp_vty.c, lib/command.c), which is why the FRR profile forbids
 * whitespace. With a listen range FRR installs the key on the prefix (Linux 4.14+; "bgp listen
 * range" note in bgp.rst), so the nodes can connect before the router knows them.
 * @internal
 */
export function renderFrr(p: RouterPeering): string {
  const g = p.group;
  const lines = p.header.map((h) => `! ${h}`);
  if (p.ranges.length > 0) {
    lines.push('! FRR accepts at most 100 dynamic neighbours unless \'bgp listen limit\' is raised (bgp.rst).');
  }
  if (!p.internal) {
    lines.push('! eBGP: FRR exchanges no routes with the group until policies are applied (bgp ebgp-requires-policy).');
  }
  lines.push(`router bgp ${p.routerAS}`);
  if (p.routerId) lines.push(` bgp router-id ${p.routerId}`);
  lines.push(
    ` neighbor ${g} peer-group`,
    ` neighbor ${g} remote-as ${p.nodeAS}`,
    ` neighbor ${g} description ${p.description}`,
    ` neighbor ${g} update-source ${p.routerAddress}`,
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
