#!/usr/bin/env node
// Regenerates test/fixtures/upstream/calico/*.json from a projectcalico/calico source tree:
// the selector cases of libcalico-go's tokenizer_test.go and parser_test.go, and the BGPPeer /
// BGPConfiguration entries of validator_test.go, with upstream's verdicts. Not run by the tests.
//
//   node scripts/port-calico-tables.js <calico-source-root> [<commit>]
//
// The Go test files are read with a small parser for the Go expressions those tables use
// (composite literals, string/raw-string literals, the variables the test declares, and a few
// helpers); anything it does not understand stops the script rather than being guessed.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [root, commit = 'unknown'] = process.argv.slice(2);
if (!root) {
  console.error('usage: node scripts/port-calico-tables.js <calico-source-root> [<commit>]');
  process.exit(2);
}
const OUT = path.resolve(__dirname, '../test/fixtures/upstream/calico');
const read = (p) => fs.readFileSync(path.join(root, p), 'utf8');

// ---------- a tokenizer and expression parser for the Go the tables use ----------
function lex(src) {
  const toks = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (src.startsWith('//', i)) { i = src.indexOf('\n', i); if (i < 0) break; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) break; // cut off mid-string: the caller reads only what comes before
      toks.push({ t: 'str', v: JSON.parse(src.slice(i, j + 1)) });
      i = j + 1; continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) break;
      toks.push({ t: 'str', v: src.slice(i + 1, j) });
      i = j + 1; continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i));
    if (id) { toks.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    const num = /^0x[0-9a-fA-F]+|^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) { toks.push({ t: 'num', v: Number(num[0]) }); i += num[0].length; continue; }
    const op = /^(:=|\[\]|&&|\|\||[{}()\[\],:&*+=!<>-])/.exec(src.slice(i));
    if (op) { toks.push({ t: 'op', v: op[0] }); i += op[0].length; continue; }
    toks.push({ t: 'op', v: c }); // any other character: only ever met past the end of an entry
    i++;
  }
  return toks;
}

class GoParser {
  constructor(toks, env) { this.toks = toks; this.i = 0; this.env = env; }
  peek(o = 0) { return this.toks[this.i + o]; }
  next() { return this.toks[this.i++]; }
  is(v, o = 0) { const t = this.peek(o); return t && t.t === 'op' && t.v === v; }
  expect(v) { const t = this.next(); if (!t || t.v !== v) throw new Error(`expected ${v}, got ${JSON.stringify(t)}`); }
  // A type, for a composite literal: []T, map[K]V, pkg.T.
  type() {
    if (this.is('[]')) { this.next(); return { slice: this.type() }; }
    if (this.peek().v === 'map') { this.next(); this.expect('['); this.type(); this.expect(']'); return { map: this.type() }; }
    return { name: this.next().v };
  }
  expr() {
    let left = this.unary();
    while (this.is('+') || this.is('*')) {
      const op = this.next().v;
      const right = this.unary();
      if (op === '+') left = { lit: left.lit + right.lit };
      else left = { lit: left.lit * right.lit, duration: left.duration || right.duration };
    }
    return left;
  }
  unary() {
    if (this.is('&')) { this.next(); return { ...this.unary(), pointer: true }; }
    if (this.is('{')) return this.composite(undefined);
    if (this.is('[]') || this.peek().v === 'map') return this.composite(this.type());
    const t = this.next();
    if (t.t === 'str' || t.t === 'num') return { lit: t.v };
    if (t.t !== 'id') throw new Error(`unexpected ${JSON.stringify(t)}`);
    if (this.is('{')) return this.composite({ name: t.v });
    if (this.is('(')) return this.call(t.v);
    return this.ident(t.v);
  }
  ident(name) {
    if (name === 'true' || name === 'false') return { lit: name === 'true' };
    if (name === 'nil') return { lit: null };
    if (name === 'time.Second') return { lit: 1, duration: true };
    if (name === 'time.Minute') return { lit: 60, duration: true };
    const constants = { 'api.SourceAddressUseNodeIP': 'UseNodeIP', 'api.SourceAddressNone': 'None' };
    if (name in constants) return { lit: constants[name] };
    if (name in this.env) return this.env[name];
    if (/^[a-z]\w*$/.test(name) && this.toks[this.i] && this.toks[this.i].v === ',') throw new Error(`unknown identifier ${name}`);
    throw new Error(`unknown identifier ${name}`);
  }
  call(fn) {
    this.expect('(');
    const args = [];
    while (!this.is(')')) { args.push(this.expr()); if (this.is(',')) this.next(); }
    this.expect(')');
    if (fn === 'strings.Repeat') return { lit: args[0].lit.repeat(args[1].lit) };
    if (/^(api\.(SourceAddress|NextHopMode|BindMode))$/.test(fn)) return { lit: args[0].lit };
    throw new Error(`unknown call ${fn}`);
  }
  composite(type) {
    this.expect('{');
    const keyed = {}; const items = [];
    let isKeyed = false;
    while (!this.is('}')) {
      if (this.peek().t === 'id' && this.is(':', 1)) {
        isKeyed = true;
        const key = this.next().v; this.next();
        keyed[key] = this.elementValue(type, key);
      } else {
        items.push(this.elementValue(type));
      }
      if (this.is(',')) this.next();
    }
    this.expect('}');
    return isKeyed ? { struct: keyed, type } : { items, type };
  }
  elementValue(type) {
    if (this.is('{')) return this.composite(type && type.slice ? type.slice : undefined);
    return this.expr();
  }
}

