// The in-process fault matrix (fault-matrix.ts) over REST; its twin over gRPC is faults-grpc.test.ts.
import { faultMatrixOver } from "./fault-matrix";

faultMatrixOver("rest");
