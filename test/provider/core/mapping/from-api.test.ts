// Reading a v2 job back as v1: a Cloud SQL volume is the `run.googleapis.com/cloudsql-instances`
// annotation whatever the volume is called (another client, pulumi-gcp for one, names it), and
// its mounts go with it.
import { describe, expect, it } from "vitest";
import { fromApiJob } from "../../../../provider/core/mapping";
import { serverEcho } from "../helpers/server-echo";

const IMAGE = "us-docker.pkg.dev/cloudrun/container/job:latest";

describe("fromApiJob and Cloud SQL volumes", () => {
  it.each(["cloudsql", "db"])("leaves out a Cloud SQL volume named %s and its mounts", (name) => {
    const back = fromApiJob(
      serverEcho({
        template: {
          template: {
            containers: [
              {
                name: "app",
                image: IMAGE,
                volumeMounts: [
                  { name, mountPath: "/cloudsql" },
                  { name: "scratch", mountPath: "/scratch" },
                ],
              },
              { name: "sidecar", image: IMAGE },
            ],
            volumes: [
              { name, cloudSqlInstance: { instances: ["p:r:main"] } },
              { name: "scratch", emptyDir: {} },
            ],
          },
        },
      }),
    );
    expect(back.spec.template.metadata?.annotations).toEqual({ "run.googleapis.com/cloudsql-instances": "p:r:main" });
    const task = back.spec.template.spec.template.spec;
    expect(task.volumes).toEqual([{ name: "scratch", emptyDir: {} }]);
    expect(task.containers.map((c) => c.volumeMounts)).toEqual([[{ name: "scratch", mountPath: "/scratch" }], undefined]);
  });
});
