// zod schemas of a v1 task's volumes (secret, configMap, CSI, emptyDir, NFS), part of the v1 Job
// tree of provider/core/schema/v1.ts (same rules: strict objects, docs/architecture.md, facts:
// v1 Job schema); re-exported from there.
import { z } from "zod";
import { int32, onlyValue, refused, stringMapSchema } from "./helpers";

/** "must be a value between 01 and 0777 (octal)", 0 meaning the default. */
const fileMode = int32(0, 0o777, "file mode bits, 0 to 0777 octal; 0777 is 511 in decimal");

export const keyToPathSchema = z.strictObject({
  key: z.string().optional().meta({ description: "The secret version: `latest`, a number or an alias." }),
  path: z.string().optional(),
  mode: fileMode.optional(),
});

export const secretVolumeSourceSchema = z.strictObject({
  secretName: z.string().optional(),
  items: z.array(keyToPathSchema).optional(),
  defaultMode: fileMode.optional(),
  optional: onlyValue(false, "Cloud Run always requires the secret to exist: remove `optional`"),
});

export const csiVolumeSourceSchema = z.strictObject({
  driver: z.literal("gcsfuse.run.googleapis.com", {
    error: "Cloud Run only supports the `gcsfuse.run.googleapis.com` CSI driver (Cloud Storage volumes)",
  }),
  readOnly: z.boolean().optional(),
  volumeAttributes: stringMapSchema.optional().meta({ description: "`bucketName` and `mountOptions` (comma-separated)." }),
});

export const emptyDirVolumeSourceSchema = z.strictObject({
  medium: z.enum(["", "Memory"], { error: 'must be "" or `Memory`: Cloud Run keeps emptyDir volumes in memory' }).optional(),
  sizeLimit: z.string().optional(),
});

export const nfsVolumeSourceSchema = z.strictObject({
  server: z.string().optional(),
  path: z.string().optional(),
  readOnly: z.boolean().optional(),
});

export const volumeSchema = z.strictObject({
  name: z.string({ error: "is required: the name volume mounts refer to" }),
  secret: secretVolumeSourceSchema.optional(),
  emptyDir: emptyDirVolumeSourceSchema.optional(),
  nfs: nfsVolumeSourceSchema.optional(),
  csi: csiVolumeSourceSchema.optional(),
  configMap: refused("Cloud Run has no ConfigMaps: store the file in Secret Manager and mount it with a `secret` volume"),
});
