// google.cloud.run.v2.Jobs: one handler per RPC over the store (IAM: iam.ts). docs/cloud-run-facts.md §2.1, §3.
import { aborted, alreadyExists, invalidArgument, notFound, type FieldViolation } from "../base/errors";
import { computeEtag } from "../model/etag";
import { materializeJob, tokenOf } from "../model/job";
import { JOB_ID, JOB_ID_MAX, jobName, parseJobName, parseParent, randomExecutionId, type JobName } from "../model/names";
import { applyOverrides, hasOverrides, validateOverrides } from "../model/overrides";
import { timestamp } from "../model/time";
import type {
  CreateJobRequest,
  DeleteJobRequest,
  GetJobRequest,
  Job,
  ListJobsRequest,
  Operation,
  RunJobRequest,
  UpdateJobRequest,
} from "../model/types";
import { validateJob } from "../model/validation";
import { buildExecution, persistExecution } from "../state/executions";
import { currentCaller } from "../state/identities";
import { EXECUTION_TYPE, JOB_TYPE, createOperation, renderOperation } from "../state/operations";
import type { JobRecord } from "../state/store";
import { checkLocation, operationFault, requirePermissions, type Core, type RpcTable } from "./context";
import { page } from "./paging";

/** Soft-deleted jobs stay listable with show_deleted for this long ([U]; our choice). */
const SOFT_DELETE_RETENTION_MS = 30 * 24 * 3600 * 1000;

const jobIdRule = `Resource name must use only lowercase letters, numbers and '-'. Must begin with a letter and cannot end with a '-'. Maximum length is ${JOB_ID_MAX} characters.`;

export class JobsService {
  constructor(private readonly core: Core) {}

  private get store() {
    return this.core.store;
  }

  /** Parses a job name or fails like Cloud Run: malformed → INVALID_ARGUMENT, unknown region → UNIMPLEMENTED. */
  private parseName(name: string, field: string, request: string): JobName {
    const parsed = parseJobName(name);
    if (!parsed) throw invalidArgument([{ field, description: "Must be projects/{project}/locations/{location}/jobs/{job}." }], request);
    checkLocation(this.core, parsed);
    return parsed;
  }

  private existing(name: string, parsed: JobName): JobRecord {
    const record = this.store.jobs.get(name);
    if (!record) throw notFound(parsed.job, "JOB", parsed.location, parsed.project);
    return record;
  }

  createJob(req: CreateJobRequest): Operation {
    const parent = parseParent(req.parent ?? "");
    const v: FieldViolation[] = [];
    if (!parent) v.push({ field: "parent", description: "Must be projects/{project}/locations/{location}." });
    const id = req.jobId ?? "";
    if (!id) v.push({ field: "job_id", description: "The job id is required." });
    else if (!JOB_ID.test(id) || id.length > JOB_ID_MAX) v.push({ field: "job_id", description: jobIdRule });
    if (v.length) throw invalidArgument(v, "CreateJobRequest");
    checkLocation(this.core, parent!);
    return this.create({ ...parent!, job: id }, req.job, !!req.validateOnly, "CreateJobRequest", "Jobs.CreateJob");
  }

  private create(name: JobName, body: Job | null | undefined, validateOnly: boolean, request: string, rpc: string): Operation {
    const v = validateJob(body, "job", name.job);
    if (v.length) throw invalidArgument(v, request);
    const fullName = jobName(name, name.job);
    // The v2 text seen by Terraform (§3.6 [V-obs]).
    if (this.store.jobs.has(fullName)) throw alreadyExists(fullName, `Job ${fullName} already exists.`);
    return this.saveJob(name, fullName, body!, validateOnly, rpc);
  }

