// Figure 4: what a resource costs in the state file.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./common.mjs";

/** Resources of a type in an exported deployment. */
export function resourcesOf(deployment, typeSuffix) {
  return (deployment.deployment?.resources ?? []).filter((r) => String(r.type).endsWith(typeSuffix));
}

export function stateFigures(deployment, typeSuffix) {
  const resources = resourcesOf(deployment, typeSuffix);
  const providers = new Set();
  let providerBytes = 0;
  for (const r of resources) {
    const text = r.outputs?.__provider ?? r.inputs?.__provider;
    providers.add(text);
    providerBytes += Buffer.byteLength(String(text));
  }
  const whole = Buffer.byteLength(JSON.stringify(deployment.deployment));
  const perResource = resources.map((r) => Buffer.byteLength(JSON.stringify(r)));
  return {
    count: resources.length,
    providerBytes: providerBytes / resources.length,
    distinctProviders: providers.size,
    providerText: [...providers][0],
    stateBytesPerResource: perResource.reduce((a, b) => a + b, 0) / resources.length,
    stateBytesTotal: whole,
  };
}

/** Local paths, user or host names that must not be in a text stored in the state. */
export function machineSpecifics(text) {
  const needles = [ROOT, os.homedir(), os.tmpdir(), os.hostname(), os.userInfo().username].filter((s) => s && s.length > 2 && s !== "/");
  return needles.filter((n) => text.includes(n));
}

/**
 * The Job's `__provider` as serialized in another checkout: the built package is copied to a
 * fresh folder and a fresh node process serializes the shim exactly the way
 * `dynamic.Resource` does. Returns the text.
 */
export function providerTextFromAnotherCheckout() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "crj-checkout-"));
  try {
    cpSync(path.join(ROOT, "dist"), path.join(dir, "dist"), { recursive: true });
    cpSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
    const script = `
      const path = require("path");
      const pulumi = require(${JSON.stringify(path.join(ROOT, "node_modules", "@pulumi", "pulumi"))});
      const provider = require(path.join(process.cwd(), "dist/provider/shim.js")).shim;
      pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true }).then((s) => process.stdout.write(s.text));`;
    return execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
