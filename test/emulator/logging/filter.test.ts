// The Logging query language subset (emulator/model/logging/filter.ts): examples of what Cloud Run's
// users and tools send (gcloud's own filters among them), the documented precedence, refusals
// that name what is not understood, and properties over generated entries and filters.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FilterError, matches, parseFilter, parseOrderBy, parseTime, type Filter } from "../../../emulator/model/logging/filter";

const entry = (over: Record<string, unknown> = {}) => ({
  logName: "projects/p/logs/run.googleapis.com%2Fstdout",
  resource: { type: "cloud_run_job", labels: { project_id: "p", location: "europe-west1", job_name: "migrate" } },
  timestamp: "2025-01-15T15:48:06.716662Z",
  receiveTimestamp: "2025-01-15T15:48:06.721909169Z",
  insertId: "6787d8b6000aef76df59bb52",
  labels: {
    instanceId: "00ab",
    "run.googleapis.com/execution_name": "migrate-x7k2p",
    "run.googleapis.com/task_index": "0",
    "run.googleapis.com/task_attempt": "0",
  },
  textPayload: "Applying migration 0042_add_index",
  ...over,
});

const m = (filter: string, e: unknown = entry()) => matches(parseFilter(filter), e);
const refusal = (filter: string) => {
  try {
    parseFilter(filter);
  } catch (err) {
    expect(err).toBeInstanceOf(FilterError);
    return (err as Error).message;
  }
  throw new Error(`expected "${filter}" to be refused`);
};

