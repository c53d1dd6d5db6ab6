// The part of the Logging query language (cloud.google.com/logging/docs/view/logging-query-language)
// that Cloud Run's users and tools send, as a pure parser and matcher over LogEntry JSON:
//
//   expression  = term { ["AND"] term }            AND, explicit or implied by juxtaposition,
//   term        = factor { "OR" factor }           binds looser than OR (the documented
//   factor      = ("NOT" | "-") factor | primary   precedence: "a OR NOT b AND c" is
//   primary     = "(" expression ")"               "(a OR (NOT b)) AND c")
//               | field op value                   comparison
//               | "log_id" "(" string ")"          the log a entry is in
//               | value                            global restriction: any field has it
//   field       = segment { "." segment }          segment: a name or a "quoted" key
//   op          = "=" | "!=" | "<" | "<=" | ">" | ">=" | ":" | "=~" | "!~"
//   value       = "quoted" | bare-word | "*" (after ":") | "(" value { ["AND"|"OR"] value } ")"
//
// Fields: logName, resource.type, resource.labels.K, labels.K (`labels."run.googleapis.com/x"`),
// severity (names or numbers, ordered), timestamp and receiveTimestamp (RFC 3339, compared as
// instants), insertId, textPayload, jsonPayload.K…, and the other LogEntry fields (which the
// emulator never sets, so they never match). `=` compares exactly, `:` is a case-insensitive
// substring test (`field:*` tests presence), `=~`/`!~` are regular expressions, ordering on
// numbers is numeric. A comparison on a field an entry lacks is false. Anything else (other
// functions such as SEARCH(), unknown fields, bad severities or times) is refused by
// FilterError, which names the part not understood: the service answers INVALID_ARGUMENT.

export class FilterError extends Error {}

export type Op = "=" | "!=" | "<" | "<=" | ">" | ">=" | ":" | "=~" | "!~";

export type Value = { kind: "lit"; text: string; quoted: boolean } | { kind: "any" } | { kind: "list"; op: "AND" | "OR"; items: Value[] };

export type Filter =
  | { kind: "and"; items: Filter[] }
  | { kind: "or"; items: Filter[] }
  | { kind: "not"; item: Filter }
  | { kind: "cmp"; field: FieldRef; op: Op; value: Value }
  | { kind: "logId"; id: string }
  | { kind: "global"; text: string }
  | { kind: "true" };

/** A resolved field: where it is in the entry, and how its values compare. */
export interface FieldRef {
  /** The field as written, for messages. */
  text: string;
  path: string[];
  type: "string" | "severity" | "time" | "any";
}

/** LogSeverity (google/logging/type/log_severity.proto). */
export const SEVERITIES: Record<string, number> = {
  DEFAULT: 0,
  DEBUG: 100,
  INFO: 200,
  NOTICE: 300,
  WARNING: 400,
  ERROR: 500,
  CRITICAL: 600,
  ALERT: 700,
  EMERGENCY: 800,
};

/** Top-level LogEntry fields (google/logging/v2/log_entry.proto, JSON names). */
const ENTRY_FIELDS = new Set([
  "logName",
  "resource",
  "labels",
  "severity",
  "timestamp",
  "receiveTimestamp",
  "insertId",
  "textPayload",
  "jsonPayload",
  "protoPayload",
  "httpRequest",
  "operation",
  "trace",
  "spanId",
  "traceSampled",
  "sourceLocation",
  "split",
  "errorGroups",
]);

const OPS: Op[] = [">=", "<=", "!=", "=~", "!~", "=", "<", ">", ":"];

