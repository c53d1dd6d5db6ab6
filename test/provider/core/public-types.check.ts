// Compile-time proof (checked by `npx tsc -p tsconfig.json --noEmit`, which includes test/) that
// the plain public types (provider/core/public-types.ts) and the zod-inferred ones are mutually
// assignable: neither accepts a manifest the other refuses. Nothing here runs.
import type { z } from "zod";
import type * as Plain from "../../../provider/core/public-types";
import type { jobArgsSchema } from "../../../provider/core/schema/v1";
import type { jobStatusSchema } from "../../../provider/core/schema/status";

/** `true` only when A and B are assignable to each other. */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const agree: {
  input: Mutual<Plain.JobManifestInput, z.input<typeof jobArgsSchema>>;
  output: Mutual<Plain.JobManifest, z.output<typeof jobArgsSchema>>;
  status: Mutual<Plain.JobStatus, z.output<typeof jobStatusSchema>>;
} = { input: true, output: true, status: true };
void agree;