describe("Logging filter: what Cloud Run's users and tools send", () => {
  it("gcloud run jobs logs read's filter (unquoted values, newlines, severity >= DEFAULT, a freshness bound)", () => {
    const gcloud =
      'resource.type = cloud_run_job \n AND resource.labels.job_name = migrate \n AND resource.labels.location = europe-west1 \n AND severity >= DEFAULT \n AND timestamp>="2025-01-14T15:00:00.000000Z"';
    expect(m(gcloud)).toBe(true);
    expect(m(gcloud.replace("= migrate", "= other"))).toBe(false);
    expect(m(gcloud.replace("europe-west1", "us-central1"))).toBe(false);
    expect(m(gcloud.replace("2025-01-14", "2025-01-16"))).toBe(false);
  });

  it("the issue's filter, labels with quoted keys, and implicit AND", () => {
    expect(m('resource.type="cloud_run_job" AND labels."run.googleapis.com/execution_name"="migrate-x7k2p"')).toBe(true);
    expect(m('resource.type="cloud_run_job" labels."run.googleapis.com/execution_name"="other"')).toBe(false);
    expect(m('labels."run.googleapis.com/task_index"="0" labels."run.googleapis.com/task_attempt"="0"')).toBe(true);
    expect(m("labels.run.googleapis.com/execution_name=migrate-x7k2p")).toBe(true);
  });

  it("logName, log_id(), severity names and numbers, ordering", () => {
    expect(m('logName="projects/p/logs/run.googleapis.com%2Fstdout"')).toBe(true);
    expect(m('logName:"run.googleapis.com%2Fstderr"')).toBe(false);
    expect(m('log_id("run.googleapis.com/stdout")')).toBe(true);
    expect(m("log_id(run.googleapis.com/stderr)")).toBe(false);
    const error = entry({ severity: "ERROR" });
    expect(m("severity>=ERROR", error)).toBe(true);
    expect(m("severity>=ERROR")).toBe(false); // no severity: DEFAULT
    expect(m("severity=DEFAULT")).toBe(true);
    expect(m('severity>="warning"', error)).toBe(true);
    expect(m("severity<400", error)).toBe(false);
    expect(m("severity!=INFO", error)).toBe(true);
  });

  it("timestamps compare as instants, to the nanosecond, in any offset", () => {
    expect(m('timestamp>="2025-01-15T15:48:06.716662Z"')).toBe(true);
    expect(m('timestamp>"2025-01-15T15:48:06.716662Z"')).toBe(false);
    expect(m('timestamp<"2025-01-15T15:48:06.716662001Z"')).toBe(true);
    expect(m('timestamp>="2025-01-15T16:48:00+01:00" timestamp<="2025-01-15T16:49:00+01:00"')).toBe(true);
    expect(m('timestamp>="2025-01-15"')).toBe(true);
  });

  it("has (:), presence (:*), regular expressions, jsonPayload, global restrictions", () => {
    expect(m("textPayload:MIGRATION")).toBe(true);
    expect(m('textPayload:"0042_add"')).toBe(true);
    expect(m('textPayload="applying migration 0042_add_index"')).toBe(false); // = is exact
    expect(m("textPayload:*")).toBe(true);
    expect(m("jsonPayload:*")).toBe(false);
    expect(m('textPayload=~"^Applying .* \\d+_add"')).toBe(true);
    expect(m('textPayload!~"^Applying"')).toBe(false);
    const json = entry({ textPayload: undefined, jsonPayload: { message: "done", rows: 12, nested: { ok: true } } });
    expect(m('jsonPayload.message="done"', json)).toBe(true);
    expect(m("jsonPayload.rows>10 jsonPayload.nested.ok=true", json)).toBe(true);
    expect(m("jsonPayload.rows>100", json)).toBe(false);
    expect(m("jsonPayload.missing=1", json)).toBe(false);
    expect(m('"0042_ADD"')).toBe(true);
    expect(m("migrate-x7k2p")).toBe(true);
    expect(m('"nowhere to be found"')).toBe(false);
  });

  it("AND, OR, NOT, -, parentheses, value lists; OR binds tighter than AND (the documented precedence)", () => {
    expect(m("NOT severity>=ERROR")).toBe(true);
    expect(m("-severity>=ERROR")).toBe(true);
    expect(m('resource.type=("cloud_run_revision" OR "cloud_run_job")')).toBe(true);
    expect(m("resource.labels.job_name=(a OR b)")).toBe(false);
    // "a OR NOT b AND NOT c OR d" is "(a OR (NOT b)) AND ((NOT c) OR d)"
    const [yes, no] = ["textPayload:migration", "textPayload:robot"];
    expect(m(`${no} OR NOT ${yes} AND NOT ${no} OR ${yes}`)).toBe(false);
    expect(m(`${no} OR ${yes} AND NOT ${no} OR ${no}`)).toBe(true);
    expect(m(`(${no} OR ${yes}) AND (${no})`)).toBe(false);
    expect(m(`${yes} AND (${no} OR (${yes} AND NOT ${no}))`)).toBe(true);
    expect(m("")).toBe(true);
    expect(m("   \n ")).toBe(true);
  });

  it("refuses, naming it, what is outside the subset or invalid", () => {
    expect(refusal('SEARCH("migration")')).toMatch(/function SEARCH\(\) is not supported/);
    expect(refusal("sample(insertId, 0.1)")).toMatch(/function sample\(\)/);
    expect(refusal('foo.bar="x"')).toMatch(/unknown field "foo.bar"/);
    expect(refusal('resource.name="x"')).toMatch(/unknown field "resource.name"/);
    expect(refusal("severity>=LOUD")).toMatch(/invalid severity "LOUD"/);
    expect(refusal('timestamp>="yesterday"')).toMatch(/invalid time "yesterday"/);
    expect(refusal("receiveTimestamp>timestamp")).toMatch(/invalid time "timestamp"/);
    expect(refusal('textPayload="unterminated')).toMatch(/unterminated string at position 13/);
    expect(refusal("textPayload:x )")).toMatch(/unexpected "\)"/);
    expect(refusal("(textPayload:x")).toMatch(/expected "\)"/);
    expect(refusal("()")).toMatch(/empty parentheses/);
    expect(refusal("textPayload=")).toMatch(/ends where a value was expected/);
    expect(refusal("severity=*")).toMatch(/only a value after ":"/);
    expect(refusal('textPayload=~"("')).toMatch(/invalid regular expression/);
    expect(refusal("labels.a=(x OR NOT y)")).toMatch(/NOT inside a list/);
    expect(refusal("textPayload:x AND")).toMatch(/ends where a comparison was expected/);
  });

  it("order_by: timestamp asc (default) or desc, nothing else", () => {
    expect(parseOrderBy(undefined)).toBe("asc");
    expect(parseOrderBy("timestamp desc")).toBe("desc");
    expect(parseOrderBy("TIMESTAMP ASC")).toBe("asc");
    expect(() => parseOrderBy("severity desc")).toThrow(/order_by "severity desc" is not supported/);
  });
});

