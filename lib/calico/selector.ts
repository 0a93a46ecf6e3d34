/**
 * Calico's selector grammar, ported from libcalico-go (`lib/selector/tokenizer/tokenizer.go` and
 * `lib/selector/parser/parser.go`, projectcalico/calico, Apache-2.0): the same tokens, the same
 * precedence (`||` below `&&` below `!`), the same errors, and the same evaluation. calicoctl and
 * calico-apiserver refuse a BGPPeer whose `nodeSelector`, `peerSelector` or `localWorkloadSelector`
 * this parser refuses (`validateSelector` in `lib/validator/v3/validator.go`).
 *
 * Grammar, as upstream implements it:
 *
 *     selector   := "" | or
 *     or         := and ("||" and)*
 *     and        := operation ("&&" operation)*
 *     operation  := "!"* ( "has(" label ")" | "all()" | "global()" | "(" or ")"
 *                        | label ("==" | "!=" | "contains" | "starts with" | "ends with") string
 *                        | label ("in" | "not in") "{" [string ("," string)* [","]] "}" )
 *     label      := [a-zA-Z0-9_./-]{1,512}
 *     string     := '"' [^"]* '"' | "'" [^']* "'"
 *
 * Whitespace is spaces and tabs only (a newline is refused). `startswith`, `endswith` and `notin`
 * are accepted without the space, as upstream's tokenizer does.
 */

/** The token kinds of libcalico-go's tokenizer, named as upstream prints them. */
export type SelectorTokenKind = 'TokLabel' | 'TokStringLiteral' | 'TokLBrace' | 'TokRBrace' | 'TokComma' | 'TokEq' | 'TokNe'
| 'TokIn' | 'TokNot' | 'TokNotIn' | 'TokContains' | 'TokStartsWith' | 'TokEndsWith' | 'TokAll' | 'TokHas' | 'TokLParen'
| 'TokRParen' | 'TokAnd' | 'TokOr' | 'TokGlobal' | 'TokEOF';

/** One token of a selector. */
export interface SelectorToken {
  /** The kind, as upstream names it. */
  readonly kind: SelectorTokenKind;
  /** The label of `TokLabel`/`TokHas`, the text of `TokStringLiteral`; empty otherwise. */
  readonly value: string;
  /** Offset of the token's first character in the selector (0-based). */
  readonly position: number;
}

/** Why a selector does not parse: Calico's own error text, and where it went wrong. */
export interface SelectorSyntaxError {
  /** Offset in the selector (0-based) where the tokenizer or parser stopped. */
  readonly position: number;
  /** The error libcalico-go returns for this selector, word for word. */
  readonly calicoMessage: string;
  /** What was expected there, in plain words. */
  readonly expected: string;
}

/** The longest label libcalico-go accepts (`tokenizer.MaxLabelLength`). */
export const MAX_SELECTOR_LABEL_LENGTH = 512;

/** The outcome of tokenizing or parsing a selector: the value, or Calico's error. */
export type SelectorResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SelectorSyntaxError };

function fail<T>(position: number, calicoMessage: string, expected: string): SelectorResult<T> {
  return { ok: false, error: { position, calicoMessage, expected } };
}

/** libcalico-go's identifierChar: `[a-zA-Z0-9_./-]` (a selector check runs per BGPPeer, so no regex here). */
function isIdentifierChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  const x = c.charCodeAt(0);
  return (x >= 97 && x <= 122) || (x >= 65 && x <= 90) || (x >= 45 && x <= 57 /* - . / 0-9 */) || x === 95;
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** The word operators that may follow a label, as upstream tries them. */
const LABEL_OPERATORS: ReadonlyArray<readonly [readonly string[], SelectorTokenKind]> = [
  [['contains'], 'TokContains'], [['starts', 'with'], 'TokStartsWith'], [['ends', 'with'], 'TokEndsWith'], [['not', 'in'], 'TokNotIn'], [['in'], 'TokIn'],
];

/** Go's `%v` of a token: `TokLabel(b)`, `TokEOF()`. */
function tokenString(t: SelectorToken): string {
  return `${t.kind}(${t.value})`;
}

/**
 * Splits a selector into tokens exactly as libcalico-go's `tokenizer.Tokenize` does (the token list
 * ends with `TokEOF`), or returns the error it returns.
 */
