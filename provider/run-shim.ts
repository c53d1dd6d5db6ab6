// The serialized dynamic provider of a JobRun (`__provider` in state), as small and as free of
// local paths as the Job's (shim.ts): it requires the implementation by package name when called.
import type * as pulumi from "@pulumi/pulumi";

type Impl = typeof import("./provider");

export const runShim: pulumi.dynamic.ResourceProvider = {
  configure: (r) => (require("pulumi-cloudrun-jobs/impl") as Impl).configure(r),
  check: (o, n) => (require("pulumi-cloudrun-jobs/impl") as Impl).runs.check(o, n),
  diff: (i, o, n) => (require("pulumi-cloudrun-jobs/impl") as Impl).runs.diff(i, o, n),
  create: (n) => (require("pulumi-cloudrun-jobs/impl") as Impl).runs.create(n),
  read: (i, p) => (require("pulumi-cloudrun-jobs/impl") as Impl).runs.read(i, p),
  update: (i, o, n) => (require("pulumi-cloudrun-jobs/impl") as Impl).runs.update(i, o, n),
  delete: (i, p) => (require("pulumi-cloudrun-jobs/impl") as Impl).runs.delete(i, p),
};
