// Compile-time proof (tsc over test/) that a JobRun's plain override types
// (provider/core/run/public-types.ts) and the zod-inferred input agree both ways. Nothing here runs.
import type { z } from "zod";
import type { RunOverridesInput } from "../../../../provider/core/run/public-types";
import type { runOverridesSchema } from "../../../../provider/core/run/schema";

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const agree: Mutual<RunOverridesInput, z.input<typeof runOverridesSchema>> = true;
void agree;
