// The floor's implementation: a dynamic provider that does nothing. check echoes the
// inputs, diff reports a change exactly when the inputs differ from the state (one JSON
// comparison, so that an update of the floor is an update too), create returns an id and echoes the inputs, read echoes
// the state. Loaded by the floor's shim from the provider process's working directory (the
// repository root), as the Job's shim loads `pulumi-cloudrun-jobs/impl`.

exports.configure = async () => {};
exports.check = async (_olds, news) => ({ inputs: news });
exports.diff = async (_id, olds, news) => ({ changes: JSON.stringify(olds) !== JSON.stringify(news) });
exports.create = async (inputs) => ({ id: `noop-${String(inputs.__logicalName)}`, outs: inputs });
exports.read = async (id, props) => ({ id, props });
exports.update = async (_id, _olds, news) => ({ outs: news });
exports.delete = async () => {};