/** Parses a filter; the empty filter matches everything. Throws FilterError. */
export function parseFilter(text: string): Filter {
  const p = new Parser(text);
  p.ws();
  if (p.done()) return { kind: "true" };
  const filter = p.expression();
  p.ws();
  if (!p.done()) p.fail(`unexpected "${p.rest(20)}"`);
  return filter;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  done(): boolean {
    return this.i >= this.s.length;
  }

  rest(n: number): string {
    const r = this.s.slice(this.i, this.i + n);
    return this.i + n < this.s.length ? `${r}…` : r;
  }

  fail(message: string): never {
    throw new FilterError(`${message} at position ${this.i + 1} of the filter`);
  }

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  /** An upper-case keyword, standing alone (followed by space, a parenthesis or the end). */
  keyword(word: "AND" | "OR" | "NOT"): boolean {
    this.ws();
    if (!this.s.startsWith(word, this.i)) return false;
    const next = this.s[this.i + word.length];
    if (next !== undefined && !/[\s(]/.test(next)) return false;
    this.i += word.length;
    return true;
  }

  private startsTerm(): boolean {
    this.ws();
    if (this.done()) return false;
    const c = this.s[this.i]!;
    if (c === ")") return false;
    for (const k of ["AND", "OR"])
      if (this.s.startsWith(k, this.i) && (this.s[this.i + k.length] === undefined || /[\s(]/.test(this.s[this.i + k.length]!)))
        return false;
    return true;
  }

  expression(): Filter {
    const items = [this.term()];
    for (;;) {
      if (this.keyword("AND")) {
        items.push(this.term());
        continue;
      }
      if (this.startsTerm()) {
        items.push(this.term());
        continue;
      }
      break;
    }
    return items.length === 1 ? items[0]! : { kind: "and", items };
  }

  private term(): Filter {
    const items = [this.factor()];
    while (this.keyword("OR")) items.push(this.factor());
    return items.length === 1 ? items[0]! : { kind: "or", items };
  }

  private factor(): Filter {
    if (this.keyword("NOT")) return { kind: "not", item: this.factor() };
    this.ws();
    if (this.s[this.i] === "-" && this.i + 1 < this.s.length && !/\s/.test(this.s[this.i + 1]!)) {
      this.i++;
      return { kind: "not", item: this.factor() };
    }
    return this.primary();
  }

  private primary(): Filter {
    this.ws();
    if (this.done()) this.fail("the filter ends where a comparison was expected");
    const c = this.s[this.i]!;
    if (c === "(") {
      this.i++;
      this.ws();
      if (this.s[this.i] === ")") this.fail("empty parentheses");
      const inner = this.expression();
      this.ws();
      if (this.s[this.i] !== ")") this.fail(`expected ")"`);
      this.i++;
      return inner;
    }
    if (c === '"' || c === "'") return { kind: "global", text: this.quoted() };
    const start = this.i;
    const segments = this.path();
    this.ws();
    if (this.s[this.i] === "(" && segments.length === 1 && !segments[0]!.quoted) return this.call(segments[0]!.text, start);
    const op = this.op();
    if (!op) {
      if (segments.length === 1 && !segments[0]!.quoted) return { kind: "global", text: segments[0]!.text };
      this.i = start;
      this.fail(`expected a comparison operator after "${this.s.slice(start, start + 40).trim()}"`);
    }
    const field = resolveField(
      segments.map((s) => s.text),
      this.s.slice(start, this.i - op.length).trim(),
    );
    this.ws();
    const value = this.value(op);
    checkValue(field, op, value);
    return { kind: "cmp", field, op, value };
  }

  private call(name: string, start: number): Filter {
    if (name !== "log_id") {
      this.i = start;
      this.fail(`the function ${name}() is not supported by the emulator (only log_id())`);
    }
    this.i++;
    this.ws();
    const c = this.s[this.i];
    const id = c === '"' || c === "'" ? this.quoted() : this.bare();
    this.ws();
    if (this.s[this.i] !== ")") this.fail(`expected ")" after log_id's argument`);
    this.i++;
    return { kind: "logId", id };
  }

  private path(): Array<{ text: string; quoted: boolean }> {
    const segments: Array<{ text: string; quoted: boolean }> = [];
    for (;;) {
      const c = this.s[this.i];
      if (c === '"' || c === "'") segments.push({ text: this.quoted(), quoted: true });
      else {
        const m = /^[A-Za-z0-9_@/-]+/.exec(this.s.slice(this.i));
        if (!m) this.fail(`expected a field name, a value or "(", found "${this.rest(20)}"`);
        segments.push({ text: m[0], quoted: false });
        this.i += m[0].length;
      }
      if (this.s[this.i] !== ".") return segments;
      this.i++;
    }
  }

  private op(): Op | undefined {
    for (const op of OPS) {
      if (this.s.startsWith(op, this.i)) {
        this.i += op.length;
        return op;
      }
    }
    return undefined;
  }

  private value(op: Op): Value {
    this.ws();
    if (this.done()) this.fail(`the filter ends where a value was expected after "${op}"`);
    const c = this.s[this.i]!;
    if (c === "*" && (this.i + 1 >= this.s.length || /[\s)]/.test(this.s[this.i + 1]!))) {
      if (op !== ":") this.fail(`"*" is only a value after ":" (presence test)`);
      this.i++;
      return { kind: "any" };
    }
    if (c === "(") {
      this.i++;
      const list = this.valueList();
      this.ws();
      if (this.s[this.i] !== ")") this.fail(`expected ")" to close the list of values`);
      this.i++;
      return list;
    }
    if (c === '"' || c === "'") return { kind: "lit", text: this.quoted(), quoted: true };
    return { kind: "lit", text: this.bare(), quoted: false };
  }

  /** `("a" OR "b")`: values joined like terms (AND, implied or written, looser than OR). */
  private valueList(): Value {
    const ands: Value[] = [];
    for (;;) {
      const ors: Value[] = [this.listAtom()];
      while (this.keyword("OR")) ors.push(this.listAtom());
      ands.push(ors.length === 1 ? ors[0]! : { kind: "list", op: "OR", items: ors });
      this.ws();
      if (this.keyword("AND")) continue;
      if (this.s[this.i] === ")" || this.done()) break;
    }
    return ands.length === 1 ? ands[0]! : { kind: "list", op: "AND", items: ands };
  }

  private listAtom(): Value {
    this.ws();
    if (this.keyword("NOT")) this.fail("NOT inside a list of values is not supported by the emulator");
    const c = this.s[this.i];
    if (c === "(") {
      this.i++;
      const inner = this.valueList();
      this.ws();
      if (this.s[this.i] !== ")") this.fail(`expected ")"`);
      this.i++;
      return inner;
    }
    if (c === '"' || c === "'") return { kind: "lit", text: this.quoted(), quoted: true };
    return { kind: "lit", text: this.bare(), quoted: false };
  }

  /** A bare value: up to the next space or parenthesis. */
  private bare(): string {
    const m = /^[^\s()"']+/.exec(this.s.slice(this.i));
    if (!m) this.fail(`expected a value, found "${this.rest(20)}"`);
    this.i += m[0].length;
    return m[0];
  }

  private quoted(): string {
    const quote = this.s[this.i]!;
    const start = this.i;
    this.i++;
    let out = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === quote) {
        this.i++;
        return out;
      }
      if (c === "\\") {
        const n = this.s[this.i + 1];
        if (n === undefined) break;
        const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'" };
        if (n === "u" && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
          continue;
        }
        // An unknown escape keeps its backslash (regular expressions need `\d`, `\.`).
        out += escapes[n] ?? `\\${n}`;
        this.i += 2;
        continue;
      }
      out += c;
      this.i++;
    }
    this.i = start;
    this.fail("unterminated string");
  }
}