export function tokenizeSelector(selector: string): SelectorResult<SelectorToken[]> {
  const tokens: SelectorToken[] = [];
  let i = 0;
  const n = selector.length;
  const skipWhitespace = (): void => {
    while (i < n && (selector[i] === ' ' || selector[i] === '\t')) i++;
  };
  const startsAt = (word: string, at = i): boolean => selector.startsWith(word, at);
  // Upstream's cutIdentifier: the longest run of identifier characters, 1 to 512 of them.
  const identifier = (): SelectorResult<string> => {
    const start = i;
    while (i < n && isIdentifierChar(selector[i])) i++;
    const ident = selector.slice(start, i);
    if (ident.length > MAX_SELECTOR_LABEL_LENGTH) {
      return fail(start, `label too long: ${ident}`, `a label of at most ${MAX_SELECTOR_LABEL_LENGTH} characters`);
    }
    if (ident.length === 0) {
      return fail(start, 'expected identifier', 'a label (letters, digits, \'_\', \'.\', \'/\' and \'-\')');
    }
    return { ok: true, value: ident };
  };
  // Upstream's cutMultiWordPrefixCheckBreak: the words with optional blanks between, then a word break.
  const words = (...ws: readonly string[]): boolean => {
    let j = i;
    for (const w of ws) {
      if (!startsAt(w, j)) return false;
      j += w.length;
      while (j < n && (selector[j] === ' ' || selector[j] === '\t')) j++;
    }
    if (ws.length === 1) j = i + ws[0].length;
    if (isIdentifierChar(selector[j])) return false;
    i = j;
    return true;
  };
  for (;;) {
    skipWhitespace();
    const at = i;
    const push = (kind: SelectorTokenKind, value = ''): void => { tokens.push({ kind, value, position: at }); };
    if (i >= n) {
      push('TokEOF');
      return { ok: true, value: tokens };
    }
    const last = tokens.length > 0 ? tokens[tokens.length - 1] : undefined;
    const c = selector[i];
    switch (c) {
      case '(': push('TokLParen'); i++; break;
      case ')': push('TokRParen'); i++; break;
      case '{': push('TokLBrace'); i++; break;
      case '}': push('TokRBrace'); i++; break;
      case ',': push('TokComma'); i++; break;
      case '"':
      case '\'': {
        const end = selector.indexOf(c, i + 1);
        if (end === -1) return fail(i, 'unterminated string', `a closing ${c} for the string opened here`);
        push('TokStringLiteral', selector.slice(i + 1, end));
        i = end + 1;
        break;
      }
      case '=':
        if (!startsAt('==')) return fail(i, 'expected ==', '\'==\' (a single \'=\' is not an operator)');
        push('TokEq'); i += 2;
        break;
      case '!':
        if (startsAt('!=')) { push('TokNe'); i += 2; } else { push('TokNot'); i++; }
        break;
      case '&':
        if (!startsAt('&&')) return fail(i, 'expected &&', '\'&&\'');
        push('TokAnd'); i += 2;
        break;
      case '|':
        if (!startsAt('||')) return fail(i, 'expected ||', '\'||\'');
        push('TokOr'); i += 2;
        break;
      default:
        if (last?.kind === 'TokLabel') {
          // In upstream's order: `not in` before `in`.
          const operator = LABEL_OPERATORS.find(([ws]) => words(...ws));
          if (!operator) {
            return fail(i, `expected operator after label ${goQuote(last.value)}`,
              'an operator after the label: ==, !=, in, not in, contains, starts with or ends with');
          }
          push(operator[1]);
        } else if (startsAt('has(')) {
          i += 4;
          skipWhitespace();
          const ident = identifier();
          if (!ident.ok) return ident;
          skipWhitespace();
          if (selector[i] !== ')') return fail(i, 'no closing \')\' after has(', '\')\' to close has(');
          i++;
          push('TokHas', ident.value);
        } else if (startsAt('all(') || startsAt('global(')) {
          const word = startsAt('all(') ? 'all' : 'global';
          i += word.length + 1;
          skipWhitespace();
          if (selector[i] !== ')') return fail(i, `no closing ')' after ${word}(`, `')' to close ${word}(`);
          i++;
          push(word === 'all' ? 'TokAll' : 'TokGlobal');
        } else {
          const ident = identifier();
          if (!ident.ok) return ident;
          push('TokLabel', ident.value);
        }
    }
  }
}

