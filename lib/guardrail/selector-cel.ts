/**
 * Calico's selector syntax as one RE2 regular expression, for the admission guardrail: CEL has no
 * parser to call, and a regular expression cannot count, so nesting is the one thing it cannot
 * check. It accepts every selector Calico's parser accepts (`lib/calico/selector.ts`, proven on
 * upstream's tables in the tests) and refuses what the parser refuses, except:
 *
 * - unbalanced parentheses (`(a == 'b'`, `a == 'b')`): a parenthesis may open before any
 *   expression and close after any, without counting;
 * - labels longer than 512 characters.
 *
 * The CLI audit and the cdk8s/Pulumi constructs run the full parser and refuse those too.
 */

const W = '[ \\t]*';
const LABEL = '[a-zA-Z0-9_./-]+';
const STRING = '(?:"[^"]*"|\'[^\']*\')';
const SET = `\\{${W}(?:${STRING}${W}(?:,${W}${STRING}${W})*(?:,${W})?)?\\}`;
const ATOM = `(?:has\\(${W}${LABEL}${W}\\)|all\\(${W}\\)|global\\(${W}\\)|${LABEL}(?:${W}(?:==|!=)${W}${STRING}`
  + `|[ \\t]+(?:contains|starts[ \\t]*with|ends[ \\t]*with)${W}${STRING}|[ \\t]+(?:not[ \\t]*)?in${W}${SET}))`;
const TERM = `(?:[!(]${W})*${ATOM}(?:${W}\\))*`;

/** The RE2 pattern (anchored) a selector must match; see the module comment for what it cannot see. */
export const SELECTOR_PATTERN = `^${W}(?:${TERM}(?:${W}(?:&&|\\|\\|)${W}${TERM})*)?${W}$`;

/** The BGPPeer fields that hold a selector. */
export const SELECTOR_FIELDS = ['nodeSelector', 'peerSelector', 'localWorkloadSelector'] as const;
