/**
 * How each router reads the password back out of a rendering, following its syntax: the tests use
 * these to prove that what the renderer writes is exactly what the router would use.
 */
import type { RouterTarget } from '../../lib';

const firstToken = (rest: string) => rest.split(/[ \t]+/)[0];

/** The password as `target` would parse it from `text`, or undefined when the line is missing. */
export function readBackPassword(target: RouterTarget, text: string): string | undefined {
  const line = (re: RegExp) => text.split('\n').map((l) => re.exec(l)).find(Boolean) ?? undefined;
  switch (target) {
    case 'frr': {
      // LINE is one word: cmd_make_strvec() splits on blanks (lib/command.c).
      const m = line(/^ neighbor \S+ password (.*)$/);
      return m ? firstToken(m[1]) : undefined;
    }
    case 'cisco-ios': {
      // The string runs to the end of the line.
      const m = line(/^ neighbor \S+ password (.*)$/);
      return m?.[1];
    }
    case 'cisco-nxos': {
      const m = line(/^ {4}password 0 (.*)$/);
      return m ? firstToken(m[1]) : undefined;
    }
    case 'arista-eos': {
      const m = line(/^ {3}neighbor \S+ password 0 (.*)$/);
      return m ? firstToken(m[1]) : undefined;
    }
    case 'bird': {
      // cf-lex.l: the string ends at the next `"`, no escapes.
      const m = line(/^ {2}password "(.*)$/);
      return m ? m[1].slice(0, m[1].indexOf('"')) : undefined;
    }
    case 'gobgp': {
      // The TOML basic strings written here use JSON-compatible escapes only (\\, \", \uXXXX).
      const m = line(/^ {4}auth-password = (".*")$/);
      return m ? JSON.parse(m[1]) as string : undefined;
    }
    case 'junos': {
      const m = line(/ authentication-key "((?:[^"\\]|\\.)*)"$/);
      return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
    }
  }
}