// ---------- selectors ----------
function tokenizerCases() {
  const src = read('libcalico-go/lib/selector/tokenizer/tokenizer_test.go');
  const body = src.slice(src.indexOf('var tokenTests'), src.indexOf('var _ = Describe'));
  const toks = lex(body.slice(body.indexOf('}{') + 1));
  const p = new GoParser(toks, {});
  const table = p.composite(undefined);
  return table.items.map((entry) => {
    const [input, expected] = entry.items;
    return {
      input: input.lit,
      tokens: expected.lit === null ? null : expected.items.map((t) => ({
        kind: t.struct.Kind.lit.replace(/^tokenizer\./, ''),
        value: t.struct.Value ? t.struct.Value.lit : '',
      })),
    };
  });
}

function kindEnv() {
  const env = {};
  for (const k of ['TokNone', 'TokLabel', 'TokStringLiteral', 'TokLBrace', 'TokRBrace', 'TokComma', 'TokEq', 'TokNe', 'TokIn', 'TokNot',
    'TokNotIn', 'TokContains', 'TokStartsWith', 'TokEndsWith', 'TokAll', 'TokHas', 'TokLParen', 'TokRParen', 'TokAnd', 'TokOr', 'TokGlobal', 'TokEOF']) {
    env[`tokenizer.${k}`] = { lit: `tokenizer.${k}` };
  }
  return env;
}

function parserCases() {
  const src = read('libcalico-go/lib/selector/parser/parser_test.go');
  const section = (from, to) => src.slice(src.indexOf(from), src.indexOf(to));
  const parseTable = (text) => {
    const eq = text.indexOf('=');
    const open = text.slice(eq).startsWith('= []struct') ? text.indexOf('}{', eq) + 1 : text.indexOf('{', eq);
    return new GoParser(lex(text.slice(open)), {}).composite(undefined);
  };
  const valid = parseTable(section('var selectorTests', 'var badSelectors')).items.map((e) => {
    const [sel, matches, nonMatches] = e.items;
    return { selector: sel.lit, matches: mapList(matches), nonMatches: mapList(nonMatches) };
  });
  const invalid = parseTable(section('var badSelectors', 'var canonicalisationTests')).items.map((e) => e.lit);
  const canonical = parseTable(section('var canonicalisationTests', 'var _ = Describe("Parser"')).items.map((e) => ({
    input: e.items[0].lit, canonical: e.items[1].lit,
  }));
  const visitor = [...src.matchAll(/Entry\("should visit [^"]*",\s*("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]));
  return { valid, invalid, canonical, visitor };
}

