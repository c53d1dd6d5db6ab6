// Manifests in the style of `gcloud run jobs describe --format export` / `--format yaml` pass
// check unchanged, map to the v2 body we expect, and survive the round trip through the server.
import { describe, expect, it } from "vitest";
import { toApiJob } from "../../../provider/core/mapping";
import { checkJobManifest } from "../../../provider/core/check";
import { loadManifest, MANIFEST_FILES } from "../../fixtures/manifests";
import { describedParts, roundTrip } from "./helpers/round-trip";

function checked(file: string) {
  const { manifest, failures } = checkJobManifest(loadManifest(file));
  expect(failures).toEqual([]);
  if (!manifest) throw new Error(`${file} did not pass check`);
  return manifest;
}

describe.each(MANIFEST_FILES)("%s", (file) => {
  it("passes check", () => {
    checked(file);
  });

  it.each([false, true])("round-trips through v2 (proto3 zero values: %s)", (zeroValues) => {
    const manifest = checked(file);
    const { checked: back } = roundTrip(manifest, { zeroValues });
    expect(back.failures).toEqual([]);
    expect(describedParts(back.manifest)).toEqual(describedParts(manifest));
  });

  it("is canonical: checking the canonical form again changes nothing", () => {
    const manifest = checked(file);
    expect(checkJobManifest(manifest).manifest).toEqual(manifest);
  });
});

describe("gcloud describe --format yaml (with status)", () => {
  it("drops status, server metadata and system stamps, and hoists project and region", () => {
    expect(checked("describe-with-status.yaml")).toMatchInlineSnapshot(`
      {
        "metadata": {
          "name": "hello",
        },
        "project": "123456789012",
        "region": "us-central1",
        "spec": {
          "template": {
            "spec": {
              "template": {
                "spec": {
                  "containers": [
                    {
                      "image": "us-docker.pkg.dev/cloudrun/container/job:latest",
                    },
                  ],
                },
              },
            },
          },
        },
      }
    `);
  });
});

describe("gcloud describe --format export", () => {
  it("leaves the defaults out and expands the short connector name", () => {
    expect(checked("export.yaml")).toMatchInlineSnapshot(`
      {
        "metadata": {
          "annotations": {
            "run.googleapis.com/launch-stage": "BETA",
          },
          "labels": {
            "team": "data",
          },
          "name": "nightly-report",
        },
        "project": "123456789012",
        "region": "europe-west1",
        "spec": {
          "template": {
            "metadata": {
              "annotations": {
                "run.googleapis.com/cloudsql-instances": "my-project:europe-west1:reports-db",
                "run.googleapis.com/vpc-access-connector": "projects/123456789012/locations/europe-west1/connectors/reports-connector",
              },
            },
            "spec": {
              "parallelism": 2,
              "taskCount": 4,
              "template": {
                "spec": {
                  "containers": [
                    {
                      "args": [
                        "--date=yesterday",
                      ],
                      "env": [
                        {
                          "name": "MODE",
                          "value": "nightly",
                        },
                        {
                          "name": "DB_PASSWORD",
                          "valueFrom": {
                            "secretKeyRef": {
                              "key": "latest",
                              "name": "reports-db-password",
                            },
                          },
                        },
                      ],
                      "image": "europe-docker.pkg.dev/my-project/jobs/report@sha256:4f2e8e4c1b7a9d7c2c2f0a4c5b3f4e6d7c8b9a0f1e2d3c4b5a69788766554433",
                      "resources": {
                        "limits": {
                          "cpu": "2",
                          "memory": "2Gi",
                        },
                      },
                    },
                  ],
                  "serviceAccountName": "reports@my-project.iam.gserviceaccount.com",
                  "timeoutSeconds": "3600",
                },
              },
            },
          },
        },
      }
    `);
  });

  it("maps to the v2 body", () => {
    expect(toApiJob(checked("export.yaml"))).toMatchInlineSnapshot(`
      {
        "labels": {
          "team": "data",
        },
        "launchStage": "BETA",
        "template": {
          "parallelism": 2,
          "taskCount": 4,
          "template": {
            "containers": [
              {
                "args": [
                  "--date=yesterday",
                ],
                "env": [
                  {
                    "name": "MODE",
                    "value": "nightly",
                  },
                  {
                    "name": "DB_PASSWORD",
                    "valueSource": {
                      "secretKeyRef": {
                        "secret": "reports-db-password",
                        "version": "latest",
                      },
                    },
                  },
                ],
                "image": "europe-docker.pkg.dev/my-project/jobs/report@sha256:4f2e8e4c1b7a9d7c2c2f0a4c5b3f4e6d7c8b9a0f1e2d3c4b5a69788766554433",
                "resources": {
                  "limits": {
                    "cpu": "2",
                    "memory": "2Gi",
                  },
                },
                "volumeMounts": [
                  {
                    "mountPath": "/cloudsql",
                    "name": "cloudsql",
                  },
                ],
              },
            ],
            "serviceAccount": "reports@my-project.iam.gserviceaccount.com",
            "timeout": {
              "seconds": 3600,
            },
            "volumes": [
              {
                "cloudSqlInstance": {
                  "instances": [
                    "my-project:europe-west1:reports-db",
                  ],
                },
                "name": "cloudsql",
              },
            ],
            "vpcAccess": {
              "connector": "projects/123456789012/locations/europe-west1/connectors/reports-connector",
            },
          },
        },
      }
    `);
  });
});

