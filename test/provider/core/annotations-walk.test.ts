// Walks every annotation the ObjectMeta.annotations description of run-v1-discovery.json lists
// (docs/cloud-run-facts.md §1.2) and proves what becomes of it on a job:
//   setting   mapped to a v2 field: v1 → v2 → v1 gives the same canonical manifest, value kept;
//   default   only the server default is accepted, and it compares equal to leaving it out;
//   system    a client/server stamp: accepted and dropped;
//   refused   documented for Services/Revisions only: refused with a reason, at either level.
// An annotation the document gains and this table does not classify fails the test.
import { describe, expect, it } from "vitest";
import { SYSTEM_ANNOTATIONS } from "../../../provider/core/annotations";
import { checkJobManifest } from "../../../provider/core/check";
import type { CanonicalManifest as JobManifest } from "../../../provider/core/canonical";
import { jobManifest, type ManifestParts } from "../../fixtures/manifests";
import { describedParts, roundTrip } from "./helpers/round-trip";
import { jobTree } from "./helpers/discovery";

type Level = "job" | "template";
type Handling =
  | { kind: "setting"; level: Level; value: string; context?: ManifestParts; foldedFrom?: Level }
  | { kind: "default"; level: Level; value: string; refusedValue: string }
  | { kind: "system" }
  | { kind: "refused" };

const twoContainers: ManifestParts = {
  containers: [
    { name: "app", image: "a" },
    { name: "proxy", image: "p" },
  ],
};

const HANDLING: Record<string, Handling> = {
  "run.googleapis.com/launch-stage": { kind: "setting", level: "job", value: "BETA" },
  // Also listed for Execution: on the template it is folded into the job's (v2 has Job.binaryAuthorization only).
  "run.googleapis.com/binary-authorization": { kind: "setting", level: "job", value: "default", foldedFrom: "template" },
  "run.googleapis.com/binary-authorization-breakglass": {
    kind: "setting",
    level: "job",
    value: "incident-42",
    context: { metadata: { annotations: { "run.googleapis.com/binary-authorization": "default" } } },
  },
  "run.googleapis.com/cloudsql-instances": { kind: "setting", level: "template", value: "p:us-central1:db" },
  "run.googleapis.com/container-dependencies": { kind: "setting", level: "template", value: '{"app":["proxy"]}', context: twoContainers },
  "run.googleapis.com/encryption-key": {
    kind: "setting",
    level: "template",
    value: "projects/p/locations/us-central1/keyRings/r/cryptoKeys/k",
  },
  "run.googleapis.com/execution-environment": { kind: "default", level: "template", value: "gen2", refusedValue: "gen1" },
  "run.googleapis.com/gpu-zonal-redundancy-disabled": { kind: "setting", level: "template", value: "true" },
  "run.googleapis.com/network-interfaces": { kind: "setting", level: "template", value: '[{"network":"default","subnetwork":"jobs"}]' },
  "run.googleapis.com/secrets": {
    kind: "setting",
    level: "template",
    value: "tok:projects/42/secrets/token",
    context: { container: { env: [{ name: "T", valueFrom: { secretKeyRef: { name: "tok", key: "latest" } } }] } },
  },
  "run.googleapis.com/vpc-access-connector": {
    kind: "setting",
    level: "template",
    value: "projects/p/locations/us-central1/connectors/conn",
  },
  "run.googleapis.com/vpc-access-egress": {
    kind: "setting",
    level: "template",
    value: "all-traffic",
    context: {
      templateMetadata: { annotations: { "run.googleapis.com/vpc-access-connector": "projects/p/locations/us-central1/connectors/conn" } },
    },
  },
  "run.googleapis.com/client-name": { kind: "system" },
  ...Object.fromEntries(
    [
      "autoscaling.knative.dev/maxScale",
      "autoscaling.knative.dev/minScale",
      "run.googleapis.com/base-images",
      "run.googleapis.com/build-base-image",
      "run.googleapis.com/build-enable-automatic-updates",
      "run.googleapis.com/build-environment-variables",
      "run.googleapis.com/build-function-target",
      "run.googleapis.com/build-id",
      "run.googleapis.com/build-image-uri",
      "run.googleapis.com/build-name",
      "run.googleapis.com/build-service-account",
      "run.googleapis.com/build-source-location",
      "run.googleapis.com/build-worker-pool",
      "run.googleapis.com/cpu-throttling",
      "run.googleapis.com/custom-audiences",
      "run.googleapis.com/default-url-disabled",
      "run.googleapis.com/description",
      "run.googleapis.com/encryption-key-shutdown-hours",
      "run.googleapis.com/gc-traffic-tags",
      "run.googleapis.com/health-check-disabled",
      "run.googleapis.com/ingress",
      "run.googleapis.com/invoker-iam-disabled",
      "run.googleapis.com/minScale",
      "run.googleapis.com/maxScale",
      "run.googleapis.com/manualInstanceCount",
      "run.googleapis.com/post-key-revocation-action-type",
      "run.googleapis.com/scalingMode",
      "run.googleapis.com/secure-session-agent",
      "run.googleapis.com/sessionAffinity",
      "run.googleapis.com/startup-cpu-boost",
    ].map((key) => [key, { kind: "refused" } as Handling]),
  ),
};