/** A node of a parsed selector. */
export type SelectorNode =
  | { readonly op: 'all' } | { readonly op: 'global' }
  | { readonly op: 'has'; readonly label: string }
  | { readonly op: '==' | '!=' | 'contains' | 'starts with' | 'ends with'; readonly label: string; readonly value: string }
  | { readonly op: 'in' | 'not in'; readonly label: string; readonly values: readonly string[] }
  | { readonly op: '!'; readonly operand: SelectorNode }
  | { readonly op: '&&' | '||'; readonly operands: readonly SelectorNode[] };

const VALUE_OPS: Partial<Record<SelectorTokenKind, '==' | '!=' | 'contains' | 'starts with' | 'ends with'>> = {
  TokEq: '==', TokNe: '!=', TokContains: 'contains', TokStartsWith: 'starts with', TokEndsWith: 'ends with',
};

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly SelectorToken[]) {}

  private get tok(): SelectorToken { return this.tokens[this.pos]; }

  private kind(): SelectorTokenKind { return this.tokens[this.pos].kind; }

  or(): SelectorResult<SelectorNode> {
    const operands: SelectorNode[] = [];
    for (;;) {
      const r = this.and();
      if (!r.ok) return r;
      operands.push(r.value);
      if (this.tok.kind !== 'TokOr') break;
      this.pos++;
    }
    return { ok: true, value: operands.length === 1 ? operands[0] : { op: '||', operands } };
  }

  private and(): SelectorResult<SelectorNode> {
    const operands: SelectorNode[] = [];
    for (;;) {
      const r = this.operation();
      if (!r.ok) return r;
      operands.push(r.value);
      if (this.tok.kind !== 'TokAnd') break;
      this.pos++;
    }
    return { ok: true, value: operands.length === 1 ? operands[0] : { op: '&&', operands } };
  }

  private operation(): SelectorResult<SelectorNode> {
    let negated = false;
    while (this.tok.kind === 'TokNot') { negated = !negated; this.pos++; }
    const r = this.positive();
    if (!r.ok || !negated) return r;
    return { ok: true, value: { op: '!', operand: r.value } };
  }

  private positive(): SelectorResult<SelectorNode> {
    const t = this.tok;
    switch (t.kind) {
      case 'TokHas': this.pos++; return { ok: true, value: { op: 'has', label: t.value } };
      case 'TokAll': this.pos++; return { ok: true, value: { op: 'all' } };
      case 'TokGlobal': this.pos++; return { ok: true, value: { op: 'global' } };
      case 'TokLParen': {
        this.pos++;
        const inner = this.or();
        if (!inner.ok) return inner;
        if (this.tok.kind !== 'TokRParen') return fail(this.tok.position, 'expected )', '\')\' to close the \'(\'');
        this.pos++;
        return inner;
      }
      case 'TokLabel': return this.labelOperation(t);
      default:
        if (t.kind === 'TokEOF') {
          return fail(t.position, `unexpected token: ${tokenString(t)}`,
            'an expression (the selector ends too early, after an operator)');
        }
        return fail(t.position, `unexpected token: ${tokenString(t)}`,
          'an expression: a label comparison, has(label), all(), global(), \'!\' or \'(\'');
    }
  }

  private labelOperation(label: SelectorToken): SelectorResult<SelectorNode> {
    if (this.tokens.length - this.pos < 3) {
      return fail(this.tok.position + label.value.length, 'unexpected end of string looking for op', 'an operator after the label');
    }
    const op = this.tokens[this.pos + 1];
    const operand = this.tokens[this.pos + 2];
    const valueOp = VALUE_OPS[op.kind];
    if (valueOp) {
      if (operand.kind !== 'TokStringLiteral') {
        return fail(operand.position, 'expected string',
          `a quoted string after '${valueOp}' (write '${operand.value || 'value'}' or "${operand.value || 'value'}")`);
      }
      this.pos += 3;
      return { ok: true, value: { op: valueOp, label: label.value, value: operand.value } };
    }
    if (op.kind === 'TokIn' || op.kind === 'TokNotIn') {
      if (operand.kind !== 'TokLBrace') {
        return fail(operand.position, 'expected set literal',
          `a set such as {'a', 'b'} after '${op.kind === 'TokIn' ? 'in' : 'not in'}'`);
      }
      this.pos += 3;
      const values: string[] = [];
      while (this.kind() === 'TokStringLiteral') {
        values.push(this.tok.value);
        this.pos++;
        if (this.kind() !== 'TokComma') break;
        this.pos++;
      }
      if (this.tok.kind !== 'TokRBrace') {
        return fail(this.tok.position, 'expected }', 'a quoted string or \'}\' in the set');
      }
      this.pos++;
      const set = [...new Set(values)].sort();
      return { ok: true, value: { op: op.kind === 'TokIn' ? 'in' : 'not in', label: label.value, values: set } };
    }
    return fail(op.position, `expected == or != not: ${tokenString(op)}`,
      '== or != (or in, not in, contains, starts with, ends with)');
  }

  end(): SelectorResult<void> {
    if (this.tokens.length - this.pos !== 1) {
      const rest = this.tokens.slice(this.pos).map(tokenString).join(' ');
      return fail(this.tok.position, `unexpected content at end of selector [${rest}]`,
        '&&, || or the end of the selector');
    }
    return { ok: true, value: undefined };
  }
}

