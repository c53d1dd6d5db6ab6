// examples/ci-preview cannot run here (it needs GitHub): check what can be checked offline.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "./harness";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: { pull_request?: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const file = path.join(ROOT, "examples", "ci-preview", ".github", "workflows", "pulumi-preview.yml");
const workflow = parse(readFileSync(file, "utf8")) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

describe("examples/ci-preview", () => {
  it("runs on pull requests and may comment on them", () => {
    expect(workflow.on).toHaveProperty("pull_request");
    expect(workflow.permissions).toMatchObject({ "pull-requests": "write", "id-token": "write" });
  });

  it("runs `pulumi preview --diff` and posts its output as a comment", () => {
    const preview = steps.find((s) => s.run?.includes("pulumi preview --diff"));
    expect(preview?.run).toContain("> preview.txt");
    const comment = steps.find((s) => s.uses?.startsWith("actions/github-script@"));
    const script = comment?.with?.script ?? "";
    expect(script).toContain('readFileSync("preview.txt"');
    expect(script).toMatch(/createComment|updateComment/);
    // github-script runs the script as the body of an async function with these names in scope.
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => unknown;
    expect(() => new AsyncFunction("require", "github", "context", "core", script)).not.toThrow();
  });

  it("fails the run after commenting when the preview failed", () => {
    const last = steps[steps.length - 1]!;
    expect(last.if).toContain("steps.preview.outputs.exit-code != '0'");
    expect(last.run).toContain("exit 1");
  });
});
