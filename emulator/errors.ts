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
    const details = this.violations.length
      ? [packAny("google.rpc.BadRequest", { fieldViolations: this.violations })]
      : [];
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
export const notFound = (name: string) => new ApiError(grpc.status.NOT_FOUND, `Resource '${name}' was not found`);
export const alreadyExists = (name: string) => new ApiError(grpc.status.ALREADY_EXISTS, `Resource '${name}' already exists.`);
export const aborted = (message: string) => new ApiError(grpc.status.ABORTED, message);
export const unimplemented = (what: string) => new ApiError(grpc.status.UNIMPLEMENTED, `${what} is not implemented by the emulator`);