  /** Stores a new or replaced job and starts the execution its token asks for (§3.7, §3.8). */
  private saveJob(name: JobName, fullName: string, body: Job, validateOnly: boolean, rpc: string, previous?: JobRecord): Operation {
    const token = tokenOf(body);
    const old = previous ? tokenOf(previous.job) : undefined;
    const sameToken = token && old && token.kind === old.kind && token.value === old.value;
    const executionId = token && !sameToken ? `${name.job}-${token.value}` : undefined;
    if (executionId && this.store.executions.has(`${fullName}/executions/${executionId}`)) throw alreadyExists(executionId);
    // Re-sending the token whose execution is still running keeps waiting for it.
    const inherited = sameToken ? previous?.awaiting : undefined;
    const now = this.store.clock.now();
    const failure = validateOnly ? undefined : operationFault(this.core, rpc);
    const job = materializeJob(
      body,
      name,
      fullName,
      now,
      {
        awaitsExecution: !!executionId || !!inherited,
        projectNumber: this.core.projects.numberOf(name.project),
        caller: currentCaller(),
        ...(failure ? { failure } : {}),
      },
      previous?.job,
    );
    if (validateOnly) {
      return renderOperation(
        this.store,
        createOperation(this.store, name, { type: JOB_TYPE, resource: fullName, snapshot: job, ephemeral: true }),
      );
    }
    const record: JobRecord = { job, seq: previous?.seq ?? this.store.nextSeq() };
    this.store.jobs.set(fullName, record);
    if (inherited && !failure) {
      record.awaiting = inherited;
      const op = createOperation(this.store, name, { type: JOB_TYPE, resource: fullName, snapshot: structuredClone(job), wait: inherited });
      this.store.changed();
      return renderOperation(this.store, op);
    }
    if (failure || !executionId) {
      const op = createOperation(this.store, name, {
        type: JOB_TYPE,
        resource: fullName,
        snapshot: structuredClone(job),
        ...(failure ? { error: failure } : {}),
      });
      this.store.changed();
      return renderOperation(this.store, op);
    }
    const built = buildExecution(this.store, job, executionId, job.template!);
    persistExecution(this.store, fullName, built);
    const wait = { execution: built.record.execution.name!, until: token!.kind === "start" ? ("started" as const) : ("finished" as const) };
    record.awaiting = wait;
    const op = createOperation(this.store, name, { type: JOB_TYPE, resource: fullName, snapshot: structuredClone(job), wait });
    this.store.changed();
    this.core.runner.start(built.record.execution.name!);
    return renderOperation(this.store, op);
  }

  getJob(req: GetJobRequest): Job {
    const name = req.name ?? "";
    return this.existing(name, this.parseName(name, "name", "GetJobRequest")).job;
  }

  listJobs(req: ListJobsRequest): { jobs: Job[]; nextPageToken: string } {
    const parent = parseParent(req.parent ?? "");
    if (!parent)
      throw invalidArgument([{ field: "parent", description: "Must be projects/{project}/locations/{location}." }], "ListJobsRequest");
    checkLocation(this.core, parent);
    const prefix = `${req.parent}/jobs/`;
    const now = this.store.clock.now().getTime();
    const live = [...this.store.jobs.values()];
    const deleted = req.showDeleted ? this.store.deletedJobs.filter((r) => Number(r.job.expireTime?.seconds ?? 0) * 1000 > now) : [];
    // "Results are sorted by creation time, descending" (§2.1).
    const sorted = [...live, ...deleted]
      .filter((r) => r.job.name!.startsWith(prefix))
      .sort((a, b) => Number(b.job.createTime?.seconds ?? 0) - Number(a.job.createTime?.seconds ?? 0) || b.seq - a.seq);
    const result = page(sorted, req.pageSize, req.pageToken, `jobs:${req.parent}:${!!req.showDeleted}`, "ListJobsRequest");
    return { jobs: result.items.map((r) => r.job), nextPageToken: result.nextPageToken };
  }

  updateJob(req: UpdateJobRequest): Operation {
    if (!req.job) throw invalidArgument([{ field: "job", description: "The job is required." }], "UpdateJobRequest");
    const name = req.job.name ?? "";
    const parsed = this.parseName(name, "job.name", "UpdateJobRequest");
    const current = this.store.jobs.get(name);
    if (!current) {
      // allow_missing: "if the Job does not exist, it will create a new one" (§3.5).
      if (!req.allowMissing) throw notFound(parsed.job, "JOB", parsed.location, parsed.project);
      return this.create(parsed, req.job, !!req.validateOnly, "UpdateJobRequest", "Jobs.UpdateJob");
    }
    const v = validateJob(req.job, "job", parsed.job);
    if (v.length) throw invalidArgument(v, "UpdateJobRequest");
    if (req.job.etag && req.job.etag !== current.job.etag) throw this.etagMismatch(name);
    return this.saveJob(parsed, name, req.job, !!req.validateOnly, "Jobs.UpdateJob", current);
  }

  private etagMismatch(name: string) {
    return aborted(`The etag provided does not match the current etag of ${name}. Read the resource again and retry.`);
  }

