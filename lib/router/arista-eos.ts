import { RouterPeering } from './model';

/**
 * Renders an Arista EOS `router bgp` snippet in the shape of aristanetworks/avd's
 * `eos_cli_config_gen` template (templates/eos/router-bgp.j2): `bgp listen range <prefix>
 * peer-group <group> remote-as <as>` for the nodes' blocks, `neighbor <group> peer group` with
 * `remote-as` and `password`, members as `neighbor <ip> peer group <group>`, and the group
 * activated in the address family.
 *
 * The password follows its encryption type, `password 0 <key>` (0: clear text; EOS stores it as
 * type 7 keyed on the group name, per AVD's `arista.avd.encrypt`). No EOS password limit could be
 * sourced: the key meets the floor rules, without whitespace or `?` (see routerTargetPolicy).
 * @internal
 */
export function renderAristaEos(p: RouterPeering): string {
  const g = p.group;
  const lines = p.header.map((h) => `! ${h}`);
  lines.push(`! Add 'neighbor ${g} update-source <interface>' if ${p.routerAddress} is not on the interface facing the nodes.`);
  lines.push(`router bgp ${p.routerAS}`);
  if (p.routerId) lines.push(`   router-id ${p.routerId}`);
  for (const r of p.ranges) lines.push(`   bgp listen range ${r} peer-group ${g} remote-as ${p.nodeAS}`);
  lines.push(
    `   neighbor ${g} peer group`,
    `   neighbor ${g} remote-as ${p.nodeAS}`,
    `   neighbor ${g} description ${p.description}`,
  );
  if (p.ebgpMultihop !== undefined) lines.push(`   neighbor ${g} ebgp-multihop ${p.ebgpMultihop}`);
  lines.push(`   neighbor ${g} password 0 ${p.password}`);
  for (const n of p.neighbors) lines.push(`   neighbor ${n} peer group ${g}`);
  lines.push(
    '   !',
    `   address-family ipv${p.family}`,
    `      neighbor ${g} activate`,
    '!',
    '',
  );
  return lines.join('\n');
}
