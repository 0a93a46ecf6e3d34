import { RouterPeering } from './model';

/** A Junos quoted string: `\` and `"` escaped with a backslash (the floor rules keep `"` out of passwords). */
export function junosString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Renders Junos `set` commands for one BGP group ("group (Protocols BGP)"): `type internal` or
 * `type external` with `peer-as`, the local address, `authentication-key` in double quotes
 * ("authentication-key (Protocols BGP and BMP)": any ASCII, quoted when it holds spaces), and one
 * `neighbor` per node. Dynamic peers (`allow`) are never rendered: Juniper's "allow (Protocols BGP)"
 * reference says a group with dynamic peers cannot have authentication, so the input check refuses
 * `nodeCIDRs` for Junos.
 *
 * `routing-options autonomous-system` and `router-id` are machine-wide; they are written as comments
 * so loading the snippet never renumbers a running router.
 * @internal
 */
export function renderJunos(p: RouterPeering): string {
  const g = `set protocols bgp group ${p.group}`;
  const lines = p.header.map((h) => `# ${h}`);
  lines.push(`# Assumes: set routing-options autonomous-system ${p.routerAS}`);
  if (p.routerId) lines.push(`# Assumes: set routing-options router-id ${p.routerId}`);
  lines.push(`${g} type ${p.internal ? 'internal' : 'external'}`);
  lines.push(`${g} description ${junosString(p.description)}`);
  lines.push(`${g} local-address ${p.routerAddress}`);
  if (!p.internal) lines.push(`${g} peer-as ${p.nodeAS}`);
  if (p.ebgpMultihop !== undefined) lines.push(`${g} multihop ttl ${p.ebgpMultihop}`);
  lines.push(`${g} authentication-key ${junosString(p.password)}`);
  if (p.family === 6) lines.push(`${g} family inet6 unicast`);
  for (const n of p.neighbors) lines.push(`${g} neighbor ${n}`);
  lines.push('');
  return lines.join('\n');
}
