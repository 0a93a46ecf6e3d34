import { RouterPeering } from './model';

/**
 * A TOML basic string: `"` and `\` escaped, control characters as `\uXXXX` (TOML 1.0, "String").
 * The floor rules already keep `"` and control characters out of passwords; this keeps the file
 * valid whatever the value.
 */
export function tomlString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => (c === '\\' || c === '"' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}"`;
}

/**
 * Renders a complete gobgpd TOML configuration (osrg/gobgp docs/sources/configuration.md): the
 * global AS and router id, one `[[peer-groups]]` carrying `peer-as`, `auth-password`, the local
 * address and the address family, then `[[neighbors]]` that join it, or `[[dynamic-neighbors]]`
 * with the nodes' prefixes (docs/sources/dynamic-neighbor.md: GoBGP stays passive towards them).
 *
 * GoBGP applies a dynamic neighbour's password to the prefix only since osrg/gobgp#2739 (merged
 * 2023-11-08, after v3.20); an older gobgpd loads the same file but drops the nodes' signed SYNs,
 * so the rendering says so.
 * @internal
 */
export function renderGobgp(p: RouterPeering): string {
  const lines = p.header.map((h) => `# ${h}`);
  if (p.ranges.length > 0) {
    lines.push('# TCP-MD5 for dynamic neighbours needs a gobgpd with osrg/gobgp#2739 (merged 2023-11-08, after v3.20).');
  }
  lines.push(
    '[global.config]',
    `  as = ${p.routerAS}`,
    `  router-id = ${tomlString(p.routerId!)}`,
    '',
    '[[peer-groups]]',
    '  [peer-groups.config]',
    `    peer-group-name = ${tomlString(p.group)}`,
    `    peer-as = ${p.nodeAS}`,
    `    description = ${tomlString(p.description)}`,
    `    auth-password = ${tomlString(p.password)}`,
    '  [peer-groups.transport.config]',
    `    local-address = ${tomlString(p.routerAddress)}`,
  );
  if (p.ebgpMultihop !== undefined) {
    lines.push('  [peer-groups.ebgp-multihop.config]', '    enabled = true', `    multihop-ttl = ${p.ebgpMultihop}`);
  }
  lines.push(
    '  [[peer-groups.afi-safis]]',
    '    [peer-groups.afi-safis.config]',
    `      afi-safi-name = "ipv${p.family}-unicast"`,
  );
  for (const n of p.neighbors) {
    lines.push('', '[[neighbors]]', '  [neighbors.config]', `    neighbor-address = ${tomlString(n)}`,
      `    peer-group = ${tomlString(p.group)}`);
  }
  for (const r of p.ranges) {
    lines.push('', '[[dynamic-neighbors]]', '  [dynamic-neighbors.config]', `    prefix = ${tomlString(r)}`,
      `    peer-group = ${tomlString(p.group)}`);
  }
  lines.push('');
  return lines.join('\n');
}
