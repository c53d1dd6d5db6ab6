// Run by bench/run.mjs in fresh node processes from the repository root: the CPU time (not
// wall time, which the shared machine's load blurs) of loading each piece the provider
// process loads. Usage: node bench/lib/load-costs.cjs <piece>; prints JSON {piece, cpuMs, modules}.
"use strict";
const piece = process.argv[2];
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const path = require("node:path");
// What a program has loaded before it requires our package.
if (piece.startsWith("package in a program")) require("@pulumi/pulumi");
const before = Object.keys(require.cache).length;
const t0 = cpu();
const clientOptions = () => {
  const { grpc } = require("google-gax");
  return { apiEndpoint: "127.0.0.1", port: 1, sslCreds: grpc.credentials.createInsecure(), universeDomain: "googleapis.com" };
};
const loaders = {
  "package in a program (after @pulumi/pulumi)": () => require("pulumi-cloudrun-jobs"),
  "zod (CommonJS entry, every locale)": () => require("zod"),
  "implementation (the bundle the provider process loads)": () => require("pulumi-cloudrun-jobs/impl"),
  "implementation unbundled (tsc output, as before)": () => require(path.join(process.cwd(), "dist", "provider", "provider.js")),
  // provider/cloud/clients.ts: the JobsClient without the package index, built with the lean
  // gax module (lean-gax.ts); the ExecutionsClient waits for a run.
  "Google client as the gateway makes it (JobsClient)": () => {
    require(path.join(process.cwd(), "dist", "provider", "cloud", "clients.js")).clientsFor({ emulatorHost: "127.0.0.1:1" });
  },
  "Google client, JobsClient with its own gax (before lean-gax.ts)": () => {
    const { JobsClient } = require("@google-cloud/run/build/src/v2/jobs_client");
    new JobsClient(clientOptions());
  },
  "Google client through the package index, both clients (as before)": () => {
    const run = require("@google-cloud/run");
    const o = clientOptions();
    new run.v2.JobsClient(o);
    new run.v2.ExecutionsClient(o);
  },
};
loaders[piece]();
const cpuMs = cpu() - t0;
process.stdout.write(JSON.stringify({ piece, cpuMs, modules: Object.keys(require.cache).length - before }));
process.exit(0);
