// Figure 6: how soon a finished run is noticed, and how many calls the wait costs.
// Ours: the provider's own `check` + `create` of a Job carrying `runExecutionToken`, in this
// process (the code the provider host runs), against an emulator; it returns once the
// execution is done. Baseline: the real `@google-cloud/run` JobsClient with default settings,
// `createJob(...)` with the same token, then `operation.promise()` (gax's default LRO backoff:
// 100 ms × 1.3, capped at 60 s). Each side has its own emulator, so calls are counted apart.
// The execution's completion instant is taken from the emulator's store (a change listener),
// in real time.
import { quietly, requireFromRoot } from "./common.mjs";

const { startEmulator } = requireFromRoot("./dist/emulator");
const impl = requireFromRoot("pulumi-cloudrun-jobs/impl");
const { v2 } = requireFromRoot("@google-cloud/run");
const { grpc } = requireFromRoot("google-gax");

const PROJECT = "bench-latency";
const REGION = "europe-west1";

/** Real time at which each execution finished, by full name. */
function completionWatcher(emulator) {
  const done = new Map();
  const off = emulator.store.onChange(() => {
    for (const [name, rec] of emulator.store.executions) {
      if (!done.has(name) && rec.state !== "pending" && rec.state !== "running") done.set(name, Date.now());
    }
  });
  return { done, off };
}

async function ours(emulator, jobName) {
  const previous = process.env.CLOUD_RUN_EMULATOR_HOST;
  process.env.CLOUD_RUN_EMULATOR_HOST = emulator.address;
  try {
    const news = {
      __logicalName: jobName,
      project: PROJECT,
      region: REGION,
      apiVersion: "run.googleapis.com/v1",
      kind: "Job",
      metadata: { name: jobName },
      spec: {
        runExecutionToken: "t1",
        template: { spec: { template: { spec: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest" }] } } } },
      },
    };
    const checked = await impl.check({}, news);
    if (checked.failures?.length) throw new Error(JSON.stringify(checked.failures));
    const start = Date.now();
    const created = impl.create(checked.inputs); // the Gateway reads the endpoint synchronously here
    await quietly(() => created);
    return { start, end: Date.now() };
  } finally {
    process.env.CLOUD_RUN_EMULATOR_HOST = previous;
  }
}

async function baseline(client, jobName) {
  const start = Date.now();
  const [op] = await client.createJob({
    parent: `projects/${PROJECT}/locations/${REGION}`,
    jobId: jobName,
    job: {
      runExecutionToken: "t1",
      template: { template: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest" }] } },
    },
  });
  await op.promise();
  return { start, end: Date.now() };
}

/** Samples an emulator's call count (CreateJob aside) every 20 ms, with the real time. */
function callSampler(emulator) {
  const samples = [];
  const take = () => samples.push([Date.now(), emulator.calls.count("*") - emulator.calls.count("CreateJob")]);
  take();
  const timer = setInterval(take, 20);
  return {
    stop() {
      clearInterval(timer);
      take();
    },
    /** The most calls made in any 60 s window (a shorter wait is one window). */
    busiestMinute() {
      let most = 0;
      for (let i = 0, j = 0; i < samples.length; i++) {
        while (j + 1 < samples.length && samples[j + 1][0] <= samples[i][0] + 60_000) j++;
        most = Math.max(most, samples[j][1] - samples[i][1]);
      }
      return most;
    },
  };
}

/**
 * `reps` runs of each side at once (each on its own job), executions of `durationMs` emulated
 * ms on a clock `speed` times faster than real time.
 */
export async function measureRunLatency({ durationMs, speed, reps }) {
  const ourEmu = await startEmulator({ quiet: true, taskDurationMs: durationMs, speed });
  const baseEmu = await startEmulator({ quiet: true, taskDurationMs: durationMs, speed });
  const client = new v2.JobsClient({
    apiEndpoint: "127.0.0.1",
    port: baseEmu.port,
    sslCreds: grpc.credentials.createInsecure(),
    universeDomain: "googleapis.com",
  });
  const ourDone = completionWatcher(ourEmu);
  const baseDone = completionWatcher(baseEmu);
  const ourCalls = callSampler(ourEmu);
  const baseCalls = callSampler(baseEmu);
  try {
    const names = Array.from({ length: reps }, (_, i) => `lat-${i}`);
    const [ourRuns, baseRuns] = await Promise.all([
      Promise.all(names.map((n) => ours(ourEmu, n))),
      Promise.all(names.map((n) => baseline(client, n))),
    ]);
    ourCalls.stop();
    baseCalls.stop();
    const summarize = (runs, watcher, emulator, sampler) => {
      const lags = runs.map(
        (r, i) => r.end - watcher.done.get(`projects/${PROJECT}/locations/${REGION}/jobs/${names[i]}/executions/${names[i]}-t1`),
      );
      const waitMinutes = runs.reduce((sum, r) => sum + (r.end - r.start), 0) / 60_000;
      const calls = emulator.calls.snapshot();
      const total = emulator.calls.count("*") - emulator.calls.count("CreateJob");
      return {
        lags,
        // The runs go at once: the busiest minute of all of them, per run.
        busiestMinute: sampler.busiestMinute() / reps,
        meanPerMinute: total / waitMinutes,
        calls,
        waitSeconds: runs.map((r) => (r.end - r.start) / 1000),
      };
    };
    return { ours: summarize(ourRuns, ourDone, ourEmu, ourCalls), baseline: summarize(baseRuns, baseDone, baseEmu, baseCalls) };
  } finally {
    ourCalls.stop();
    baseCalls.stop();
    ourDone.off();
    baseDone.off();
    await client.close();
    await ourEmu.stop();
    await baseEmu.stop();
  }
}

/**
 * gax's default LRO polling in real time, as a model: delays 100 ms × 1.3 capped at 60 s.
 * Returns the lag between an operation finishing `durationMs` after it started and the poll
 * that sees it, and that schedule's polls per minute (for the figure run on a sped-up clock).
 */
export function modelGaxDefaultPolling(durationMs) {
  let t = 0;
  let delay = 100;
  let polls = 1; // gax polls once at once, then after each delay
  while (t < durationMs) {
    t += delay;
    polls++;
    delay = Math.min(delay * 1.3, 60_000);
  }
  return { lagMs: t - durationMs, callsPerMinute: polls / (t / 60_000) };
}
