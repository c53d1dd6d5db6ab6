// The canonical form of a task's volumes (secret, emptyDir, NFS, CSI): the rules are listed at
// the top of canonical/manifest.ts. Pure.
import { DEFAULT_SECRET_MODE } from "../defaults";
import { formatBytes, parseQuantity } from "../quantities";
import type { VolumeManifest } from "../schema/v1";
import { isUnknown } from "../unknown";
import { resolveAlias } from "./shape";

export function canonicalVolume(v: VolumeManifest, aliases: Map<string, string>): VolumeManifest {
  if (v.secret) {
    const s = v.secret;
    return {
      name: v.name,
      secret: {
        ...(s.secretName !== undefined ? { secretName: resolveAlias(s.secretName, aliases) } : {}),
        ...(s.items?.length
          ? {
              items: s.items.map((i) => ({
                ...(i.key !== undefined ? { key: i.key } : {}),
                ...(i.path !== undefined ? { path: i.path } : {}),
                ...(i.mode ? { mode: i.mode } : {}),
              })),
            }
          : {}),
        ...(s.defaultMode && s.defaultMode !== DEFAULT_SECRET_MODE ? { defaultMode: s.defaultMode } : {}),
      },
    };
  }
  if (v.emptyDir) {
    // Cloud Run keeps emptyDir volumes in memory: "" (the node's default medium) and `Memory` are
    // the same thing there, and the server echoes MEMORY for either (docs/architecture.md facts: server defaults), so `medium` is left out.
    const size = v.emptyDir.sizeLimit;
    const bytes = size !== undefined && !isUnknown(size) ? parseQuantity(size) : undefined;
    return { name: v.name, emptyDir: size ? { sizeLimit: bytes !== undefined ? formatBytes(bytes) : size } : {} };
  }
  if (v.nfs) {
    return {
      name: v.name,
      nfs: {
        ...(v.nfs.server !== undefined ? { server: v.nfs.server } : {}),
        ...(v.nfs.path !== undefined ? { path: v.nfs.path } : {}),
        ...(v.nfs.readOnly ? { readOnly: true } : {}),
      },
    };
  }
  if (v.csi) {
    const { mountOptions, ...attributes } = v.csi.volumeAttributes ?? {};
    // "mountOptions: comma-separated list of mount options" (CSIVolumeSource.volumeAttributes): one spelling.
    const options = mountOptions === undefined || isUnknown(mountOptions) ? mountOptions : splitOptions(mountOptions);
    const volumeAttributes: Record<string, string> = { ...attributes, ...(options ? { mountOptions: options } : {}) };
    return {
      name: v.name,
      csi: {
        driver: v.csi.driver,
        ...(v.csi.readOnly ? { readOnly: true } : {}),
        ...(Object.keys(volumeAttributes).length ? { volumeAttributes } : {}),
      },
    };
  }
  return { name: v.name };
}

function splitOptions(value: string): string {
  return value
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o.length > 0)
    .join(",");
}
