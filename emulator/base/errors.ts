// One error type per canonical gRPC code, carrying `google.rpc` details the way Google's
// servers do, so the real client surfaces `err.code`, `err.details` and `err.statusDetails`.
import * as grpc from "@grpc/grpc-js";
import { loadProtos, packAny } from "./protos";

export interface FieldViolation {
  field: string;
  description: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
    readonly violations: FieldViolation[] = [],
  ) {
    super(message);
  }

  /** The object grpc-js sends as the call's status, with a `google.rpc.Status` in the trailers. */
  toServiceError(): Partial<grpc.StatusObject> & { code: grpc.status; details: string } {
    const metadata = new grpc.Metadata();
    const details = this.violations.length ? [packAny("google.rpc.BadRequest", { fieldViolations: this.violations })] : [];
    const statusType = loadProtos().root.lookupType("google.rpc.Status");
    const status = statusType.encode(statusType.fromObject({ code: this.code, message: this.message, details })).finish();
    metadata.set("grpc-status-details-bin", Buffer.from(status));
    return { code: this.code, details: this.message, metadata };
  }
}

export const invalidArgument = (violations: FieldViolation[], request = "Request") =>
  new ApiError(
    grpc.status.INVALID_ARGUMENT,
    violations.map((v) => `Violation in ${request}.${v.field}: ${v.description}`).join("\n"),
    violations,
  );

/** Text modelled on the Services analog quoted in docs/cloud-run-facts.md §3.6 ([I] for jobs). */
export const notFound = (id: string, kind: string, location: string, project: string) =>
  new ApiError(grpc.status.NOT_FOUND, `Resource '${id}' of kind '${kind}' in region '${location}' in project '${project}' does not exist.`);
export const notFoundName = (name: string) => new ApiError(grpc.status.NOT_FOUND, `Resource '${name}' was not found`);
/** `Resource 'job-token' already exists` (§3.1, §3.6 [V-obs]). */
export const alreadyExists = (id: string, message = `Resource '${id}' already exists.`) =>
  new ApiError(grpc.status.ALREADY_EXISTS, message);
/** Etag mismatch: ABORTED per AIP-154 (§3.5; [U] for Cloud Run). */
export const aborted = (message: string) => new ApiError(grpc.status.ABORTED, message);
/**
 * A permission the caller lacks, in the words Google's IAM-checked APIs use
 * ("Permission 'run.jobs.run' denied on resource '…' (or resource may not exist).").
 */
export const permissionDenied = (permission: string, resource: string) =>
  new ApiError(grpc.status.PERMISSION_DENIED, `Permission '${permission}' denied on resource '${resource}' (or resource may not exist).`);
export const failedPrecondition = (message: string) => new ApiError(grpc.status.FAILED_PRECONDITION, message);
/** What Cloud Run answers for a missing location (§3.2, §3.6 [V-obs]). */
export const unsupportedLocation = () => new ApiError(grpc.status.UNIMPLEMENTED, "Operation is not implemented, or supported, or enabled.");
