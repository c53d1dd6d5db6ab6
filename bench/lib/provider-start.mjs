// Figure 5: the provider process from its start to its first answered Diff. The real
// dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`, what the engine launches)
// is spawned with the repository root as its working directory; we wait for the port it
// prints, then speak pulumirpc.ResourceProvider to it as the engine does for a preview of one
// resource: Configure, Check, Diff (no change). The `__provider` text and the inputs come
// from a real stack's state, so the host deserializes and loads exactly what it would.
import { spawn } from "node:child_process";
import path from "node:path";
import { requireFromRoot, ROOT } from "./common.mjs";

const grpc = requireFromRoot("@grpc/grpc-js");
const pulumiDir = path.dirname(requireFromRoot.resolve("@pulumi/pulumi/package.json"));
const pulumiRequire = (p) => requireFromRoot(path.join(pulumiDir, p));
const provrpc = pulumiRequire("proto/provider_grpc_pb.js");
const provproto = pulumiRequire("proto/provider_pb.js");
// The google-protobuf copy the generated stubs use, so the messages are of one class.
const structproto = requireFromRoot(requireFromRoot.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));

function structOf(obj) {
  return structproto.Struct.fromJavaScript(obj);
}

function call(client, method, request) {
  return new Promise((resolve, reject) => client[method](request, (err, res) => (err ? reject(err) : resolve(res))));
}

/**
 * One cold start. `resource` is a state resource ({urn, id, inputs, outputs}); returns the
 * milliseconds from spawn to the answered Diff, and to the printed port.
 */
export async function providerStartToFirstDiff(resource, { emulatorHost, config, cpuProfDir } = {}) {
  const start = performance.now();
  const args = [
    ...(cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : []),
    path.join(pulumiDir, "cmd/dynamic-provider/index.js"),
    "127.0.0.1:1",
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, CLOUD_RUN_EMULATOR_HOST: emulatorHost ?? "", PULUMI_PROJECT: "crj-bench", PULUMI_STACK: "bench" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  try {
    const port = await new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`provider host exited ${code}: ${stderr}`)));
    });
    const portMs = performance.now() - start;
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const configure = new provproto.ConfigureRequest();
    configure.setArgs(structOf(config ?? {}));
    await call(client, "configure", configure);
    const check = new provproto.CheckRequest();
    check.setUrn(resource.urn);
    check.setOlds(structOf(resource.inputs));
    check.setNews(structOf(resource.inputs));
    const checked = await call(client, "check", check);
    const failures = checked.getFailuresList();
    if (failures.length) throw new Error(`check failed: ${failures.map((f) => f.getReason()).join("; ")}`);
    const diff = new provproto.DiffRequest();
    diff.setId(resource.id);
    diff.setUrn(resource.urn);
    diff.setOlds(structOf(resource.outputs));
    diff.setNews(checked.getInputs());
    const answer = await call(client, "diff", diff);
    const ms = performance.now() - start;
    client.close();
    const changes = answer.getChanges();
    if (changes !== provproto.DiffResponse.DiffChanges.DIFF_NONE) throw new Error(`diff reported changes (${changes})`);
    return { ms, portMs };
  } finally {
    await new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on("exit", resolve);
      child.kill("SIGTERM");
    });
  }
}
