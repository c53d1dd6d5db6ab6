// The in-process fault matrix (fault-matrix.ts) over gRPC; its twin over REST is faults-rest.test.ts.
import { faultMatrixOver } from "./fault-matrix";

faultMatrixOver("grpc");