/** Maps a written field path onto the entry's JSON, or refuses it. */
function resolveField(path: string[], text: string): FieldRef {
  const [head, ...rest] = path;
  if (!head || !ENTRY_FIELDS.has(head)) {
    throw new FilterError(`unknown field "${text}": the emulator knows the LogEntry fields ${[...ENTRY_FIELDS].join(", ")}`);
  }
  // `labels.run.googleapis.com/x` written without quotes: the rest is one key.
  const key = (parts: string[]) => (parts.length ? [parts.join(".")] : []);
  switch (head) {
    case "severity":
      if (rest.length) break;
      return { text, path: ["severity"], type: "severity" };
    case "timestamp":
    case "receiveTimestamp":
      if (rest.length) break;
      return { text, path: [head], type: "time" };
    case "labels":
      return { text, path: ["labels", ...key(rest)], type: "string" };
    case "resource": {
      if (rest[0] === "type" && rest.length === 1) return { text, path: ["resource", "type"], type: "string" };
      if (rest[0] === "labels") return { text, path: ["resource", "labels", ...key(rest.slice(1))], type: "string" };
      if (rest.length === 0) return { text, path: ["resource"], type: "any" };
      throw new FilterError(`unknown field "${text}": a monitored resource has only "type" and "labels"`);
    }
    case "jsonPayload":
    case "protoPayload":
    case "httpRequest":
    case "sourceLocation":
    case "operation":
    case "split":
    case "errorGroups":
      return { text, path: [head, ...rest], type: "any" };
    default:
      if (rest.length) break;
      return { text, path: [head], type: "string" };
  }
  throw new FilterError(`unknown field "${text}": ${head} has no subfields`);
}

