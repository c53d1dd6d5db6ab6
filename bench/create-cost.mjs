// node bench/create-cost.mjs [count]: CPU per create in one process, against an in-process
// emulator (which serves every call, so its share is in every figure), in three layers sent
// alternately in rounds (the last round is reported, everything warm):
//   provider: the implementation's check + create of a Job (what the provider host runs)
//   gateway:  provider/cloud/gateway.ts `startCreateJob` + waitOperation with a v2 body (the client call as we make it)
//   bare:     @google-cloud/run JobsClient createJob + operation.promise() with defaults
// The first create through the provider (Google client loaded and built) is reported apart.
// Figure 10 of `npm run bench` runs it with 200.
import { cpuMs as cpu, quietly, requireFromRoot } from "./lib/common.mjs";

const count = Number(process.argv[2] ?? 100);
const { startEmulator } = requireFromRoot("./dist/emulator");
const emulator = await startEmulator({ quiet: true });
process.env.CLOUD_RUN_EMULATOR_HOST = emulator.address;
const PROJECT = "bench-cost";
const REGION = "europe-west1";
const image = "us-docker.pkg.dev/cloudrun/container/job:latest";
const manifest = (name) => ({
  __logicalName: name,
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name, labels: { team: "bench" } },
  spec: { template: { spec: { template: { spec: { containers: [{ image, env: [{ name: "MODE", value: "batch" }] }] } } } } },
});
const body = () => ({
  labels: { team: "bench" },
  template: { template: { containers: [{ image, env: [{ name: "MODE", value: "batch" }] }] } },
});

const t0 = cpu();
const impl = requireFromRoot("pulumi-cloudrun-jobs/impl");
await impl.configure({ config: { get: (k) => ({ "gcp:project": PROJECT, "gcp:region": REGION })[k] } });
const implLoadMs = cpu() - t0;
const t1 = cpu();
await quietly(async () => impl.create((await impl.check({}, manifest("first"))).inputs));
const firstCreateMs = cpu() - t1;

const { Gateway } = requireFromRoot("./dist/provider/cloud/gateway.js");
const { endpointFromEnv } = requireFromRoot("./dist/provider/cloud/clients.js");
const gateway = new Gateway(endpointFromEnv(process.env));
/** A create waited for to the end, as reconcile does for a job without a token. */
async function createAndWait(name) {
  const op = await gateway.startCreateJob(PROJECT, REGION, name, body());
  while (!op.done && !(await gateway.waitOperation(op.name, Date.now() + 15_000)).done) {
    /* keep waiting */
  }
  return op.result();
}
const { v2 } = requireFromRoot("@google-cloud/run");
const { grpc } = requireFromRoot("google-gax");
const client = new v2.JobsClient({
  apiEndpoint: "127.0.0.1",
  port: emulator.port,
  sslCreds: grpc.credentials.createInsecure(),
  universeDomain: "googleapis.com",
});

const layers = {
  provider: async (name) => {
    const checked = await impl.check({}, manifest(name));
    await impl.create(checked.inputs);
  },
  gateway: (name) => createAndWait(name),
  bare: async (name) => {
    const [op] = await client.createJob({ parent: `projects/${PROJECT}/locations/${REGION}`, jobId: name, job: body() });
    await op.promise();
  },
};
const result = {};
await quietly(async () => {
  for (let round = 0; round < 3; round++) {
    for (const [layer, fn] of Object.entries(layers)) {
      const a = cpu();
      for (let i = 0; i < count; i++) await fn(`${layer}-${round}-${i}`);
      result[layer] = +((cpu() - a) / count).toFixed(2);
    }
  }
});
console.log(
  JSON.stringify({
    implLoadMs: Math.round(implLoadMs),
    firstCreateMs: Math.round(firstCreateMs),
    cpuMsPerCreate: result,
    calls: emulator.calls.snapshot(),
  }),
);
await client.close();
await emulator.stop();
process.exit(0);
