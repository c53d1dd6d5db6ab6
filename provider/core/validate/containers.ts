// Rules for a container's environment, mounts and probes, and for the task's volumes.
// The v2 required fields (job.proto, task_template.proto) and the field descriptions of the v1 discovery document.
import { parseQuantity } from "../quantities";
import type { ContainerManifest, ProbeManifest, VolumeManifest } from "../schema/v1";
import { UNKNOWN } from "../unknown";
import { keyPath, known, type Report } from "./common";

/** Environment variable names Cloud Run sets itself (https://cloud.google.com/run/docs/container-contract). */
const RESERVED_ENV = new Set([
  "CLOUD_RUN_JOB",
  "CLOUD_RUN_EXECUTION",
  "CLOUD_RUN_TASK_INDEX",
  "CLOUD_RUN_TASK_ATTEMPT",
  "CLOUD_RUN_TASK_COUNT",
]);

export function checkEnv(c: ContainerManifest, at: string, aliases: Map<string, string>, report: Report): void {
  const env = c.env ?? [];
  if (env.length > 1000) report(`${at}.env`, `${env.length} variables is more than 1000 per container: move some into a secret file`);
  const secretNames = new Set<string>();
  env.forEach((e, i) => {
    const eat = `${at}.env[${i}]`;
    if (RESERVED_ENV.has(e.name)) report(`${eat}.name`, `\`${e.name}\` is set by Cloud Run: use another name`);
    // A name with `=` cannot be expressed in a process environment (NAME=value) [I].
    if (known(e.name) && e.name.includes("=")) report(`${eat}.name`, `\`${e.name}\` contains \`=\`: environment variable names cannot`);
    if (e.value !== undefined && e.valueFrom !== undefined) {
      report(eat, "set either `value` or `valueFrom`, not both");
      return;
    }
    if (e.value !== undefined && known(e.value) && Buffer.byteLength(e.value) > 32768) {
      report(`${eat}.value`, "is longer than 32768 bytes: store it in Secret Manager and use `valueFrom.secretKeyRef`");
    }
    if (!e.valueFrom) return;
    const ref = e.valueFrom.secretKeyRef;
    if (!ref) {
      report(`${eat}.valueFrom`, "needs `secretKeyRef` (a Secret Manager secret and version)");
      return;
    }
    if (secretNames.has(e.name)) report(`${eat}.name`, `\`${e.name}\` is set from a secret twice: keep one`);
    secretNames.add(e.name);
    const name = ref.name ?? ref.localObjectReference?.name;
    if (ref.name !== undefined && ref.localObjectReference?.name !== undefined && ref.name !== ref.localObjectReference.name) {
      report(`${eat}.valueFrom.secretKeyRef.localObjectReference`, "disagrees with `name`: keep only `name`");
    }
    if (!name)
      report(
        `${eat}.valueFrom.secretKeyRef.name`,
        "is required: the Secret Manager secret (or an alias from `run.googleapis.com/secrets`)",
      );
    if (!ref.key) {
      report(`${eat}.valueFrom.secretKeyRef.key`, 'is required: the secret version, e.g. "latest" or "3"');
    }
    if (name && known(name)) checkSecretName(name, aliases, `${eat}.valueFrom.secretKeyRef.name`, report);
  });
}

function checkSecretName(name: string, aliases: Map<string, string>, at: string, report: Report): void {
  if (aliases.has(name)) return;
  if (name.startsWith("projects/") ? !/^projects\/[^/]+\/secrets\/[^/]+$/.test(name) : !/^[\w-]{1,255}$/.test(name)) {
    report(
      at,
      `\`${name}\` is not a secret: use a secret id, \`projects/<p>/secrets/<s>\`, or an alias from \`run.googleapis.com/secrets\``,
    );
  }
}

export function checkMounts(c: ContainerManifest, at: string, volumes: Map<string, VolumeManifest>, report: Report): void {
  const paths = new Set<string>();
  c.volumeMounts?.forEach((mount, i) => {
    const mat = `${at}.volumeMounts[${i}]`;
    if (!known(mount.name)) return;
    if (mount.name === "cloudsql") {
      report(
        `${mat}.name`,
        "`cloudsql` is reserved: Cloud SQL sockets are mounted at /cloudsql by the `run.googleapis.com/cloudsql-instances` annotation; remove this mount",
      );
      return;
    }
    const volume = volumes.get(mount.name);
    if (!volume && volumes.has(UNKNOWN)) return; // it may name the volume whose name is not known yet
    if (!volume) {
      const names = [...volumes.keys()];
      report(
        `${mat}.name`,
        `no volume is named \`${mount.name}\`: ${names.length ? `use one of ${names.map((n) => `\`${n}\``).join(", ")}` : "add it to `volumes`"}`,
      );
    } else {
      if (volume.secret && mount.subPath) {
        report(`${mat}.subPath`, "Cloud Run does not accept `subPath` on secret volumes: mount the volume and read the file by name");
      }
      // VolumeMount.readOnly is "Not used by Cloud Run": a read-only mount of a writable volume would be ignored.
      const readOnlyVolume = volume.secret !== undefined || volume.csi?.readOnly === true || volume.nfs?.readOnly === true;
      if (mount.readOnly === true && !readOnlyVolume) {
        report(`${mat}.readOnly`, "Cloud Run ignores `readOnly` on mounts: set `readOnly: true` on the volume (`csi`, `nfs`) instead");
      }
    }
    if (known(mount.mountPath)) {
      if (!mount.mountPath.startsWith("/")) report(`${mat}.mountPath`, "must be an absolute path, e.g. /data");
      if (paths.has(mount.mountPath)) report(`${mat}.mountPath`, `\`${mount.mountPath}\` is mounted twice: use one mount per path`);
      paths.add(mount.mountPath);
    }
  });
}

