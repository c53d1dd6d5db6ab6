// Validation rules of execution, retries, timeout, CPU/memory and GPU: each refusal's message
// pinned, naming the property and the fix. One test per case (eachCase).
import { describe } from "vitest";
import { eachCase } from "./each-case";

describe("validation rules", () => {
  describe("execution, retries, timeout, CPU/memory and GPU", () => {
    const limits = (l: Record<string, unknown>) => ({ container: { resources: { limits: l } } });
    const gpuSelector = { nodeSelector: { "run.googleapis.com/accelerator": "nvidia-l4" } };
    eachCase({
      parallelismOverTaskCount: {
        manifest: { execution: { parallelism: 5, taskCount: 3 } },
        failures: ["spec.template.spec.parallelism: 5 is more than taskCount (3): lower parallelism or raise taskCount"],
      },
      parallelismOverDefaultTaskCount: {
        manifest: { execution: { parallelism: 2 } },
        failures: ["spec.template.spec.parallelism: 2 is more than taskCount (1): lower parallelism or raise taskCount"],
      },
      taskCountZero: {
        manifest: { execution: { taskCount: 0 } },
        failures: ["spec.template.spec.taskCount: must be between 1 and 10000 (Cloud Run's limit on tasks per execution), got 0"],
      },
      maxRetriesEleven: {
        manifest: { task: { maxRetries: 11 } },
        failures: ["spec.template.spec.template.spec.maxRetries: must be between 0 and 10 (Cloud Run's limit on retries per task), got 11"],
      },
      maxRetriesNegative: {
        manifest: { task: { maxRetries: -1 } },
        failures: ["spec.template.spec.template.spec.maxRetries: must be between 0 and 10 (Cloud Run's limit on retries per task), got -1"],
      },
      timeoutOver168h: {
        manifest: { task: { timeoutSeconds: "604801" } },
        failures: [
          "spec.template.spec.template.spec.timeoutSeconds: must be between 1 and 604800 (seconds; 168 h is the longest a task may run), got 604801",
        ],
      },
      timeoutNotSeconds: {
        manifest: { task: { timeoutSeconds: "10m" } },
        failures: [
          'spec.template.spec.template.spec.timeoutSeconds: `10m` is not a whole number of seconds: write e.g. "3600" for one hour',
        ],
      },
      timeoutZero: {
        manifest: { task: { timeoutSeconds: 0 } },
        failures: [
          "spec.template.spec.template.spec.timeoutSeconds: must be between 1 and 604800 (seconds; 168 h is the longest a task may run), got 0",
        ],
      },
      memoryWithoutEnoughCpu: {
        manifest: limits({ memory: "8Gi" }),
        failures: [
          "spec.template.spec.template.spec.containers[0].resources.limits.memory: 8Gi is more than 4Gi, the most memory for 1 vCPU: raise cpu to 2 or lower memory",
        ],
      },
      memoryTooLittleFor4Cpu: {
        manifest: limits({ cpu: "4", memory: "1Gi" }),
        failures: [
          "spec.template.spec.template.spec.containers[0].resources.limits.memory: 1Gi is less than 2Gi, the least memory for 4 vCPU: raise memory or lower cpu",
        ],
      },
      memoryOver32Gi: {
        manifest: limits({ cpu: "8", memory: "64Gi" }),
        failures: [
          "spec.template.spec.template.spec.containers[0].resources.limits.memory: 64Gi is more than 32Gi, the most memory for 8 vCPU: lower memory to at most 32Gi",
        ],
      },
      cpuThree: {
        manifest: limits({ cpu: "3" }),
        failures: [
          'spec.template.spec.template.spec.containers[0].resources.limits.cpu: 3 vCPU is not offered: use a fraction of 1 (e.g. "500m"), or 1, 2, 4, 6 or 8',
        ],
      },
      fractionalCpuWithMoreMemory: {
        manifest: limits({ cpu: "500m", memory: "1Gi" }),
        failures: [
          "spec.template.spec.template.spec.containers[0].resources.limits.memory: 1Gi is more than 512Mi, the most memory for less than 1 vCPU: raise cpu to 1 or lower memory",
        ],
      },
      cpuTiny: {
        manifest: limits({ cpu: "50m" }),
        failures: ["spec.template.spec.template.spec.containers[0].resources.limits.cpu: 50m is less than the smallest CPU, 80m: raise it"],
      },
      cpuNotAQuantity: {
        manifest: limits({ cpu: "fast" }),
        failures: [
          'spec.template.spec.template.spec.containers[0].resources.limits.cpu: `fast` is not a CPU quantity: use e.g. "1", "2" or "500m"',
        ],
      },
      memoryNotAQuantity: {
        manifest: limits({ memory: "lots" }),
        failures: [
          'spec.template.spec.template.spec.containers[0].resources.limits.memory: `lots` is not a memory quantity: use e.g. "512Mi" or "2Gi"',
        ],
      },
      otherLimit: {
        manifest: limits({ "ephemeral-storage": "1Gi" }),
        failures: [
          'spec.template.spec.template.spec.containers[0].resources.limits["ephemeral-storage"]: Cloud Run limits only `cpu`, `memory` and `nvidia.com/gpu`: remove it',
        ],
      },
      twoGpus: {
        manifest: { ...limits({ cpu: "4", memory: "16Gi", "nvidia.com/gpu": "2" }), task: gpuSelector },
        failures: [
          'spec.template.spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]: Cloud Run gives a container at most one GPU: use "1"',
        ],
      },
      gpuWithoutSelector: {
        manifest: limits({ cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }),
        failures: [
          'spec.template.spec.template.spec.nodeSelector: a GPU limit needs the GPU type: add `nodeSelector: {"run.googleapis.com/accelerator": "nvidia-l4"}`',
        ],
      },
      selectorWithoutGpu: {
        manifest: { task: gpuSelector },
        failures: [
          'spec.template.spec.template.spec.nodeSelector["run.googleapis.com/accelerator"]: a GPU type needs a container with `resources.limits["nvidia.com/gpu"]: "1"`: add it, or remove the node selector',
        ],
      },
      gpuWithTooLittleCpu: {
        manifest: { ...limits({ cpu: "2", memory: "8Gi", "nvidia.com/gpu": "1" }), task: gpuSelector },
        failures: [
          'spec.template.spec.template.spec.containers[0].resources.limits: a GPU needs at least 4 vCPU and 16Gi of memory: set cpu to "4" or more and memory to "16Gi" or more',
        ],
      },
      gpuTimeoutOver1h: {
        manifest: { ...limits({ cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }), task: { ...gpuSelector, timeoutSeconds: "7200" } },
        failures: [
          "spec.template.spec.template.spec.timeoutSeconds: must be between 1 and 3600 (seconds; 1 h is the longest a GPU task may run), got 7200",
        ],
      },
      otherNodeSelector: {
        manifest: { task: { nodeSelector: { "cloud.google.com/gke-nodepool": "pool" } } },
        failures: [
          'spec.template.spec.template.spec.nodeSelector["cloud.google.com/gke-nodepool"]: Cloud Run only selects nodes by GPU type: use `run.googleapis.com/accelerator`',
        ],
      },
      probeWithoutAction: {
        manifest: { container: { startupProbe: { periodSeconds: 5 } } },
        failures: ["spec.template.spec.template.spec.containers[0].startupProbe: needs an action: `httpGet`, `tcpSocket` or `grpc`"],
      },
      probeTwoActions: {
        manifest: { container: { startupProbe: { tcpSocket: {}, httpGet: {} } } },
        failures: [
          "spec.template.spec.template.spec.containers[0].startupProbe: has httpGet and tcpSocket: a probe has exactly one action",
        ],
      },
      probeTimeoutNotBelowPeriod: {
        manifest: { container: { livenessProbe: { tcpSocket: {}, timeoutSeconds: 5, periodSeconds: 5 } } },
        failures: ["spec.template.spec.template.spec.containers[0].livenessProbe.timeoutSeconds: must be less than periodSeconds (5)"],
      },
      probeTimeoutOver10: {
        manifest: { container: { livenessProbe: { tcpSocket: {}, timeoutSeconds: 11 } } },
        failures: [
          "spec.template.spec.template.spec.containers[0].livenessProbe.timeoutSeconds: must be at most 10 when periodSeconds is not set",
        ],
      },
      startupPeriodOver240: {
        manifest: { container: { startupProbe: { tcpSocket: {}, periodSeconds: 300 } } },
        failures: ["spec.template.spec.template.spec.containers[0].startupProbe.periodSeconds: must be at most 240 for a startup probe"],
      },
      probePortZero: {
        manifest: { container: { startupProbe: { tcpSocket: { port: 0 } } } },
        failures: [
          "spec.template.spec.template.spec.containers[0].startupProbe.tcpSocket.port: must be between 1 and 65535 (a TCP port), got 0",
        ],
      },
    });
  });
});
