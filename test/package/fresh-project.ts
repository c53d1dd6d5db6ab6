// A Pulumi TypeScript project laid out the way `pulumi new typescript` lays it out (Pulumi.yaml,
// package.json, tsconfig.json, index.ts), for the package test to install the tarball into.
import { writeFileSync } from "node:fs";
import path from "node:path";

export const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Job } from "pulumi-cloudrun-jobs";

const config = new pulumi.Config("gcp");

const hello = new Job("hello", {
  project: config.require("project"),
  region: config.require("region"),
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name: "hello", labels: { from: "tarball" } },
  spec: { template: { spec: { template: { spec: {
    containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest" }],
  } } } } },
});

export const id = hello.id;
export const status = hello.status;
`;

export function writeFreshProject(dir: string, name: string): void {
  const files: Record<string, string> = {
    "Pulumi.yaml": `name: ${name}\ndescription: A fresh project that uses pulumi-cloudrun-jobs from its tarball\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n`,
    "package.json": JSON.stringify(
      {
        name,
        main: "index.ts",
        devDependencies: { "@types/node": "^22.0.0", typescript: "^5.9.3" },
        dependencies: { "@pulumi/pulumi": "^3.276.0" },
      },
      null,
      2,
    ),
    // The compiler options of the template, as `pulumi new typescript` writes them.
    "tsconfig.json": JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          outDir: "bin",
          target: "es2020",
          module: "commonjs",
          moduleResolution: "node",
          sourceMap: true,
          experimentalDecorators: true,
          pretty: true,
          noFallthroughCasesInSwitch: true,
          noImplicitReturns: true,
          forceConsistentCasingInFileNames: true,
        },
        files: ["index.ts"],
      },
      null,
      2,
    ),
    "index.ts": PROGRAM,
  };
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
}