/** Values that can never compare are refused at parse time (a bad severity or time). */
function checkValue(field: FieldRef, op: Op, value: Value): void {
  if (value.kind === "list") {
    for (const v of value.items) checkValue(field, op, v);
    return;
  }
  if (value.kind !== "lit") return;
  if (op === "=~" || op === "!~") {
    try {
      new RegExp(value.text);
    } catch (err) {
      throw new FilterError(
        `invalid regular expression "${value.text}" for ${field.text}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return;
  }
  if (op === ":") return;
  if (field.type === "severity" && severityValue(value.text) === undefined) {
    throw new FilterError(`invalid severity "${value.text}": one of ${Object.keys(SEVERITIES).join(", ")} or a number`);
  }
  if (field.type === "time" && parseTime(value.text) === undefined) {
    throw new FilterError(`invalid time "${value.text}" for ${field.text}: an RFC 3339 timestamp such as "2025-01-31T12:00:00Z"`);
  }
}

export function severityValue(text: string): number | undefined {
  const named = SEVERITIES[text.toUpperCase()];
  if (named !== undefined) return named;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * An RFC 3339 time (or a date, taken as midnight UTC) as nanoseconds since the epoch, exact to
 * the nanosecond (a Date keeps milliseconds only).
 */
export function parseTime(text: string): bigint | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*([Zz]|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (!Number.isFinite(ms) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== "Z") {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    offsetMinutes = (z[1] === "-" ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  return (BigInt(ms) - BigInt(offsetMinutes) * 60_000n) * 1_000_000n + BigInt(frac.padEnd(9, "0") || "0");
}

// ---- matching ----

type Json = unknown;

function lookup(entry: Json, path: string[]): Json {
  let node: Json = entry;
  for (const part of path) {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
    if (!Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, Json>)[part];
  }
  return node;
}

const isNumeric = (s: string) => /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s);

function compareOrdered(actual: string, expected: string, op: Op): boolean {
  const both = isNumeric(actual) && isNumeric(expected);
  return both ? compareBig(Number(actual), Number(expected), op) : compareBig(actual, expected, op);
}

/** One comparison for strings, numbers and instants (bigint nanoseconds). */
function compareBig<T extends string | number | bigint>(a: T, b: T, op: Op): boolean {
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    default:
      return false;
  }
}

/** Substring test, case-insensitive, on every string inside a value (":" on objects: any key or value). */
function has(actual: Json, needle: string): boolean {
  const n = needle.toLowerCase();
  if (actual === null || actual === undefined) return false;
  if (typeof actual === "object") {
    if (Array.isArray(actual)) return actual.some((v) => has(v, needle));
    return Object.entries(actual as Record<string, Json>).some(([k, v]) => k.toLowerCase() === n || has(v, needle));
  }
  return String(actual).toLowerCase().includes(n);
}

/** A global restriction: some string or number value anywhere in the entry contains the text. */
function hasValue(node: Json, needle: string): boolean {
  if (node === null || node === undefined) return false;
  if (typeof node === "object") return Object.values(node as Record<string, Json>).some((v) => hasValue(v, needle));
  return String(node).toLowerCase().includes(needle);
}

function compareLiteral(field: FieldRef, actual: Json, op: Op, text: string): boolean {
  if (op === ":") return has(actual, text);
  if (actual === null || actual === undefined) return false;
  if (typeof actual === "object") {
    // A list matches when one of its elements does; an object never compares to a literal.
    return Array.isArray(actual) && actual.some((v) => compareLiteral(field, v, op, text));
  }
  if (op === "=~" || op === "!~") {
    const matched = new RegExp(text).test(String(actual));
    return op === "=~" ? matched : !matched;
  }
  if (field.type === "severity") {
    const a = severityValue(String(actual)) ?? 0;
    return compareOrdered(String(a), String(severityValue(text)!), op);
  }
  if (field.type === "time") {
    const a = parseTime(String(actual));
    return a !== undefined && compareBig(a, parseTime(text)!, op);
  }
  return compareOrdered(typeof actual === "boolean" || typeof actual === "number" ? String(actual) : (actual as string), text, op);
}

function compareValue(field: FieldRef, actual: Json, op: Op, value: Value): boolean {
  switch (value.kind) {
    case "any":
      return actual !== undefined && actual !== null;
    case "list":
      return value.op === "OR"
        ? value.items.some((v) => compareValue(field, actual, op, v))
        : value.items.every((v) => compareValue(field, actual, op, v));
    case "lit":
      return compareLiteral(field, actual, op, value.text);
  }
}

/** Whether an entry (LogEntry in its JSON form) matches a parsed filter. */
export function matches(filter: Filter, entry: Json): boolean {
  switch (filter.kind) {
    case "true":
      return true;
    case "and":
      return filter.items.every((f) => matches(f, entry));
    case "or":
      return filter.items.some((f) => matches(f, entry));
    case "not":
      return !matches(filter.item, entry);
    case "logId": {
      const name = lookup(entry, ["logName"]);
      if (typeof name !== "string") return false;
      const at = name.indexOf("/logs/");
      return at >= 0 && decodeURIComponent(name.slice(at + 6)) === filter.id;
    }
    case "global":
      return hasValue(entry, filter.text.toLowerCase());
    case "cmp": {
      // An entry without a severity has DEFAULT (proto3 JSON leaves the zero value out).
      let actual = lookup(entry, filter.field.path);
      if (actual === undefined && filter.field.type === "severity") actual = "DEFAULT";
      return compareValue(filter.field, actual, filter.op, filter.value);
    }
  }
}

/** `timestamp asc` (the default) or `timestamp desc`; anything else is refused. */
export function parseOrderBy(text: string | null | undefined): "asc" | "desc" {
  const t = (text ?? "").trim();
  if (!t) return "asc";
  const m = /^timestamp(?:\s+(asc|desc))?$/i.exec(t);
  if (!m) throw new FilterError(`order_by "${t}" is not supported: use "timestamp asc" or "timestamp desc"`);
  return (m[1] ?? "asc").toLowerCase() as "asc" | "desc";
}
