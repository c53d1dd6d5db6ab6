// The conversion never throws: whatever JSON it is handed, at any depth (keys such as
// `__proto__` included), it answers with a manifest that check accepts, or with refusals, each
// naming a property.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkJobManifest } from "../../../../provider/core/check";
import { fromCloudRunV2Job, fromStackExportResource } from "../../../../provider/core/convert";
import { gcpJob, IMAGE } from "./helpers";

type Path = Array<string | number>;

const BASE = gcpJob({
  job: { labels: { team: "data" }, launchStage: "BETA", binaryAuthorization: { useDefault: true } },
  execution: { taskCount: 4, parallelism: 2, annotations: { "example.com/a": "b" } },
  containers: [
    {
      name: "app",
      image: IMAGE,
      envs: [{ name: "A", valueSource: { secretKeyRef: { secret: "s", version: "1" } } }],
      volumeMounts: [
        { name: "cloudsql", mountPath: "/cloudsql" },
        { name: "v", mountPath: "/v" },
      ],
      startupProbe: { httpGet: { path: "/", httpHeaders: [{ name: "h", value: "v" }] } },
      dependsOns: ["side"],
    },
    { name: "side", image: IMAGE },
  ],
  task: {
    volumes: [
      { name: "cloudsql", cloudSqlInstance: { instances: ["p:r:i"] } },
      { name: "v", gcs: { bucket: "b", mountOptions: ["x"] } },
    ],
    vpcAccess: { networkInterfaces: [{ network: "default" }] },
    timeout: "60s",
  },
});

function pathsOf(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) for (const [i, v] of value.entries()) out.push(...pathsOf(v, [...at, i]));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

/** `root` with the value at `path` replaced (an own property even for `__proto__`). */
function replaced(root: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  Object.defineProperty(copy, head!, {
    value: replaced((root as Record<string | number, unknown>)[head!], rest, value),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

const PATHS = pathsOf(BASE);
const keyArb = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "image", "name", "template"),
  fc.string(),
);
const valueArb = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(keyArb, fc.jsonValue(), { maxKeys: 3 }),
  fc.constantFrom(
    null,
    "",
    NaN,
    -0,
    Infinity,
    [],
    {},
    { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: "{" },
  ),
);

describe("the conversion never throws", () => {
  it("on the base arguments with any value anywhere", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), valueArb, (path, value) => {
        const args = replaced(BASE, path, value);
        for (const result of [
          fromCloudRunV2Job(args),
          fromStackExportResource({ urn: "u", resourceName: "r", inputs: args as Record<string, unknown> }),
        ]) {
          if (result.manifest) {
            expect(result.refusals).toEqual([]);
            expect(checkJobManifest(result.manifest).failures).toEqual([]);
          } else {
            expect(result.refusals.length).toBeGreaterThan(0);
            for (const r of result.refusals) expect(typeof r.property === "string" && typeof r.reason === "string").toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it("keeps a `__proto__` key a key: refused by name, not taken as the prototype", () => {
    const args = JSON.parse(
      `{"name":"j","location":"europe-west1","template":{"template":{"containers":[{"image":"i","__proto__":{"x":1}}]}}}`,
    );
    expect(fromCloudRunV2Job(args).refusals).toEqual([
      { property: "template.template.containers[0].__proto__", reason: expect.stringMatching(/^unknown key `__proto__`/) },
    ]);
  });
});