export function checkVolume(v: VolumeManifest, at: string, volumes: Map<string, VolumeManifest>, report: Report): void {
  if (v.name === "cloudsql") {
    report(`${at}.name`, "`cloudsql` is reserved: declare Cloud SQL instances with the `run.googleapis.com/cloudsql-instances` annotation");
  } else if (volumes.has(v.name) && known(v.name)) {
    report(`${at}.name`, `\`${v.name}\` names two volumes: give each a different name`);
  }
  volumes.set(v.name, v);
  const sources = (["secret", "emptyDir", "nfs", "csi"] as const).filter((k) => v[k] !== undefined);
  if (sources.length !== 1) {
    report(
      at,
      sources.length
        ? `has ${sources.join(" and ")}: a volume has exactly one source`
        : "needs a source: `secret`, `emptyDir`, `nfs` or `csi`",
    );
  }
  if (v.secret) {
    if (!v.secret.secretName)
      report(`${at}.secret.secretName`, "is required: the Secret Manager secret (or an alias from `run.googleapis.com/secrets`)");
    v.secret.items?.forEach((item, j) => {
      // "When items are defined, they must specify both a key and a path" (SecretVolumeSource.items).
      if (!item.key) report(`${at}.secret.items[${j}].key`, 'is required: the secret version, e.g. "latest"');
      if (!item.path) report(`${at}.secret.items[${j}].path`, "is required: the file name in the volume");
    });
  }
  if (v.nfs) {
    if (!v.nfs.server) report(`${at}.nfs.server`, "is required: the NFS server's host name or IP address");
    if (!v.nfs.path) report(`${at}.nfs.path`, "is required: the exported path, e.g. /share");
  }
  if (v.emptyDir?.sizeLimit !== undefined && known(v.emptyDir.sizeLimit) && parseQuantity(v.emptyDir.sizeLimit) === undefined) {
    report(`${at}.emptyDir.sizeLimit`, `\`${v.emptyDir.sizeLimit}\` is not a size: use e.g. "1Gi"`);
  }
  if (v.csi) {
    const attributes = v.csi.volumeAttributes ?? {};
    if (!attributes.bucketName) report(`${at}.csi.volumeAttributes.bucketName`, "is required: the Cloud Storage bucket to mount");
    for (const key of Object.keys(attributes)) {
      if (key !== "bucketName" && key !== "mountOptions") {
        report(`${at}.csi.volumeAttributes${keyPath(key)}`, "Cloud Storage volumes take only `bucketName` and `mountOptions`: remove it");
      }
    }
  }
}

export function checkProbe(p: ProbeManifest, at: string, startup: boolean, report: Report): void {
  const actions = (["httpGet", "tcpSocket", "grpc"] as const).filter((k) => p[k] !== undefined);
  if (actions.length !== 1) {
    report(
      at,
      actions.length ? `has ${actions.join(" and ")}: a probe has exactly one action` : "needs an action: `httpGet`, `tcpSocket` or `grpc`",
    );
  }
  if (startup) {
    if ((p.initialDelaySeconds ?? 0) > 240) report(`${at}.initialDelaySeconds`, "must be at most 240 for a startup probe");
    if ((p.periodSeconds ?? 0) > 240) report(`${at}.periodSeconds`, "must be at most 240 for a startup probe");
  }
  const timeout = p.timeoutSeconds;
  if (timeout !== undefined) {
    // "Must be smaller than period_seconds; if period_seconds is not set, must be less or equal than 10."
    if (p.periodSeconds !== undefined ? timeout >= p.periodSeconds : timeout > 10) {
      report(
        `${at}.timeoutSeconds`,
        p.periodSeconds !== undefined
          ? `must be less than periodSeconds (${p.periodSeconds})`
          : "must be at most 10 when periodSeconds is not set",
      );
    }
  }
}
