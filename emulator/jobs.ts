// google.cloud.run.v2.Jobs: one handler per RPC over the store.
import { randomUUID } from "node:crypto";
import { applyJobDefaults } from "./defaults";
import { alreadyExists, invalidArgument, notFound, aborted, type FieldViolation } from "./errors";
import { JOB_ID, JOB_ID_MAX, operationName, parseJobName, parseParent } from "./names";
import { type Job, type Operation, type Store, timestamp } from "./store";
import { packAny } from "./protos";
import type { protos } from "@google-cloud/run";

type v2 = typeof protos.google.cloud.run.v2;
type CreateJobRequest = InstanceType<v2["CreateJobRequest"]>;
type GetJobRequest = InstanceType<v2["GetJobRequest"]>;
type UpdateJobRequest = InstanceType<v2["UpdateJobRequest"]>;
type DeleteJobRequest = InstanceType<v2["DeleteJobRequest"]>;
type ListJobsRequest = InstanceType<v2["ListJobsRequest"]>;

const EMULATOR_PRINCIPAL = "emulator@cloudrun.local";

function validateJobBody(job: Job | null | undefined, prefix: string): FieldViolation[] {
  const v: FieldViolation[] = [];
  if (!job) return [{ field: prefix, description: "is required" }];
  if (!job.template) v.push({ field: `${prefix}.template`, description: "is required" });
  else if (!job.template.template) v.push({ field: `${prefix}.template.template`, description: "is required" });
  else {
    const containers = job.template.template.containers ?? [];
    if (containers.length === 0) {
      v.push({ field: `${prefix}.template.template.containers`, description: "at least one container is required" });
    }
    containers.forEach((c, i) => {
      if (!c.image) v.push({ field: `${prefix}.template.template.containers[${i}].image`, description: "is required" });
    });
  }
  return v;
}

function newEtag(): string {
  return `"${randomUUID().replace(/-/g, "").slice(0, 20)}"`;
}

export class JobsService {
  constructor(private readonly store: Store) {}

  private doneOperation(project: string, location: string, job: Job): Operation {
    const op: Operation = {
      name: operationName(project, location),
      metadata: packAny("google.cloud.run.v2.Job", job),
      done: true,
      response: packAny("google.cloud.run.v2.Job", job),
    };
    this.store.operations.set(op.name!, op);
    return op;
  }

  createJob(req: CreateJobRequest): Operation {
    const parent = parseParent(req.parent ?? "");
    const violations: FieldViolation[] = [];
    if (!parent) violations.push({ field: "parent", description: "must be projects/{project}/locations/{location}" });
    const id = req.jobId ?? "";
    if (!id) violations.push({ field: "job_id", description: "is required" });
    else if (!JOB_ID.test(id) || id.length > JOB_ID_MAX) {
      violations.push({
        field: "job_id",
        description: `Resource name must use only lowercase letters, numbers and '-'. Must begin with a letter and cannot end with a '-'. Maximum length is ${JOB_ID_MAX} characters.`,
      });
    }
    violations.push(...validateJobBody(req.job, "job"));
    if (violations.length) throw invalidArgument(violations, "CreateJobRequest");
    const name = `${req.parent}/jobs/${id}`;
    if (this.store.jobs.has(name)) throw alreadyExists(name);
    const now = timestamp(this.store.clock.now());
    const job: Job = {
      ...applyJobDefaults(req.job!, parent!.project),
      name,
      uid: randomUUID(),
      generation: "1",
      observedGeneration: "1",
      createTime: now,
      updateTime: now,
      creator: EMULATOR_PRINCIPAL,
      lastModifier: EMULATOR_PRINCIPAL,
      reconciling: false,
      executionCount: 0,
      terminalCondition: { type: "Ready", state: "CONDITION_SUCCEEDED", lastTransitionTime: now },
      conditions: [],
      etag: newEtag(),
    };
    if (!req.validateOnly) this.store.jobs.set(name, job);
    return this.doneOperation(parent!.project, parent!.location, job);
  }

  getJob(req: GetJobRequest): Job {
    const job = this.store.jobs.get(req.name ?? "");
    if (!job) throw notFound(req.name ?? "");
    return job;
  }

  listJobs(req: ListJobsRequest): { jobs: Job[]; nextPageToken: string } {
    const prefix = `${req.parent}/jobs/`;
    const jobs = [...this.store.jobs.values()].filter((j) => j.name!.startsWith(prefix)).reverse();
    return { jobs, nextPageToken: "" };
  }

  updateJob(req: UpdateJobRequest): Operation {
    const name = req.job?.name ?? "";
    const parsed = parseJobName(name);
    if (!parsed) throw invalidArgument([{ field: "job.name", description: "must be projects/{project}/locations/{location}/jobs/{job}" }], "UpdateJobRequest");
    const violations = validateJobBody(req.job, "job");
    if (violations.length) throw invalidArgument(violations, "UpdateJobRequest");
    const current = this.store.jobs.get(name);
    if (!current) {
      if (!req.allowMissing) throw notFound(name);
      const { name: _n, ...body } = req.job!;
      return this.createJob({ parent: `projects/${parsed.project}/locations/${parsed.location}`, jobId: parsed.job, job: body, validateOnly: req.validateOnly } as CreateJobRequest);
    }
    if (req.job!.etag && req.job!.etag !== current.etag) {
      throw aborted(`The etag "${req.job!.etag}" does not match the current etag of ${name}; read the job again and retry.`);
    }
    const generation = String(Number(current.generation ?? 0) + 1);
    const now = timestamp(this.store.clock.now());
    const job: Job = {
      ...applyJobDefaults(req.job!, parsed.project),
      name,
      uid: current.uid,
      generation,
      observedGeneration: generation,
      createTime: current.createTime,
      updateTime: now,
      creator: current.creator,
      lastModifier: EMULATOR_PRINCIPAL,
      reconciling: false,
      executionCount: current.executionCount,
      latestCreatedExecution: current.latestCreatedExecution,
      terminalCondition: current.terminalCondition,
      conditions: [],
      etag: newEtag(),
    };
    if (!req.validateOnly) this.store.jobs.set(name, job);
    return this.doneOperation(parsed.project, parsed.location, job);
  }

  deleteJob(req: DeleteJobRequest): Operation {
    const name = req.name ?? "";
    const job = this.store.jobs.get(name);
    if (!job) throw notFound(name);
    if (req.etag && req.etag !== job.etag) throw aborted(`The etag "${req.etag}" does not match the current etag of ${name}.`);
    const parsed = parseJobName(name)!;
    const deleted: Job = { ...job, deleteTime: timestamp(this.store.clock.now()) };
    if (!req.validateOnly) this.store.jobs.delete(name);
    return this.doneOperation(parsed.project, parsed.location, deleted);
  }
}
