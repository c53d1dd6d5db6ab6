// Validation rules of volumes and mounts: each refusal's message pinned, naming the property and
// the fix. One test per case (eachCase).
import { describe } from "vitest";
import { eachCase } from "./each-case";

describe("validation rules", () => {
  describe("volumes and mounts", () => {
    const mount = (name: string, mountPath = "/data") => ({ container: { volumeMounts: [{ name, mountPath }] } });
    eachCase({
      mountWithoutVolume: {
        manifest: { ...mount("data"), task: { volumes: [{ name: "other", emptyDir: {} }] } },
        failures: ["spec.template.spec.template.spec.containers[0].volumeMounts[0].name: no volume is named `data`: use one of `other`"],
      },
      mountNoVolumes: {
        manifest: mount("data"),
        failures: ["spec.template.spec.template.spec.containers[0].volumeMounts[0].name: no volume is named `data`: add it to `volumes`"],
      },
      mountCloudsql: {
        manifest: mount("cloudsql"),
        failures: [
          "spec.template.spec.template.spec.containers[0].volumeMounts[0].name: `cloudsql` is reserved: Cloud SQL sockets are mounted at /cloudsql by the `run.googleapis.com/cloudsql-instances` annotation; remove this mount",
        ],
      },
      relativeMountPath: {
        manifest: { ...mount("v", "data"), task: { volumes: [{ name: "v", emptyDir: {} }] } },
        failures: ["spec.template.spec.template.spec.containers[0].volumeMounts[0].mountPath: must be an absolute path, e.g. /data"],
      },
      colonInMountPath: {
        manifest: { ...mount("v", "/a:b"), task: { volumes: [{ name: "v", emptyDir: {} }] } },
        failures: ["spec.template.spec.template.spec.containers[0].volumeMounts[0].mountPath: must not contain `:`"],
      },
      twoMountsOnePath: {
        manifest: {
          container: {
            volumeMounts: [
              { name: "v", mountPath: "/d" },
              { name: "w", mountPath: "/d" },
            ],
          },
          task: {
            volumes: [
              { name: "v", emptyDir: {} },
              { name: "w", emptyDir: {} },
            ],
          },
        },
        failures: [
          "spec.template.spec.template.spec.containers[0].volumeMounts[1].mountPath: `/d` is mounted twice: use one mount per path",
        ],
      },
      subPathOnSecret: {
        manifest: {
          container: { volumeMounts: [{ name: "s", mountPath: "/s", subPath: "x" }] },
          task: { volumes: [{ name: "s", secret: { secretName: "s" } }] },
        },
        failures: [
          "spec.template.spec.template.spec.containers[0].volumeMounts[0].subPath: Cloud Run does not accept `subPath` on secret volumes: mount the volume and read the file by name",
        ],
      },
      volumeNamedCloudsql: {
        manifest: { task: { volumes: [{ name: "cloudsql", emptyDir: {} }] } },
        failures: [
          "spec.template.spec.template.spec.volumes[0].name: `cloudsql` is reserved: declare Cloud SQL instances with the `run.googleapis.com/cloudsql-instances` annotation",
        ],
      },
      duplicateVolume: {
        manifest: {
          task: {
            volumes: [
              { name: "v", emptyDir: {} },
              { name: "v", emptyDir: {} },
            ],
          },
        },
        failures: ["spec.template.spec.template.spec.volumes[1].name: `v` names two volumes: give each a different name"],
      },
      volumeWithoutSource: {
        manifest: { task: { volumes: [{ name: "v" }] } },
        failures: ["spec.template.spec.template.spec.volumes[0]: needs a source: `secret`, `emptyDir`, `nfs` or `csi`"],
      },
      volumeTwoSources: {
        manifest: { task: { volumes: [{ name: "v", emptyDir: {}, nfs: { server: "s", path: "/p" } }] } },
        failures: ["spec.template.spec.template.spec.volumes[0]: has emptyDir and nfs: a volume has exactly one source"],
      },
      secretWithoutSecretName: {
        manifest: { task: { volumes: [{ name: "v", secret: {} }] } },
        failures: [
          "spec.template.spec.template.spec.volumes[0].secret.secretName: is required: the Secret Manager secret (or an alias from `run.googleapis.com/secrets`)",
        ],
      },
      secretItemWithoutPath: {
        manifest: { task: { volumes: [{ name: "v", secret: { secretName: "s", items: [{ key: "latest" }] } }] } },
        failures: ["spec.template.spec.template.spec.volumes[0].secret.items[0].path: is required: the file name in the volume"],
      },
      secretModeTooBig: {
        manifest: { task: { volumes: [{ name: "v", secret: { secretName: "s", defaultMode: 777 } }] } },
        failures: [
          "spec.template.spec.template.spec.volumes[0].secret.defaultMode: must be between 0 and 511 (file mode bits, 0 to 0777 octal; 0777 is 511 in decimal), got 777",
        ],
      },
      nfsWithoutServer: {
        manifest: { task: { volumes: [{ name: "v", nfs: { path: "/p" } }] } },
        failures: ["spec.template.spec.template.spec.volumes[0].nfs.server: is required: the NFS server's host name or IP address"],
      },
      emptyDirBadSize: {
        manifest: { task: { volumes: [{ name: "v", emptyDir: { sizeLimit: "lots" } }] } },
        failures: ['spec.template.spec.template.spec.volumes[0].emptyDir.sizeLimit: `lots` is not a size: use e.g. "1Gi"'],
      },
      gcsWithoutBucket: {
        manifest: { task: { volumes: [{ name: "v", csi: { driver: "gcsfuse.run.googleapis.com" } }] } },
        failures: [
          "spec.template.spec.template.spec.volumes[0].csi.volumeAttributes.bucketName: is required: the Cloud Storage bucket to mount",
        ],
      },
      gcsUnknownAttribute: {
        manifest: {
          task: {
            volumes: [
              { name: "v", csi: { driver: "gcsfuse.run.googleapis.com", volumeAttributes: { bucketName: "b", cacheSize: "1Gi" } } },
            ],
          },
        },
        failures: [
          "spec.template.spec.template.spec.volumes[0].csi.volumeAttributes.cacheSize: Cloud Storage volumes take only `bucketName` and `mountOptions`: remove it",
        ],
      },
    });
  });
});