  deleteJob(req: DeleteJobRequest): Operation {
    const name = req.name ?? "";
    const parsed = this.parseName(name, "name", "DeleteJobRequest");
    const record = this.existing(name, parsed);
    if (req.etag && req.etag !== record.job.etag) throw this.etagMismatch(name);
    const now = this.store.clock.now();
    const deleted: Job = {
      ...structuredClone(record.job),
      deleteTime: timestamp(now),
      expireTime: timestamp(new Date(now.getTime() + SOFT_DELETE_RETENTION_MS)),
    };
    deleted.etag = computeEtag(deleted);
    if (req.validateOnly)
      return renderOperation(
        this.store,
        createOperation(this.store, parsed, { type: JOB_TYPE, resource: name, snapshot: deleted, ephemeral: true }),
      );
    const failure = operationFault(this.core, "Jobs.DeleteJob");
    if (failure)
      return renderOperation(
        this.store,
        createOperation(this.store, parsed, { type: JOB_TYPE, resource: name, snapshot: record.job, error: failure }),
      );
    // Deleting a job stops and removes its executions ([U] §6; our choice: allowed, like the console).
    for (const e of this.store.executionsOf(name)) this.core.runner.cancel(e.execution.name!);
    for (const e of this.store.executionsOf(name)) {
      this.store.deleteTasksOf(e.execution.name!);
      this.store.executions.delete(e.execution.name!);
    }
    this.store.jobs.delete(name);
    this.store.deletedJobs.push({ job: deleted, seq: record.seq });
    const op = createOperation(this.store, parsed, { type: JOB_TYPE, resource: name, snapshot: deleted });
    this.store.changed();
    return renderOperation(this.store, op);
  }

  runJob(req: RunJobRequest): Operation {
    const name = req.name ?? "";
    const parsed = this.parseName(name, "name", "RunJobRequest");
    const record = this.existing(name, parsed);
    if (req.etag && req.etag !== record.job.etag) throw this.etagMismatch(name);
    // What running needs: run.jobs.run, and run.jobs.runWithOverrides with overrides
    // (https://cloud.google.com/run/docs/execute/jobs, "Required roles").
    requirePermissions(this.core, name, hasOverrides(req.overrides) ? ["run.jobs.run", "run.jobs.runWithOverrides"] : ["run.jobs.run"]);
    const v = validateOverrides(req.overrides, record.job.template!);
    if (v.length) throw invalidArgument(v, "RunJobRequest");
    let executionId = randomExecutionId(parsed.job);
    while (this.store.executions.has(`${name}/executions/${executionId}`)) executionId = randomExecutionId(parsed.job);
    const template = applyOverrides(record.job.template!, req.overrides);
    const built = buildExecution(this.store, record.job, executionId, template);
    const executionName = built.record.execution.name!;
    if (req.validateOnly) {
      return renderOperation(
        this.store,
        createOperation(this.store, parsed, {
          type: EXECUTION_TYPE,
          resource: executionName,
          snapshot: built.record.execution,
          ephemeral: true,
        }),
      );
    }
    const failure = operationFault(this.core, "Jobs.RunJob");
    if (failure) built.record.forcedFailure = failure;
    persistExecution(this.store, name, built);
    // "the server drops it as soon as an execution is created any other way" (§3.8 [V-obs]).
    delete record.job.startExecutionToken;
    delete record.job.runExecutionToken;
    record.job.lastModifier = currentCaller();
    record.job.etag = computeEtag(record.job);
    // The Execution is the metadata from the first response; done when it finishes (§3.7).
    const op = createOperation(this.store, parsed, {
      type: EXECUTION_TYPE,
      resource: executionName,
      snapshot: structuredClone(built.record.execution),
      wait: { execution: executionName, until: "finished" },
    });
    this.store.changed();
    this.core.runner.start(executionName);
    return renderOperation(this.store, op);
  }
}

/** The RPC table of this service. */
export function jobsRpcs(core: Core): RpcTable {
  const service = new JobsService(core);
  return {
    CreateJob: (req: CreateJobRequest) => service.createJob(req),
    GetJob: (req: GetJobRequest) => service.getJob(req),
    ListJobs: (req: ListJobsRequest) => service.listJobs(req),
    UpdateJob: (req: UpdateJobRequest) => service.updateJob(req),
    DeleteJob: (req: DeleteJobRequest) => service.deleteJob(req),
    RunJob: (req: RunJobRequest) => service.runJob(req),
  };
}
