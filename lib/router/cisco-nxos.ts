import { RouterPeering } from './model';

/**
 * Renders a Cisco NX-OS `router bgp` snippet. NX-OS has no peer-group command: each node address,
 * or each block as a prefix peer (`neighbor <prefix>/<length> remote-as <as>`, NX-OS Unicast
 * Routing Command Reference, "neighbor"), gets its own neighbour block with the password and the
 * address family ("Configuring Advanced BGP": prefix peering, BGP authentication).
 *
 * The password follows its encryption type, `password 0 <key>` (0: clear text), so a key that
 * starts with a digit is never read as a type. No NX-OS password limit could be sourced: the key
 * meets the floor rules, without whitespace or `?` (see routerTargetPolicy).
 * @internal
 */
export function renderCiscoNxos(p: RouterPeering): string {
  const lines = p.header.map((h) => `! ${h}`);
  lines.push('! Add \'update-source <interface>\' to each neighbour if the router address is not on the interface facing the nodes.');
  lines.push(`router bgp ${p.routerAS}`);
  if (p.routerId) lines.push(`  router-id ${p.routerId}`);
  for (const peer of [...p.ranges, ...p.neighbors]) {
    lines.push(
      `  neighbor ${peer} remote-as ${p.nodeAS}`,
      `    description ${p.description}`,
    );
    if (p.ebgpMultihop !== undefined) lines.push(`    ebgp-multihop ${p.ebgpMultihop}`);
    lines.push(
      `    password 0 ${p.password}`,
      `    address-family ipv${p.family} unicast`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
