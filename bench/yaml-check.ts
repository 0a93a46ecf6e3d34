/**
 * Comparing the library's synthesized YAML with the hand-written baseline's, passwords aside: every
 * value under a `stringData:` mapping becomes a marker in both, so the comparison (and anything this
 * prints) never carries a password.
 */
import { createHash } from 'node:crypto';

const MARKER = '<password>';

/** The YAML with every `stringData` value replaced by a marker (line-based: cdk8s writes block style). */
export function maskPasswords(yaml: string): string {
  const lines = yaml.split('\n');
  let indent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const depth = line.length - line.trimStart().length;
    if (indent >= 0 && line.trim() !== '' && depth > indent) {
      lines[i] = line.replace(/^(\s*[^:]+:).*$/, `$1 ${MARKER}`);
      continue;
    }
    indent = /^\s*stringData:\s*$/.test(line) ? depth : -1;
  }
  return lines.join('\n');
}

/** SHA-256 of the masked YAML. */
export function maskedDigest(yaml: string): string {
  return createHash('sha256').update(maskPasswords(yaml)).digest('hex');
}

/** The number of objects in a multi-document YAML stream (top-level `kind:` lines). */
export function countObjects(yaml: string): number {
  return yaml.match(/^kind: /gm)?.length ?? 0;
}

/** Kinds and their counts, e.g. `{ Secret: 100, BGPPeer: 100 }`. */
export function countKinds(yaml: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of yaml.matchAll(/^kind: (\S+)$/gm)) counts[m[1]] = (counts[m[1]] ?? 0) + 1;
  return counts;
}

/** The first differing line of two masked YAML streams, with a little context; undefined when equal. */
export function firstDifference(a: string, b: string): string | undefined {
  const la = maskPasswords(a).split('\n');
  const lb = maskPasswords(b).split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      const from = Math.max(0, i - 6);
      return `line ${i + 1}:\n--- library\n${la.slice(from, i + 3).join('\n')}\n--- baseline\n${lb.slice(from, i + 3).join('\n')}`;
    }
  }
  return undefined;
}
