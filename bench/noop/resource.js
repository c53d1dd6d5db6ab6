// The floor: a no-op dynamic resource, the fair twin of `Job`. Its serialized provider has
// the same shape as provider/shim.ts (an object of tiny arrows that require the
// implementation when called), and it is given the very same manifest as inputs, so
// whatever it costs is the engine's own cost of a dynamic resource of that size.

const pulumi = require("@pulumi/pulumi");

const noopShim = {
  configure: (r) => require("./bench/noop/impl.js").configure(r),
  check: (o, n) => require("./bench/noop/impl.js").check(o, n),
  diff: (i, o, n) => require("./bench/noop/impl.js").diff(i, o, n),
  create: (n) => require("./bench/noop/impl.js").create(n),
  read: (i, p) => require("./bench/noop/impl.js").read(i, p),
  update: (i, o, n) => require("./bench/noop/impl.js").update(i, o, n),
  delete: (i, p) => require("./bench/noop/impl.js").delete(i, p),
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(noopShim, name, { ...(args ?? {}), __logicalName: name }, opts, "bench", "Noop");
  }
}

module.exports = { Noop };
