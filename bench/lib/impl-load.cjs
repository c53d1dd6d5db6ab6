// Run by bench/run.mjs in a fresh node process from the repository root: what loading the
// implementation and answering a first check + diff costs, and whether that pulled in the
// Google client (it must not: the client is loaded at the first API call). Prints JSON.
"use strict";
const pkgOf = (file) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return m ? m[1] : "pulumi-cloudrun-jobs";
};
(async () => {
  const t0 = performance.now();
  const impl = require("pulumi-cloudrun-jobs/impl");
  const requireMs = performance.now() - t0;
  await impl.configure({ config: { get: (k) => ({ "gcp:project": "bench-p", "gcp:region": "europe-west1" })[k] } });
  const news = {
    __logicalName: "job-0",
    apiVersion: "run.googleapis.com/v1",
    kind: "Job",
    metadata: { name: "job-0" },
    spec: { template: { spec: { template: { spec: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest" }] } } } } },
  };
  const t1 = performance.now();
  const checked = await impl.check({}, news);
  await impl.diff("id", checked.inputs, checked.inputs);
  const firstMs = performance.now() - t1;
  const t2 = performance.now();
  for (let i = 0; i < 100; i++) await impl.diff("id", checked.inputs, (await impl.check({}, news)).inputs);
  const hundredMs = performance.now() - t2;
  const packages = {};
  for (const file of Object.keys(require.cache)) packages[pkgOf(file)] = (packages[pkgOf(file)] ?? 0) + 1;
  process.stdout.write(
    JSON.stringify({
      requireMs,
      firstMs,
      hundredMs,
      packages,
      googleClientLoaded: Boolean(packages["@google-cloud/run"] || packages["google-gax"]),
    }),
  );
})();
