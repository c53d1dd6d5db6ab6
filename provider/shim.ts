// The serialized dynamic provider (`__provider` in state). It captures nothing but the
// package name of the implementation and requires it when called, so the text is small
// (about 2 KB), free of local paths and identical on every machine and checkout
// (docs/architecture.md, facts: Pulumi dynamic providers). The
// implementation is resolved from the program's working directory by the provider process.
// Every function here is serialized as source text, each with ~200 bytes of wrapping: keep
// them tiny, self-contained arrows (a shared helper would cost another function).
import type * as pulumi from "@pulumi/pulumi";

type Impl = typeof import("./provider");

export const shim: pulumi.dynamic.ResourceProvider = {
  configure: (r) => (require("pulumi-cloudrun-jobs/impl") as Impl).configure(r),
  check: (o, n) => (require("pulumi-cloudrun-jobs/impl") as Impl).check(o, n),
  diff: (i, o, n) => (require("pulumi-cloudrun-jobs/impl") as Impl).diff(i, o, n),
  create: (n) => (require("pulumi-cloudrun-jobs/impl") as Impl).create(n),
  read: (i, p) => (require("pulumi-cloudrun-jobs/impl") as Impl).read(i, p),
  update: (i, o, n) => (require("pulumi-cloudrun-jobs/impl") as Impl).update(i, o, n),
  delete: (i, p) => (require("pulumi-cloudrun-jobs/impl") as Impl).delete(i, p),
};