describe("Logging filter: properties", () => {
  const severities = ["DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"];
  const arbEntry = fc
    .record({
      job: fc.constantFrom("a", "b", "migrate"),
      task: fc.integer({ min: 0, max: 3 }),
      severity: fc.constantFrom(...severities),
      micros: fc.integer({ min: 1_700_000_000_000_000, max: 1_800_000_000_000_000 }),
      text: fc.string({ maxLength: 20 }),
    })
    .map((r) =>
      entry({
        resource: { type: "cloud_run_job", labels: { project_id: "p", location: "europe-west1", job_name: r.job } },
        labels: { "run.googleapis.com/task_index": String(r.task) },
        ...(r.severity === "DEFAULT" ? {} : { severity: r.severity }),
        timestamp: `${new Date(Math.floor(r.micros / 1000)).toISOString().slice(0, 19)}.${String(r.micros % 1_000_000).padStart(6, "0")}Z`,
        textPayload: r.text,
      }),
    );
  const arbAtom = fc.oneof(
    fc.constantFrom("a", "b", "migrate").map((j) => `resource.labels.job_name=${j}`),
    fc.integer({ min: 0, max: 3 }).map((i) => `labels."run.googleapis.com/task_index"="${i}"`),
    fc.tuple(fc.constantFrom(">=", "<=", "=", "!=", ">", "<"), fc.constantFrom(...severities)).map(([op, s]) => `severity${op}${s}`),
    fc.integer({ min: 1_700_000_000, max: 1_800_000_000 }).map((s) => `timestamp>="${new Date(s * 1000).toISOString()}"`),
    fc.constantFrom("x", "migration", "0").map((t) => `textPayload:"${t}"`),
  );
  const arbFilter: fc.Arbitrary<string> = fc.letrec((tie) => ({
    f: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      arbAtom,
      arbAtom,
      fc.tuple(tie("f") as fc.Arbitrary<string>, tie("f") as fc.Arbitrary<string>).map(([a, b]) => `(${a} AND ${b})`),
      fc.tuple(tie("f") as fc.Arbitrary<string>, tie("f") as fc.Arbitrary<string>).map(([a, b]) => `(${a} OR ${b})`),
      (tie("f") as fc.Arbitrary<string>).map((a) => `NOT (${a})`),
    ),
  })).f;

  it("NOT and - negate, juxtaposition is AND, explicit parentheses are respected", () => {
    fc.assert(
      fc.property(arbEntry, arbFilter, arbFilter, (e, a, b) => {
        expect(m(`NOT (${a})`, e)).toBe(!m(a, e));
        expect(m(`-(${a})`, e)).toBe(!m(a, e));
        expect(m(`(${a}) (${b})`, e)).toBe(m(a, e) && m(b, e));
        expect(m(`(${a}) AND (${b})`, e)).toBe(m(a, e) && m(b, e));
        expect(m(`(${a}) OR (${b})`, e)).toBe(m(a, e) || m(b, e));
      }),
      { numRuns: 300 },
    );
  });

  it("without parentheses, OR groups before AND", () => {
    fc.assert(
      fc.property(arbEntry, arbAtom, arbAtom, arbAtom, (e, a, b, c) => {
        expect(m(`${a} OR ${b} AND ${c}`, e)).toBe((m(a, e) || m(b, e)) && m(c, e));
        expect(m(`${a} AND ${b} OR ${c}`, e)).toBe(m(a, e) && (m(b, e) || m(c, e)));
      }),
      { numRuns: 300 },
    );
  });

  it("severity comparisons follow LogSeverity's order", () => {
    fc.assert(
      fc.property(arbEntry, fc.constantFrom(...severities), (e, s) => {
        const actual = severities.indexOf((e as { severity?: string }).severity ?? "DEFAULT");
        expect(m(`severity>=${s}`, e)).toBe(actual >= severities.indexOf(s));
        expect(m(`severity<${s}`, e)).toBe(actual < severities.indexOf(s));
      }),
    );
  });

  it("time comparisons agree with the instants' order", () => {
    fc.assert(
      fc.property(arbEntry, fc.integer({ min: 1_700_000_000_000_000, max: 1_800_000_000_000_000 }), (e, micros) => {
        const bound = `${new Date(Math.floor(micros / 1000)).toISOString().slice(0, 19)}.${String(micros % 1_000_000).padStart(6, "0")}Z`;
        const t = parseTime((e as { timestamp: string }).timestamp)!;
        expect(m(`timestamp>="${bound}"`, e)).toBe(t >= parseTime(bound)!);
        expect(m(`timestamp<"${bound}"`, e)).toBe(t < parseTime(bound)!);
      }),
    );
  });

  it("any text either parses or is refused with a FilterError, never another error", () => {
    const alphabet = fc.constantFrom(..."abcAND OR NOT()\"'=<>!~:*-.\\ \n0severitylabels".split(""));
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join("")),
        (text) => {
          let parsed: Filter | undefined;
          try {
            parsed = parseFilter(text);
          } catch (err) {
            expect(err).toBeInstanceOf(FilterError);
            return;
          }
          expect(typeof matches(parsed, entry())).toBe("boolean");
        },
      ),
      { numRuns: 2000 },
    );
  });
});