/** A selector that parsed: its tree, Calico's canonical form, and its evaluation against labels. */
export interface ParsedSelector {
  /** The tree; `all()` for an empty selector. */
  readonly root: SelectorNode;
  /** Calico's canonical text (`Selector.String()`), e.g. `(a == "b" && has(c))`. */
  readonly canonical: string;
  /** Whether labels match, as Calico evaluates it. */
  evaluate(labels: Readonly<Record<string, string>>): boolean;
}

function quoted(s: string): string {
  const q = s.includes('"') ? '\'' : '"';
  return `${q}${s}${q}`;
}

function canonical(node: SelectorNode): string {
  switch (node.op) {
    case 'all': return 'all()';
    case 'global': return 'global()';
    case 'has': return `has(${node.label})`;
    case '!': return `!${canonical(node.operand)}`;
    case '&&': case '||': return `(${node.operands.map(canonical).join(` ${node.op} `)})`;
    case 'in': case 'not in': return `${node.label} ${node.op} {${node.values.map(quoted).join(', ')}}`;
    default: return `${node.label} ${node.op} ${quoted(node.value)}`;
  }
}

function evaluate(node: SelectorNode, labels: Readonly<Record<string, string>>): boolean {
  const has = (l: string): boolean => Object.prototype.hasOwnProperty.call(labels, l);
  switch (node.op) {
    case 'all': case 'global': return true;
    case 'has': return has(node.label);
    case '!': return !evaluate(node.operand, labels);
    case '&&': return node.operands.every((o) => evaluate(o, labels));
    case '||': return node.operands.some((o) => evaluate(o, labels));
    case 'in': return has(node.label) && node.values.includes(labels[node.label]);
    case 'not in': return !has(node.label) || !node.values.includes(labels[node.label]);
    case '==': return has(node.label) && labels[node.label] === node.value;
    case '!=': return !has(node.label) || labels[node.label] !== node.value;
    case 'contains': return has(node.label) && labels[node.label].includes(node.value);
    case 'starts with': return has(node.label) && labels[node.label].startsWith(node.value);
    case 'ends with': return has(node.label) && labels[node.label].endsWith(node.value);
  }
}

/** Parses a selector as libcalico-go's `parser.Parse` does; the error is upstream's, with its position. */
export function parseSelector(selector: string): SelectorResult<ParsedSelector> {
  const tokens = tokenizeSelector(selector);
  if (!tokens.ok) return tokens;
  let root: SelectorNode = { op: 'all' };
  if (tokens.value[0].kind !== 'TokEOF') {
    const parser = new Parser(tokens.value);
    const r = parser.or();
    if (!r.ok) return r;
    const end = parser.end();
    if (!end.ok) return end;
    root = r.value;
  }
  const node = root;
  return { ok: true, value: { root: node, canonical: canonical(node), evaluate: (labels) => evaluate(node, labels) } };
}

/** The error libcalico-go's `parser.Validate` gives for `selector`, or undefined when it is valid. */
export function selectorSyntaxError(selector: string): SelectorSyntaxError | undefined {
  const r = parseSelector(selector);
  return r.ok ? undefined : r.error;
}