function withAnnotation(level: Level, key: string, value: string, context: ManifestParts = {}): Record<string, unknown> {
  const parts = structuredClone(context);
  const meta = level === "job" ? (parts.metadata ??= {}) : (parts.templateMetadata ??= {});
  meta.annotations = { ...(meta.annotations as Record<string, string> | undefined), [key]: value };
  return jobManifest(parts);
}

function canonical(raw: Record<string, unknown>): JobManifest {
  const { manifest, failures } = checkJobManifest(raw);
  expect(failures).toEqual([]);
  return manifest as JobManifest;
}

describe("annotations listed in run-v1-discovery.json", () => {
  const documented = jobTree().annotations;

  it("are all classified", () => {
    expect(documented.length).toBeGreaterThan(40);
    expect(documented.filter((k) => !(k in HANDLING))).toEqual([]);
  });

  it.each(documented.filter((k) => k in HANDLING))("%s", (key) => {
    const handling = HANDLING[key] as Handling;
    const other = (level: Level): Level => (level === "job" ? "template" : "job");
    switch (handling.kind) {
      case "setting": {
        const m = canonical(withAnnotation(handling.level, key, handling.value, handling.context));
        expect(m).not.toEqual(canonical(jobManifest(handling.context)));
        for (const zeroValues of [false, true]) {
          const { checked } = roundTrip(m, { zeroValues });
          expect(describedParts(checked.manifest)).toEqual(describedParts(m));
        }
        if (handling.foldedFrom) {
          expect(canonical(withAnnotation(handling.foldedFrom, key, handling.value, handling.context))).toEqual(m);
        } else {
          const misplaced = checkJobManifest(withAnnotation(other(handling.level), key, handling.value, handling.context));
          expect(misplaced.failures.map((f) => f.reason).join()).toContain("move it to");
        }
        return;
      }
      case "default": {
        expect(canonical(withAnnotation(handling.level, key, handling.value))).toEqual(canonical(jobManifest()));
        expect(checkJobManifest(withAnnotation(handling.level, key, handling.refusedValue)).failures).toHaveLength(1);
        return;
      }
      case "system":
        for (const level of ["job", "template"] as const) {
          expect(canonical(withAnnotation(level, key, "x"))).toEqual(canonical(jobManifest()));
        }
        return;
      case "refused":
        for (const level of ["job", "template"] as const) {
          const { failures } = checkJobManifest(withAnnotation(level, key, "1"));
          expect(failures).toHaveLength(1);
          expect(failures[0]?.property).toContain(key);
          expect(failures[0]?.reason).toContain("not an annotation Cloud Run accepts on a job");
        }
    }
  });

  it.each([...SYSTEM_ANNOTATIONS])("stamp %s is dropped at either level", (key) => {
    for (const level of ["job", "template"] as const) {
      expect(canonical(withAnnotation(level, key, "x"))).toEqual(canonical(jobManifest()));
    }
  });
});
