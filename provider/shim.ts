// The serialized dynamic provider (`__provider` in state). It captures nothing but the
// package name of the implementation and requires it inside each method, so the text is
// small, free of local paths and identical on every machine and checkout
// (../shared/reference/pulumi-dynamic-providers.md §1, "Recommended pattern").
import type * as pulumi from "@pulumi/pulumi";

type Impl = typeof import("./provider");

// A plain object literal with `require` inside the methods: the closure serializer emits it
// as source text with this one string captured.
export const jobProviderShim: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return (require("pulumi-cloudrun-jobs/provider") as Impl).configure(req);
  },
  async check(olds, news) {
    return (require("pulumi-cloudrun-jobs/provider") as Impl).check(olds, news);
  },
  async diff(id, olds, news) {
    return (require("pulumi-cloudrun-jobs/provider") as Impl).diff(id, olds, news);
  },
  async create(inputs) {
    return (require("pulumi-cloudrun-jobs/provider") as Impl).create(inputs);
  },
  async read(id, props) {
    return (require("pulumi-cloudrun-jobs/provider") as Impl).read(id, props ?? {});
  },
  async update(id, olds, news) {
    return (require("pulumi-cloudrun-jobs/provider") as Impl).update(id, olds, news);
  },
  async delete(id, props) {
    return (require("pulumi-cloudrun-jobs/provider") as Impl).delete(id, props);
  },
};
