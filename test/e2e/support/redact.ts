/**
 * Keeps secrets out of test output: every daemon wrapper passes its error text through
 * {@link redact} with the passwords it knows about before throwing.
 */

/** Replaces every occurrence of each non-empty secret with `<redacted>`. */
export function redact(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s) out = out.split(s).join('<redacted>');
  }
  return out;
}

/** Pulls password values out of BIRD, FRR and GoBGP config text so they can be redacted. */
export function secretsInConfig(configText: string): string[] {
  const found: string[] = [];
  const patterns = [
    /password\s+"([^"\n]*)"/g, // BIRD: password "x";
    /^\s*neighbor\s+\S+\s+password\s+(.+?)\s*$/gm, // FRR: neighbor IP password x
    /auth-password\s*=\s*"((?:[^"\\\n]|\\.)*)"/g, // GoBGP TOML
  ];
  for (const re of patterns) {
    for (const m of configText.matchAll(re)) if (m[1]) found.push(m[1]);
  }
  // A BIRD password containing a quote ends early in the regex; keep the whole line's tail too.
  for (const m of configText.matchAll(/password\s+"(.*)";\s*$/gm)) if (m[1]) found.push(m[1]);
  return [...new Set(found)].sort((a, b) => b.length - a.length);
}
