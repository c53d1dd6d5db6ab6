// node bench/create-cost.mjs [count]: the provider's own CPU per create, in this process
// (check + create of a Job against an in-process emulator, one after another), split into the
// first create (Google client loaded and built, protobuf code generated) and the rest. The
// emulator serves the calls in this process, so its share is in every figure; the bare
// JobsClient sending the same CreateJob gives the client's and the emulator's share alone.
import { requireFromRoot, quietly } from "./lib/common.mjs";

const count = Number(process.argv[2] ?? 100);
const { startEmulator } = requireFromRoot("./dist/emulator");
const emulator = await startEmulator({ quiet: true });
process.env.CLOUD_RUN_EMULATOR_HOST = emulator.address;
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const t0 = cpu();
const impl = requireFromRoot("pulumi-cloudrun-jobs/impl");
await impl.configure({ config: { get: (k) => ({ "gcp:project": "bench-cost", "gcp:region": "europe-west1" })[k] } });
const loaded = cpu();
const news = (i) => ({
  __logicalName: `job-${i}`,
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name: `job-${i}`, labels: { team: "bench" } },
  spec: { template: { spec: { template: { spec: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest", env: [{ name: "MODE", value: "batch" }] }] } } } } },
});
const marks = [];
await quietly(async () => {
  for (let i = 0; i < count; i++) {
    const a = cpu();
    const checked = await impl.check({}, news(i));
    const b = cpu();
    await impl.create(checked.inputs);
    marks.push({ check: b - a, create: cpu() - b });
  }
});
// The same CreateJob sent by the bare JobsClient (after a warm-up call): the client's and
// the emulator's share, without our mapping and outputs.
const { v2 } = requireFromRoot("@google-cloud/run");
const { grpc } = requireFromRoot("google-gax");
const client = new v2.JobsClient({ apiEndpoint: "127.0.0.1", port: emulator.port, sslCreds: grpc.credentials.createInsecure(), universeDomain: "googleapis.com" });
const raw = [];
for (let i = 0; i < count; i++) {
  const a = cpu();
  const [op] = await client.createJob({
    parent: "projects/bench-cost/locations/europe-west1",
    jobId: `raw-${i}`,
    job: { labels: { team: "bench" }, template: { template: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest", env: [{ name: "MODE", value: "batch" }] }] } } },
  });
  await op.promise(); // as the gateway does, even for an operation done at once
  raw.push(cpu() - a);
}
await client.close();
const rest = marks.slice(1);
const avg = (xs) => xs.reduce((x, y) => x + y, 0) / xs.length;
console.log(
  JSON.stringify({
    implLoadMs: Math.round(loaded - t0),
    firstCheckMs: Math.round(marks[0].check),
    firstCreateMs: Math.round(marks[0].create),
    laterCheckMs: +avg(rest.map((m) => m.check)).toFixed(2),
    laterCreateMsIncludingEmulator: +avg(rest.map((m) => m.create)).toFixed(2),
    bareClientCreateMsIncludingEmulator: +avg(raw.slice(1)).toFixed(2),
    calls: emulator.calls.snapshot(),
  }),
);
await emulator.stop();
process.exit(0);