describe("every mapped setting", () => {
  it("maps to the v2 body", () => {
    expect(toApiJob(checked("everything.yaml"))).toMatchInlineSnapshot(`
      {
        "annotations": {
          "owner": "platform-team",
        },
        "binaryAuthorization": {
          "breakglassJustification": "incident-4711",
          "useDefault": true,
        },
        "labels": {
          "app": "ledger",
        },
        "runExecutionToken": "build-20261127-1",
        "template": {
          "labels": {
            "tier": "batch",
          },
          "parallelism": 5,
          "taskCount": 10,
          "template": {
            "containers": [
              {
                "args": [
                  "reconcile",
                  "--all",
                ],
                "command": [
                  "/app/ledger",
                ],
                "dependsOn": [
                  "proxy",
                ],
                "env": [
                  {
                    "name": "REGION",
                    "value": "us-east4",
                  },
                  {
                    "name": "EMPTY",
                  },
                  {
                    "name": "API_TOKEN",
                    "valueSource": {
                      "secretKeyRef": {
                        "secret": "projects/987654321098/secrets/api-token",
                        "version": "3",
                      },
                    },
                  },
                ],
                "image": "us-docker.pkg.dev/my-project/ledger/app:1.4.2",
                "livenessProbe": {
                  "httpGet": {
                    "httpHeaders": [
                      {
                        "name": "X-Probe",
                        "value": "liveness",
                      },
                    ],
                    "path": "/healthz",
                  },
                  "initialDelaySeconds": 10,
                },
                "name": "app",
                "ports": [
                  {
                    "containerPort": 9090,
                    "name": "h2c",
                  },
                ],
                "resources": {
                  "limits": {
                    "cpu": "4",
                    "memory": "8Gi",
                  },
                },
                "startupProbe": {
                  "failureThreshold": 10,
                  "periodSeconds": 5,
                  "tcpSocket": {},
                  "timeoutSeconds": 2,
                },
                "volumeMounts": [
                  {
                    "mountPath": "/secrets",
                    "name": "config",
                  },
                  {
                    "mountPath": "/tmp/scratch",
                    "name": "scratch",
                  },
                  {
                    "mountPath": "/archive",
                    "name": "archive",
                    "subPath": "2026",
                  },
                  {
                    "mountPath": "/bucket",
                    "name": "bucket",
                  },
                  {
                    "mountPath": "/cloudsql",
                    "name": "cloudsql",
                  },
                ],
                "workingDir": "/work",
              },
              {
                "args": [
                  "--port=5432",
                ],
                "image": "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0",
                "name": "proxy",
                "readinessProbe": {
                  "grpc": {
                    "port": 5433,
                    "service": "health",
                  },
                },
                "volumeMounts": [
                  {
                    "mountPath": "/cloudsql",
                    "name": "cloudsql",
                  },
                ],
              },
            ],
            "encryptionKey": "projects/my-project/locations/us-east4/keyRings/jobs/cryptoKeys/ledger",
            "maxRetries": 0,
            "serviceAccount": "ledger@my-project.iam.gserviceaccount.com",
            "timeout": {
              "seconds": 7200,
            },
            "volumes": [
              {
                "name": "config",
                "secret": {
                  "defaultMode": 256,
                  "items": [
                    {
                      "path": "token.txt",
                      "version": "3",
                    },
                  ],
                  "secret": "projects/987654321098/secrets/api-token",
                },
              },
              {
                "emptyDir": {
                  "medium": "MEMORY",
                  "sizeLimit": "1Gi",
                },
                "name": "scratch",
              },
              {
                "name": "archive",
                "nfs": {
                  "path": "/exports/ledger",
                  "readOnly": true,
                  "server": "10.0.0.2",
                },
              },
              {
                "gcs": {
                  "bucket": "ledger-archive",
                  "mountOptions": [
                    "implicit-dirs",
                    "only-dir=2026",
                  ],
                  "readOnly": true,
                },
                "name": "bucket",
              },
              {
                "cloudSqlInstance": {
                  "instances": [
                    "my-project:us-east4:ledger",
                    "my-project:us-east4:audit",
                  ],
                },
                "name": "cloudsql",
              },
            ],
            "vpcAccess": {
              "egress": "ALL_TRAFFIC",
              "networkInterfaces": [
                {
                  "network": "default",
                  "subnetwork": "jobs",
                  "tags": [
                    "batch",
                  ],
                },
              ],
            },
          },
        },
      }
    `);
  });

  it("maps a GPU job", () => {
    expect(toApiJob(checked("gpu.yaml"))).toMatchInlineSnapshot(`
      {
        "launchStage": "BETA",
        "template": {
          "template": {
            "containers": [
              {
                "image": "us-docker.pkg.dev/my-project/ml/train:latest",
                "resources": {
                  "limits": {
                    "cpu": "4",
                    "memory": "16Gi",
                    "nvidia.com/gpu": "1",
                  },
                },
              },
            ],
            "gpuZonalRedundancyDisabled": true,
            "nodeSelector": {
              "accelerator": "nvidia-l4",
            },
            "timeout": {
              "seconds": 3600,
            },
          },
        },
      }
    `);
  });
});
