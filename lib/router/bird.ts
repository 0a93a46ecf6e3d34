import { RouterPeering } from './model';

/**
 * A BIRD string: `"` opens and closes it, nothing is escaped (conf/cf-lex.l); the floor rules keep `"` and newlines
 * out.
 */
const birdString = (s: string) => `"${s}"`;

/**
 * Renders BIRD 2 configuration (CZ-NIC/bird doc/bird.sgml, BGP protocol options): one
 * `template bgp` holding the local address and AS, the password and the channel, then one
 * `protocol bgp ... from <template>` per node address, or per range with `neighbor range <prefix>`
 * ("dynamic BGP", BIRD 2.0.5+; TCP-MD5 on dynamic BGP since 2.0.8, NEWS).
 *
 * Import and export are explicit because BIRD refuses eBGP without them (RFC 8212): routes from
 * the nodes are imported, nothing is exported; adjust the filters to your policy. The router id
 * stays BIRD's global `router id` option.
 * @internal
 */
export function renderBird(p: RouterPeering): string {
  const g = p.group;
  const lines = p.header.map((h) => `# ${h}`);
  lines.push(
    `template bgp ${g} {`,
    `  description ${birdString(p.description)};`,
    `  local ${p.routerAddress} as ${p.routerAS};`,
    `  password ${birdString(p.password)};`,
  );
  if (p.ebgpMultihop !== undefined) lines.push(`  multihop ${p.ebgpMultihop};`);
  lines.push(
    `  ipv${p.family} {`,
    '    import all;',
    '    export none;',
    '  };',
    '}',
  );
  let index = 0;
  for (const r of p.ranges) {
    const name = `${g}_${++index}`;
    lines.push('', `protocol bgp ${name} from ${g} {`, `  neighbor range ${r} as ${p.nodeAS};`, `  dynamic name ${birdString(`${name}_`)};`, '}');
  }
  for (const n of p.neighbors) {
    lines.push('', `protocol bgp ${g}_${++index} from ${g} {`, `  neighbor ${n} as ${p.nodeAS};`, '}');
  }
  lines.push('');
  return lines.join('\n');
}
