// Run by bench/run.mjs in fresh node processes from the repository root: the CPU time (not
// wall time, which the shared machine's load blurs) of loading each piece the provider
// process loads. Usage: node bench/lib/load-costs.cjs <piece>; prints JSON {piece, cpuMs, modules}.
"use strict";
const piece = process.argv[2];
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const before = Object.keys(require.cache).length;
const t0 = cpu();
const loaders = {
  zod: () => require("zod"),
  "zod locales": () => require("zod/v4/locales"),
  implementation: () => require("pulumi-cloudrun-jobs/impl"),
  "@google-cloud/run": () => require("@google-cloud/run"),
  "@google-cloud/run + JobsClient + ExecutionsClient": () => {
    const run = require("@google-cloud/run");
    const { grpc } = require("google-gax");
    const o = { apiEndpoint: "127.0.0.1", port: 1, sslCreds: grpc.credentials.createInsecure(), universeDomain: "googleapis.com" };
    new run.v2.JobsClient(o);
    new run.v2.ExecutionsClient(o);
  },
};
loaders[piece]();
const cpuMs = cpu() - t0;
process.stdout.write(JSON.stringify({ piece, cpuMs, modules: Object.keys(require.cache).length - before }));
process.exit(0);
