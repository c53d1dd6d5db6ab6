// pulumi-gcp's `template.template.volumes` → the v1 task's volumes. A Cloud SQL volume has no v1
// volume: its instances become the execution template's `run.googleapis.com/cloudsql-instances`
// annotation, and its mounts are left out (containers.ts), as this package's mapping reads a v2
// job back (mapping/from-api.ts) and writes one (mapping/to-api.ts, which mounts /cloudsql).
// Field names: the `volumes` block of the Terraform `google_cloud_run_v2_job` reference.
import type { GcpVolume } from "./schema";
import { refuse, TASK_AT, type Trail, type VolumeInput } from "./trail";

/** The one CSI driver v1 spells a Cloud Storage volume with (schema/volumes.ts). */
const GCS_DRIVER = "gcsfuse.run.googleapis.com";
const SOURCES = ["secret", "cloudSqlInstance", "emptyDir", "gcs", "nfs"] as const;

export interface CloudSqlVolumes {
  /** Names of the Cloud SQL volumes, whose mounts the manifest leaves out. */
  names: Set<string>;
  /** Their instances, in order, for `run.googleapis.com/cloudsql-instances`. */
  instances: string[];
  /** The pulumi-gcp path of the first one, which the annotation stands for. */
  at?: string;
}

export function toV1Volumes(volumes: GcpVolume[], t: Trail): { volumes: VolumeInput[]; cloudSql: CloudSqlVolumes } {
  const out: VolumeInput[] = [];
  const cloudSql: CloudSqlVolumes = { names: new Set(), instances: [] };
  volumes.forEach((v, i) => {
    const at = `${TASK_AT}.volumes[${i}]`;
    const sources = SOURCES.filter((s) => v[s] !== undefined);
    if (sources.length !== 1) {
      refuse(
        t,
        at,
        sources.length
          ? `has ${sources.join(" and ")}: a volume has exactly one source`
          : "needs a source: `secret`, `cloudSqlInstance`, `emptyDir`, `gcs` or `nfs`",
      );
      return;
    }
    if (v.cloudSqlInstance) {
      cloudSql.names.add(v.name);
      cloudSql.instances.push(...(v.cloudSqlInstance.instances ?? []));
      cloudSql.at ??= `${at}.cloudSqlInstance.instances`;
      return;
    }
    const volume = toV1Volume(v, at, t);
    if (!volume) return;
    out.push(volume);
    t.volumeIndex.push(i);
  });
  return { volumes: out, cloudSql };
}

function toV1Volume(v: GcpVolume, at: string, t: Trail): VolumeInput | undefined {
  if (v.secret) {
    const { secret, defaultMode, items } = v.secret;
    return {
      name: v.name,
      secret: {
        secretName: secret,
        // "the key will be used as the version to fetch from Cloud Secret Manager" (v1 KeyToPath.key).
        ...(items?.length
          ? {
              items: items.map((item) => ({
                path: item.path,
                ...(item.version !== undefined ? { key: item.version } : {}),
                ...(item.mode !== undefined ? { mode: item.mode } : {}),
              })),
            }
          : {}),
        ...(defaultMode !== undefined ? { defaultMode } : {}),
      },
    };
  }
  if (v.emptyDir) {
    // MEMORY is the only medium (the reference's `medium`), which v1 leaves out (canonical/volumes.ts).
    return { name: v.name, emptyDir: v.emptyDir.sizeLimit !== undefined ? { sizeLimit: v.emptyDir.sizeLimit } : {} };
  }
  if (v.nfs) {
    const { server, path, readOnly } = v.nfs;
    return { name: v.name, nfs: { server, ...(path !== undefined ? { path } : {}), ...(readOnly ? { readOnly } : {}) } };
  }
  const gcs = v.gcs!;
  // v1 spells the options as one comma-separated attribute (CSIVolumeSource.volumeAttributes).
  const withComma = (gcs.mountOptions ?? []).findIndex((o) => o.includes(","));
  if (withComma >= 0) {
    refuse(t, `${at}.gcs.mountOptions[${withComma}]`, "contains `,`: v1 writes mount options as one comma-separated list");
    return undefined;
  }
  return {
    name: v.name,
    csi: {
      driver: GCS_DRIVER,
      ...(gcs.readOnly ? { readOnly: true } : {}),
      volumeAttributes: { bucketName: gcs.bucket, ...(gcs.mountOptions?.length ? { mountOptions: gcs.mountOptions.join(",") } : {}) },
    },
  };
}
