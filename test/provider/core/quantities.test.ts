import { describe, expect, it } from "vitest";
import { formatBytes, formatMillicpu, parseMillicpu, parseQuantity } from "../../../provider/core/quantities";

describe("quantities", () => {
  it.each<[string | number, number | undefined]>([
    ["1", 1],
    [2, 2],
    ["1000m", 1],
    ["0.5", 0.5],
    [".25", 0.25],
    ["512Mi", 512 * 2 ** 20],
    ["1Gi", 2 ** 30],
    ["1G", 1e9],
    ["128k", 128e3],
    ["lots", undefined],
    ["-1", undefined],
    ["1 Gi", undefined],
  ])("parses %s", (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it("spells CPU as whole cores or millicores", () => {
    expect([parseMillicpu("1"), parseMillicpu("0.08"), parseMillicpu(4)].map((m) => formatMillicpu(m as number))).toEqual([
      "1",
      "80m",
      "4",
    ]);
  });

  it("spells memory in the largest exact unit", () => {
    expect([512 * 2 ** 20, 2 ** 30, 1536 * 2 ** 20, 1e9, 1500, 1024].map(formatBytes)).toEqual([
      "512Mi",
      "1Gi",
      "1536Mi",
      "1G",
      "1500",
      "1Ki",
    ]);
  });
});