// map[string]string literals come through composite() as items of {items:[k, v]}? No: `{"a": "b"}`
// has string keys, which composite() reads as positional items separated by ':'; handle here.
function mapList(v) {
  return v.items.map((m) => {
    const out = {};
    const its = m.items || [];
    for (let i = 0; i < its.length; i++) out[its[i].key] = its[i].lit;
    return out;
  });
}

// ---------- validator ----------
function jsonTags(file) {
  const src = read(file);
  const tags = {};
  for (const m of src.matchAll(/^\s+(\w+)\s+[^\s`]+\s+`json:"([^",]*)/gm)) tags[m[1]] = m[2];
  return tags;
}

function validatorCases() {
  const src = read('libcalico-go/lib/validator/v3/validator_test.go');
  const tags = {
    ...jsonTags('api/pkg/apis/projectcalico/v3/bgppeer.go'), ...jsonTags('api/pkg/apis/projectcalico/v3/bgpconfig.go'),
    Key: 'key', LocalObjectReference: '', Name: 'name', CIDR: 'cidr', Value: 'value',
  };
  // The variables the table uses, from the function's prelude.
  const env = {};
  const prelude = src.slice(src.indexOf('func init() {'), src.indexOf('DescribeTable("Validator errors"'));
  for (const m of prelude.matchAll(/^\s+(\w+)(?:, _)? := (.+)$/gm)) {
    const [, name, rhs] = m;
    if (/^"[^"]*"$/.test(rhs)) env[name] = { lit: JSON.parse(rhs) };
    else if (rhs === 'true' || rhs === 'false') env[name] = { lit: rhs === 'true' };
    else if (/^-?\d+$/.test(rhs)) env[name] = { lit: Number(rhs) };
    else if ((/^numorstring\.ASNumberFromString\("(\d+)"\)$/).test(rhs)) env[name] = { lit: Number(/"(\d+)"/.exec(rhs)[1]) };
    else if ((/^api\.NextHopMode\("(\w+)"\)$/).test(rhs)) env[name] = { lit: /"(\w+)"/.exec(rhs)[1] };
  }
  const toJson = (v, field) => {
    if (v.duration) return `${v.lit}s`;
    if (v.struct) {
      const out = {};
      for (const [k, x] of Object.entries(v.struct)) {
        if (k === 'LocalObjectReference' || k === 'SecretKeyRef' && false) Object.assign(out, toJson(x));
        else if (k === 'Duration' && x.duration) return `${x.lit}s`;
        else {
          const name = tags[k];
          if (name === undefined) throw new Error(`no json tag for ${k}`);
          const value = toJson(x, k);
          if (!x.pointer && (value === false || value === '' || value === 0)) continue; // omitempty
          out[name] = value;
        }
      }
      return out;
    }
    if (v.items) return v.items.map((x) => toJson(x));
    void field;
    return v.lit;
  };
  const peers = []; const configs = [];
  for (const m of src.matchAll(/Entry\(("(?:[^"\\]|\\.)*"),\s*(&?api\.(BGPPeer|BGPPeerSpec|BGPConfiguration|BGPConfigurationSpec))\{/g)) {
    const start = m.index + m[0].length - 1;
    const p = new GoParser(lex(src.slice(start, start + 4000)), env);
    const lit = p.composite({ name: m[3] });
    p.expect(',');
    const verdict = p.next().v;
    const object = m[3] === 'BGPPeer' || m[3] === 'BGPConfiguration';
    const entry = { description: JSON.parse(m[1]), object };
    if (object) {
      entry.name = lit.struct.ObjectMeta.struct.Name.lit;
      entry.spec = lit.struct.Spec ? toJson(lit.struct.Spec) : {};
    } else {
      entry.spec = toJson(lit);
    }
    entry.valid = verdict === 'true';
    (m[3].startsWith('BGPPeer') ? peers : configs).push(entry);
  }
  return { peers, configs, selectorEntries: selectorEntries(src) };
}

/**
 * Entries of validator_test.go, of any kind, whose verdict turns on one selector's syntax alone: the
 * description speaks of a valid or invalid selector (not of global(), services or staged actions) and
 * the literal sets exactly one selector field, to a string literal.
 */
function selectorEntries(src) {
  const out = [];
  for (const m of src.matchAll(/Entry\(("(?:[^"\\]|\\.)*"),([\s\S]*?)\},\s*(true|false),?\s*\)/g)) {
    const description = JSON.parse(m[1]);
    if (!/selector/i.test(description) || /global|service|staged|both|empty|tunnel|loadbal|loadbl/i.test(description)) continue;
    const fields = [...m[2].matchAll(/\b(\w*Selector): ("(?:[^"\\]|\\.)*"|`[^`]*`)/g)];
    if (fields.length !== 1) continue;
    const literal = fields[0][2];
    const selector = literal.startsWith('`') ? literal.slice(1, -1) : JSON.parse(literal);
    out.push({ description, field: fields[0][1], selector, valid: m[3] === 'true' });
  }
  return out;
}

// map literals: patch composite() so `"a": "b"` pairs are read as keys.
const origComposite = GoParser.prototype.composite;
GoParser.prototype.composite = function composite(type) {
  if (this.is('{') && this.peek(1) && this.peek(1).t === 'str' && this.is(':', 2)) {
    this.expect('{');
    const items = [];
    while (!this.is('}')) {
      const key = this.next().v; this.expect(':');
      items.push({ key, lit: this.expr().lit });
      if (this.is(',')) this.next();
    }
    this.expect('}');
    return { items, type };
  }
  return origComposite.call(this, type);
};

const attribution = {
  source: 'https://github.com/projectcalico/calico',
  commit,
  license: 'Apache-2.0 (upstream LICENSE.md), Copyright Tigera, Inc. and Project Calico contributors',
  generator: 'scripts/port-calico-tables.js',
};

fs.mkdirSync(OUT, { recursive: true });
const tokenizerEnvCases = (() => {
  const src = read('libcalico-go/lib/selector/tokenizer/tokenizer_test.go');
  const body = src.slice(src.indexOf('var tokenTests'), src.indexOf('var _ = Describe'));
  const p = new GoParser(lex(body.slice(body.indexOf('}{') + 1)), kindEnv());
  return p.composite(undefined).items.map((entry) => {
    const [input, expected] = entry.items;
    return {
      input: input.lit,
      tokens: expected.lit === null ? null : expected.items.map((t) => ({
        kind: t.struct.Kind.lit.replace(/^tokenizer\./, ''),
        value: t.struct.Value ? t.struct.Value.lit : '',
      })),
    };
  });
})();
void tokenizerCases;
const selectors = {
  ...attribution,
  files: ['libcalico-go/lib/selector/tokenizer/tokenizer_test.go', 'libcalico-go/lib/selector/parser/parser_test.go'],
  tokenizer: tokenizerEnvCases,
  parser: parserCases(),
};
fs.writeFileSync(path.join(OUT, 'selectors.json'), `${JSON.stringify(selectors, null, 2)}\n`);
const { peers, configs, selectorEntries: fromValidator } = validatorCases();
selectors.validator = fromValidator;
selectors.files.push('libcalico-go/lib/validator/v3/validator_test.go');
fs.writeFileSync(path.join(OUT, 'selectors.json'), `${JSON.stringify(selectors, null, 2)}\n`);
const validator = {
  ...attribution,
  files: ['libcalico-go/lib/validator/v3/validator_test.go'],
  note: 'object: true entries are whole objects, which upstream validates with its Go validator and the CRD (schema and CEL); '
    + 'object: false entries are bare specs, which it validates with the Go validator only.',
  bgpPeer: peers,
  bgpConfiguration: configs,
};
fs.writeFileSync(path.join(OUT, 'validator.json'), `${JSON.stringify(validator, null, 2)}\n`);
console.log(`tokenizer ${selectors.tokenizer.length}, parser valid ${selectors.parser.valid.length}, invalid ${selectors.parser.invalid.length}, `
  + `canonical ${selectors.parser.canonical.length}, visitor ${selectors.parser.visitor.length}; BGPPeer ${peers.length}, BGPConfiguration ${configs.length}`);
