// A stand-in for the Pulumi engine's side of a dynamic resource, enough to drive the provider
// in-process (createProvider over a gateway to an in-process emulator): check, then create or
// diff + update, recording what the engine records, partial failures included (their id and
// properties are kept and the next `up` calls update even without a diff, as the engine does
// for a resource with init errors).
import type { JobProvider } from "../../../provider/provider";

type Props = Record<string, unknown>;

export interface ResourceState {
  id?: string;
  inputs?: Props;
  outputs?: Props;
  /** Reasons of the last partial failure; the next up updates even without changes. */
  initErrors?: string[];
}

interface PartialFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

function isPartialFailure(err: unknown): err is PartialFailure {
  return typeof err === "object" && err !== null && "id" in err && "properties" in err && "reasons" in err;
}

export class EngineDouble {
  state: ResourceState = {};

  constructor(
    private readonly provider: JobProvider,
    /** What the program declares, as the Job class sends it. */
    private readonly program: () => Props,
  ) {}

  /** `pulumi up`: rejects like the engine does when the provider fails. */
  async up(): Promise<void> {
    const checked = await this.provider.check(this.state.inputs ?? {}, this.program());
    if (checked.failures?.length) throw new Error(`check: ${JSON.stringify(checked.failures)}`);
    const inputs = { ...checked.inputs, __provider: "shim" };
    try {
      if (!this.state.id) {
        const created = await this.provider.create(inputs);
        this.state = { id: created.id, inputs, outputs: created.outs as Props };
        return;
      }
      const diff = await this.provider.diff(this.state.id, this.state.outputs ?? {}, inputs);
      if (diff.replaces?.length) {
        // The engine checks a replacement again with no old inputs, then creates the new job
        // before it deletes the old one, unless the provider asks for the other order.
        const again = await this.provider.check({}, this.program());
        const fresh = { ...again.inputs, __provider: "shim" };
        const old = this.state;
        if (diff.deleteBeforeReplace) await this.provider.delete(old.id!, old.outputs ?? {});
        const created = await this.provider.create(fresh);
        this.state = { id: created.id, inputs: fresh, outputs: created.outs as Props };
        if (!diff.deleteBeforeReplace) await this.provider.delete(old.id!, old.outputs ?? {});
        return;
      }
      if (!diff.changes && !this.state.initErrors) {
        this.state = { ...this.state, inputs };
        return;
      }
      const updated = await this.provider.update(this.state.id, this.state.outputs ?? {}, inputs);
      this.state = { id: this.state.id, inputs, outputs: updated.outs as Props };
    } catch (err) {
      if (isPartialFailure(err)) this.state = { id: err.id, inputs, outputs: err.properties, initErrors: err.reasons };
      throw err;
    }
  }

  /** `pulumi destroy`. */
  async destroy(): Promise<void> {
    if (!this.state.id) return;
    await this.provider.delete(this.state.id, this.state.outputs ?? {});
    this.state = {};
  }

  /** `pulumi refresh`: the state takes the inputs and outputs read gives back, as the engine does (3.216+). */
  async refresh(): Promise<boolean> {
    if (!this.state.id) return false;
    const read = await this.provider.read(this.state.id, this.state.outputs ?? {});
    if (!read.id) {
      this.state = {};
      return false;
    }
    this.state = { ...this.state, inputs: { ...(read.inputs as Props), __provider: "shim" }, outputs: read.props as Props };
    return true;
  }

  /**
   * `pulumi preview`: check against the state's inputs, then diff against its outputs; on a
   * replacement the engine checks again with no old inputs (pulumi/pulumi step_generator.go).
   */
  async preview(): Promise<{ changes: boolean; replaces: string[]; name: unknown }> {
    const checked = await this.provider.check(this.state.inputs ?? {}, this.program());
    if (checked.failures?.length) throw new Error(`check: ${JSON.stringify(checked.failures)}`);
    if (!this.state.id) return { changes: true, replaces: [], name: checked.inputs.name };
    const diff = await this.provider.diff(this.state.id, this.state.outputs ?? {}, { ...checked.inputs, __provider: "shim" });
    const replaces = diff.replaces ?? [];
    if (!replaces.length) return { changes: diff.changes !== false, replaces, name: checked.inputs.name };
    const again = await this.provider.check({}, this.program());
    return { changes: true, replaces, name: again.inputs.name };
  }

  /** `pulumi refresh` then `pulumi preview`: true when the job is there and the preview shows no changes. */
  async refreshShowsNoChanges(): Promise<boolean> {
    if (!(await this.refresh())) return false;
    return !(await this.preview()).changes;
  }
}
