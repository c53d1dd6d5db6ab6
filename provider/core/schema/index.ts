// The zod schemas of the resource's inputs (v1.ts, with volumes.ts) and of the v1 status the
// outputs carry (status.ts): the single source of the manifest's types.
export * from "./v1";
export * from "./status";
