// What is not a manifest at all: check says what was expected and what it got.
import { describe, expect, it } from "vitest";
import { checkJobManifest } from "../../../../provider/core/check";

const expected = (got: string) => [{ property: "(root)", reason: `expected a Job manifest (an object with \`spec\`), got ${got}` }];

describe("not a manifest at all", () => {
  describe("says what was expected", () => {
    it.each([
      ["undefined", undefined, expected("nothing")],
      ["null", null, expected("null")],
      ["a string", "spec: {}", expected('the string "spec: {}"')],
      ["a list", [], expected("a list")],
    ])("%s", (_name, value, failures) => {
      expect(checkJobManifest(value).failures).toStrictEqual(failures);
    });
  });
});
