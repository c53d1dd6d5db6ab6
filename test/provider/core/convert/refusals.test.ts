// What cannot become a v1 manifest is refused, naming the pulumi-gcp property (never the v1 path
// the user did not write) and why; nothing is converted then.
import { describe, expect, it } from "vitest";
import { fromCloudRunV2Job } from "../../../../provider/core/convert";
import { type GcpParts, gcpJob, IMAGE } from "./helpers";

const CASES: [string, unknown, string, RegExp][] = [
  [
    "an unknown field, with the key it probably meant",
    gcpJob({ container: { imagee: "x" } }),
    "template.template.containers[0].imagee",
    /^unknown key `imagee`: did you mean `image`\?$/,
  ],
  [
    "a field of cloudrunv2.Service, not of Job",
    gcpJob({ container: { resources: { limits: { cpu: "1" }, cpuIdle: true } } }),
    "template.template.containers[0].resources.cpuIdle",
    /^unknown key `cpuIdle`: expected one of `limits`$/,
  ],
  ["a value of the wrong type", gcpJob({ execution: { taskCount: "3" } }), "template.taskCount", /^must be a number$/],
  [
    "a launch stage a job cannot ask for",
    gcpJob({ job: { launchStage: "PRELAUNCH" } }),
    "launchStage",
    /not a launch stage a job can ask for/,
  ],
  [
    "the first generation execution environment (jobs run in gen2)",
    gcpJob({ task: { executionEnvironment: "EXECUTION_ENVIRONMENT_GEN1" } }),
    "template.template.executionEnvironment",
    /always run in the second generation/,
  ],
  ["a timeout in fractions of a second", gcpJob({ task: { timeout: "3.5s" } }), "template.template.timeout", /whole number of seconds/],
  [
    "both a value and a secret for one variable",
    gcpJob({ container: { envs: [{ name: "A", value: "x", valueSource: { secretKeyRef: { secret: "s", version: "1" } } }] } }),
    "template.template.containers[0].envs[0]",
    /both `value` and `valueSource`/,
  ],
  [
    "a secret reference without its version",
    gcpJob({ container: { envs: [{ name: "A", valueSource: { secretKeyRef: { secret: "s" } } }] } }),
    "template.template.containers[0].envs[0].valueSource.secretKeyRef.version",
    /is required: the secret version/,
  ],
  [
    "a Cloud SQL volume mounted elsewhere than /cloudsql",
    gcpJob({
      container: { volumeMounts: [{ name: "db", mountPath: "/sql" }] },
      task: { volumes: [{ name: "db", cloudSqlInstance: { instances: ["p:r:i"] } }] },
    }),
    "template.template.containers[0].volumeMounts[0].mountPath",
    /mounted at \/cloudsql/,
  ],
  [
    "a mount of a volume that does not exist, after a Cloud SQL mount left out (pulumi-gcp's index)",
    gcpJob({
      container: {
        volumeMounts: [
          { name: "db", mountPath: "/cloudsql" },
          { name: "nowhere", mountPath: "/data" },
        ],
      },
      task: { volumes: [{ name: "db", cloudSqlInstance: { instances: ["p:r:i"] } }] },
    }),
    "template.template.containers[0].volumeMounts[1].name",
    /no volume is named `nowhere`/,
  ],
  [
    "a volume with two sources",
    gcpJob({ task: { volumes: [{ name: "v", emptyDir: {}, nfs: { server: "10.0.0.2", path: "/x" } }] } }),
    "template.template.volumes[0]",
    /has emptyDir and nfs: a volume has exactly one source/,
  ],
  [
    "a Cloud Storage mount option with a comma",
    gcpJob({ task: { volumes: [{ name: "v", gcs: { bucket: "b", mountOptions: ["a,b"] } }] } }),
    "template.template.volumes[0].gcs.mountOptions[0]",
    /contains `,`/,
  ],
  [
    "parallelism above the task count",
    gcpJob({ execution: { taskCount: 2, parallelism: 5 } }),
    "template.parallelism",
    /5 is more than taskCount \(2\)/,
  ],
  [
    "a label in a namespace Cloud Run reserves",
    gcpJob({ job: { labels: { "run.googleapis.com/x": "y" } } }),
    'labels["run.googleapis.com/x"]',
    /reserves/,
  ],
  [
    "a setting annotation written as a user annotation",
    gcpJob({ execution: { annotations: { "run.googleapis.com/vpc-access-connector": "c" } } }),
    'template.annotations["run.googleapis.com/vpc-access-connector"]',
    /use the pulumi-gcp field it stands for/,
  ],
  [
    "two network interfaces",
    gcpJob({ task: { vpcAccess: { networkInterfaces: [{ network: "a" }, { network: "b" }] } } }),
    "template.template.vpcAccess.networkInterfaces",
    /only one network interface/,
  ],
  [
    "Binary Authorization with both the default and a policy",
    gcpJob({ job: { binaryAuthorization: { useDefault: true, policy: "projects/p/platforms/cloudRun/x" } } }),
    "binaryAuthorization",
    /`useDefault` or `policy`, not both/,
  ],
  [
    "a breakglass justification without Binary Authorization",
    gcpJob({ job: { binaryAuthorization: { breakglassJustification: "why" } } }),
    "binaryAuthorization.breakglassJustification",
    /needs Binary Authorization/,
  ],
  ["both execution tokens", gcpJob({ job: { startExecutionToken: "a", runExecutionToken: "b" } }), "runExecutionToken", /at most one of/],
  [
    "dependsOns on a container without a name",
    gcpJob({ container: { dependsOns: ["proxy"] } }),
    "template.template.containers[0].dependsOns",
    /needs the container's `name`/,
  ],
  [
    "a sandbox launcher",
    gcpJob({ container: { sandboxLauncher: true } }),
    "template.template.containers[0].sandboxLauncher",
    /no `sandboxLauncher`/,
  ],
  ["an invalid job name", gcpJob({ job: { name: "My_Job" } }), "name", /./],
  [
    "a GPU limit without the GPU type",
    gcpJob({ container: { resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" } } } }),
    "template.template.nodeSelector.accelerator",
    /needs the GPU type/,
  ],
  ["not an object", "a string", "(root)", /arguments of a gcp\.cloudrunv2\.Job/],
  ["no template", { name: "x", location: "europe-west1" }, "template", /is required/],
];

describe("refusals name the pulumi-gcp property", () => {
  it.each(CASES)("%s", (_, args, property, reason) => {
    const result = fromCloudRunV2Job(args);
    expect(result.manifest).toBeUndefined();
    expect(result.refusals).toContainEqual({ property, reason: expect.stringMatching(reason) });
  });

  it("refuses a Pulumi Output, which must be resolved first, naming where it is", () => {
    const output = { __pulumiOutput: true, apply: () => undefined };
    expect(fromCloudRunV2Job(output).refusals).toEqual([{ property: "(root)", reason: expect.stringMatching(/is a Pulumi Output/) }]);
    expect(fromCloudRunV2Job(gcpJob({ container: { image: output } })).refusals).toEqual([
      { property: "template.template.containers[0].image", reason: expect.stringMatching(/is a Pulumi Output/) },
    ]);
  });

  it("reads null and empty strings as unset, as a state's outputs write them", () => {
    const parts: GcpParts = {
      container: { workingDir: "", envs: [{ name: "A", value: "", valueSource: { secretKeyRef: { secret: "s", version: "1" } } }] },
      task: { vpcAccess: null, timeout: "", nodeSelector: null, executionEnvironment: "" },
    };
    const result = fromCloudRunV2Job(gcpJob(parts));
    expect(result.refusals).toEqual([]);
    expect(result.manifest?.spec.template.spec.template.spec).toEqual({
      containers: [{ image: IMAGE, env: [{ name: "A", valueFrom: { secretKeyRef: { name: "s", key: "1" } } }] }],
    });
  });
});
