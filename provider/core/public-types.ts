// GENERATED from the zod schemas (provider/core/schema/) by test/provider/core/public-types.generate.ts;
// do not edit. `npm run generate` rewrites it.
// Plain types, so that the package's declarations (index.d.ts and what it imports) never
// reach zod's; test/provider/core/public-types.check.ts proves them equal to the inferred ones.

/** The Cloud Run Admin API v1 Job manifest as written (what `new Job` accepts), plus `project` and `region`. */
export type JobManifestInput = {
    spec: {
        template: {
            spec: {
                template: {
                    spec: {
                        containers: {
                            image: string;
                            name?: string | undefined;
                            command?: string[] | undefined;
                            args?: string[] | undefined;
                            env?: {
                                name: string;
                                value?: string | undefined;
                                valueFrom?: {
                                    secretKeyRef?: {
                                        name?: string | undefined;
                                        key?: string | undefined;
                                        localObjectReference?: {
                                            name?: string | undefined;
                                        } | undefined;
                                        optional?: false | undefined;
                                    } | undefined;
                                    configMapKeyRef?: undefined;
                                } | undefined;
                            }[] | undefined;
                            resources?: {
                                limits?: Record<string, string | number> | undefined;
                                requests?: undefined;
                            } | undefined;
                            ports?: {
                                containerPort?: number | undefined;
                                name?: "http1" | "h2c" | undefined;
                                protocol?: "TCP" | undefined;
                            }[] | undefined;
                            volumeMounts?: {
                                name: string;
                                mountPath: string;
                                subPath?: string | undefined;
                                readOnly?: boolean | undefined;
                            }[] | undefined;
                            workingDir?: string | undefined;
                            livenessProbe?: {
                                initialDelaySeconds?: number | undefined;
                                timeoutSeconds?: number | undefined;
                                periodSeconds?: number | undefined;
                                failureThreshold?: number | undefined;
                                successThreshold?: 1 | undefined;
                                httpGet?: {
                                    path?: string | undefined;
                                    port?: number | undefined;
                                    httpHeaders?: {
                                        name: string;
                                        value?: string | undefined;
                                    }[] | undefined;
                                    host?: undefined;
                                    scheme?: undefined;
                                } | undefined;
                                tcpSocket?: {
                                    port?: number | undefined;
                                    host?: undefined;
                                } | undefined;
                                grpc?: {
                                    port?: number | undefined;
                                    service?: string | undefined;
                                } | undefined;
                                exec?: undefined;
                            } | undefined;
                            readinessProbe?: {
                                initialDelaySeconds?: number | undefined;
                                timeoutSeconds?: number | undefined;
                                periodSeconds?: number | undefined;
                                failureThreshold?: number | undefined;
                                successThreshold?: 1 | undefined;
                                httpGet?: {
                                    path?: string | undefined;
                                    port?: number | undefined;
                                    httpHeaders?: {
                                        name: string;
                                        value?: string | undefined;
                                    }[] | undefined;
                                    host?: undefined;
                                    scheme?: undefined;
                                } | undefined;
                                tcpSocket?: {
                                    port?: number | undefined;
                                    host?: undefined;
                                } | undefined;
                                grpc?: {
                                    port?: number | undefined;
                                    service?: string | undefined;
                                } | undefined;
                                exec?: undefined;
                            } | undefined;
                            startupProbe?: {
                                initialDelaySeconds?: number | undefined;
                                timeoutSeconds?: number | undefined;
                                periodSeconds?: number | undefined;
                                failureThreshold?: number | undefined;
                                successThreshold?: 1 | undefined;
                                httpGet?: {
                                    path?: string | undefined;
                                    port?: number | undefined;
                                    httpHeaders?: {
                                        name: string;
                                        value?: string | undefined;
                                    }[] | undefined;
                                    host?: undefined;
                                    scheme?: undefined;
                                } | undefined;
                                tcpSocket?: {
                                    port?: number | undefined;
                                    host?: undefined;
                                } | undefined;
                                grpc?: {
                                    port?: number | undefined;
                                    service?: string | undefined;
                                } | undefined;
                                exec?: undefined;
                            } | undefined;
                            envFrom?: undefined;
                            imagePullPolicy?: undefined;
                            securityContext?: undefined;
                            terminationMessagePath?: undefined;
                            terminationMessagePolicy?: undefined;
                            sandboxLauncher?: false | undefined;
                        }[];
                        volumes?: {
                            name: string;
                            secret?: {
                                secretName?: string | undefined;
                                items?: {
                                    key?: string | undefined;
                                    path?: string | undefined;
                                    mode?: number | undefined;
                                }[] | undefined;
                                defaultMode?: number | undefined;
                                optional?: false | undefined;
                            } | undefined;
                            emptyDir?: {
                                medium?: "" | "Memory" | undefined;
                                sizeLimit?: string | undefined;
                            } | undefined;
                            nfs?: {
                                server?: string | undefined;
                                path?: string | undefined;
                                readOnly?: boolean | undefined;
                            } | undefined;
                            csi?: {
                                driver: "gcsfuse.run.googleapis.com";
                                readOnly?: boolean | undefined;
                                volumeAttributes?: Record<string, string> | undefined;
                            } | undefined;
                            configMap?: undefined;
                        }[] | undefined;
                        maxRetries?: number | undefined;
                        timeoutSeconds?: string | number | undefined;
                        serviceAccountName?: string | undefined;
                        nodeSelector?: Record<string, string> | undefined;
                    };
                };
                parallelism?: number | undefined;
                taskCount?: number | undefined;
                delayExecution?: false | undefined;
            };
            metadata?: {
                name?: string | undefined;
                namespace?: string | undefined;
                labels?: Record<string, string> | undefined;
                annotations?: Record<string, string> | undefined;
                generateName?: undefined;
                clusterName?: undefined;
                deletionGracePeriodSeconds?: undefined;
                finalizers?: undefined;
                ownerReferences?: {
                    apiVersion?: string | undefined;
                    blockOwnerDeletion?: boolean | undefined;
                    controller?: boolean | undefined;
                    kind?: string | undefined;
                    name?: string | undefined;
                    uid?: string | undefined;
                }[] | undefined;
                uid?: string | undefined;
                generation?: number | undefined;
                resourceVersion?: string | undefined;
                selfLink?: string | undefined;
                creationTimestamp?: string | undefined;
                deletionTimestamp?: string | undefined;
            } | undefined;
        };
        startExecutionToken?: string | undefined;
        runExecutionToken?: string | undefined;
    };
    project?: string | undefined;
    region?: string | undefined;
    apiVersion?: "run.googleapis.com/v1" | undefined;
    kind?: "Job" | undefined;
    metadata?: {
        name?: string | undefined;
        namespace?: string | undefined;
        labels?: Record<string, string> | undefined;
        annotations?: Record<string, string> | undefined;
        generateName?: undefined;
        clusterName?: undefined;
        deletionGracePeriodSeconds?: undefined;
        finalizers?: undefined;
        ownerReferences?: {
            apiVersion?: string | undefined;
            blockOwnerDeletion?: boolean | undefined;
            controller?: boolean | undefined;
            kind?: string | undefined;
            name?: string | undefined;
            uid?: string | undefined;
        }[] | undefined;
        uid?: string | undefined;
        generation?: number | undefined;
        resourceVersion?: string | undefined;
        selfLink?: string | undefined;
        creationTimestamp?: string | undefined;
        deletionTimestamp?: string | undefined;
    } | undefined;
    status?: {
        observedGeneration?: number | undefined;
        conditions?: {
            type?: string | undefined;
            status?: string | undefined;
            reason?: string | undefined;
            message?: string | undefined;
            severity?: string | undefined;
            lastTransitionTime?: string | undefined;
        }[] | undefined;
        executionCount?: number | undefined;
        latestCreatedExecution?: {
            name?: string | undefined;
            creationTimestamp?: string | undefined;
            completionTimestamp?: string | undefined;
            deletionTimestamp?: string | undefined;
            completionStatus?: "COMPLETION_STATUS_UNSPECIFIED" | "EXECUTION_SUCCEEDED" | "EXECUTION_FAILED" | "EXECUTION_RUNNING" | "EXECUTION_PENDING" | "EXECUTION_CANCELLED" | undefined;
        } | undefined;
    } | undefined;
};

/** The manifest after check: canonical (defaults left out, aliases resolved). */
export type JobManifest = {
    spec: {
        template: {
            spec: {
                template: {
                    spec: {
                        containers: {
                            image: string;
                            name?: string | undefined;
                            command?: string[] | undefined;
                            args?: string[] | undefined;
                            env?: {
                                name: string;
                                value?: string | undefined;
                                valueFrom?: {
                                    secretKeyRef?: {
                                        name?: string | undefined;
                                        key?: string | undefined;
                                        localObjectReference?: {
                                            name?: string | undefined;
                                        } | undefined;
                                        optional?: false | undefined;
                                    } | undefined;
                                    configMapKeyRef?: undefined;
                                } | undefined;
                            }[] | undefined;
                            resources?: {
                                limits?: Record<string, string | number> | undefined;
                                requests?: undefined;
                            } | undefined;
                            ports?: {
                                containerPort?: number | undefined;
                                name?: "http1" | "h2c" | undefined;
                                protocol?: "TCP" | undefined;
                            }[] | undefined;
                            volumeMounts?: {
                                name: string;
                                mountPath: string;
                                subPath?: string | undefined;
                                readOnly?: boolean | undefined;
                            }[] | undefined;
                            workingDir?: string | undefined;
                            livenessProbe?: {
                                initialDelaySeconds?: number | undefined;
                                timeoutSeconds?: number | undefined;
                                periodSeconds?: number | undefined;
                                failureThreshold?: number | undefined;
                                successThreshold?: 1 | undefined;
                                httpGet?: {
                                    path?: string | undefined;
                                    port?: number | undefined;
                                    httpHeaders?: {
                                        name: string;
                                        value?: string | undefined;
                                    }[] | undefined;
                                    host?: undefined;
                                    scheme?: undefined;
                                } | undefined;
                                tcpSocket?: {
                                    port?: number | undefined;
                                    host?: undefined;
                                } | undefined;
                                grpc?: {
                                    port?: number | undefined;
                                    service?: string | undefined;
                                } | undefined;
                                exec?: undefined;
                            } | undefined;
                            readinessProbe?: {
                                initialDelaySeconds?: number | undefined;
                                timeoutSeconds?: number | undefined;
                                periodSeconds?: number | undefined;
                                failureThreshold?: number | undefined;
                                successThreshold?: 1 | undefined;
                                httpGet?: {
                                    path?: string | undefined;
                                    port?: number | undefined;
                                    httpHeaders?: {
                                        name: string;
                                        value?: string | undefined;
                                    }[] | undefined;
                                    host?: undefined;
                                    scheme?: undefined;
                                } | undefined;
                                tcpSocket?: {
                                    port?: number | undefined;
                                    host?: undefined;
                                } | undefined;
                                grpc?: {
                                    port?: number | undefined;
                                    service?: string | undefined;
                                } | undefined;
                                exec?: undefined;
                            } | undefined;
                            startupProbe?: {
                                initialDelaySeconds?: number | undefined;
                                timeoutSeconds?: number | undefined;
                                periodSeconds?: number | undefined;
                                failureThreshold?: number | undefined;
                                successThreshold?: 1 | undefined;
                                httpGet?: {
                                    path?: string | undefined;
                                    port?: number | undefined;
                                    httpHeaders?: {
                                        name: string;
                                        value?: string | undefined;
                                    }[] | undefined;
                                    host?: undefined;
                                    scheme?: undefined;
                                } | undefined;
                                tcpSocket?: {
                                    port?: number | undefined;
                                    host?: undefined;
                                } | undefined;
                                grpc?: {
                                    port?: number | undefined;
                                    service?: string | undefined;
                                } | undefined;
                                exec?: undefined;
                            } | undefined;
                            envFrom?: undefined;
                            imagePullPolicy?: undefined;
                            securityContext?: undefined;
                            terminationMessagePath?: undefined;
                            terminationMessagePolicy?: undefined;
                            sandboxLauncher?: false | undefined;
                        }[];
                        volumes?: {
                            name: string;
                            secret?: {
                                secretName?: string | undefined;
                                items?: {
                                    key?: string | undefined;
                                    path?: string | undefined;
                                    mode?: number | undefined;
                                }[] | undefined;
                                defaultMode?: number | undefined;
                                optional?: false | undefined;
                            } | undefined;
                            emptyDir?: {
                                medium?: "" | "Memory" | undefined;
                                sizeLimit?: string | undefined;
                            } | undefined;
                            nfs?: {
                                server?: string | undefined;
                                path?: string | undefined;
                                readOnly?: boolean | undefined;
                            } | undefined;
                            csi?: {
                                driver: "gcsfuse.run.googleapis.com";
                                readOnly?: boolean | undefined;
                                volumeAttributes?: Record<string, string> | undefined;
                            } | undefined;
                            configMap?: undefined;
                        }[] | undefined;
                        maxRetries?: number | undefined;
                        timeoutSeconds?: string | number | undefined;
                        serviceAccountName?: string | undefined;
                        nodeSelector?: Record<string, string> | undefined;
                    };
                };
                parallelism?: number | undefined;
                taskCount?: number | undefined;
                delayExecution?: false | undefined;
            };
            metadata?: {
                name?: string | undefined;
                namespace?: string | undefined;
                labels?: Record<string, string> | undefined;
                annotations?: Record<string, string> | undefined;
                generateName?: undefined;
                clusterName?: undefined;
                deletionGracePeriodSeconds?: undefined;
                finalizers?: undefined;
                ownerReferences?: {
                    apiVersion?: string | undefined;
                    blockOwnerDeletion?: boolean | undefined;
                    controller?: boolean | undefined;
                    kind?: string | undefined;
                    name?: string | undefined;
                    uid?: string | undefined;
                }[] | undefined;
                uid?: string | undefined;
                generation?: number | undefined;
                resourceVersion?: string | undefined;
                selfLink?: string | undefined;
                creationTimestamp?: string | undefined;
                deletionTimestamp?: string | undefined;
            } | undefined;
        };
        startExecutionToken?: string | undefined;
        runExecutionToken?: string | undefined;
    };
    project?: string | undefined;
    region?: string | undefined;
    apiVersion?: "run.googleapis.com/v1" | undefined;
    kind?: "Job" | undefined;
    metadata?: {
        name?: string | undefined;
        namespace?: string | undefined;
        labels?: Record<string, string> | undefined;
        annotations?: Record<string, string> | undefined;
        generateName?: undefined;
        clusterName?: undefined;
        deletionGracePeriodSeconds?: undefined;
        finalizers?: undefined;
        ownerReferences?: {
            apiVersion?: string | undefined;
            blockOwnerDeletion?: boolean | undefined;
            controller?: boolean | undefined;
            kind?: string | undefined;
            name?: string | undefined;
            uid?: string | undefined;
        }[] | undefined;
        uid?: string | undefined;
        generation?: number | undefined;
        resourceVersion?: string | undefined;
        selfLink?: string | undefined;
        creationTimestamp?: string | undefined;
        deletionTimestamp?: string | undefined;
    } | undefined;
    status?: {
        observedGeneration?: number | undefined;
        conditions?: {
            type?: string | undefined;
            status?: string | undefined;
            reason?: string | undefined;
            message?: string | undefined;
            severity?: string | undefined;
            lastTransitionTime?: string | undefined;
        }[] | undefined;
        executionCount?: number | undefined;
        latestCreatedExecution?: {
            name?: string | undefined;
            creationTimestamp?: string | undefined;
            completionTimestamp?: string | undefined;
            deletionTimestamp?: string | undefined;
            completionStatus?: "COMPLETION_STATUS_UNSPECIFIED" | "EXECUTION_SUCCEEDED" | "EXECUTION_FAILED" | "EXECUTION_RUNNING" | "EXECUTION_PENDING" | "EXECUTION_CANCELLED" | undefined;
        } | undefined;
    } | undefined;
};

/** The v1 JobStatus a manifest may carry (an exported manifest does); accepted and ignored. */
export type JobStatus = {
    observedGeneration?: number | undefined;
    conditions?: {
        type?: string | undefined;
        status?: string | undefined;
        reason?: string | undefined;
        message?: string | undefined;
        severity?: string | undefined;
        lastTransitionTime?: string | undefined;
    }[] | undefined;
    executionCount?: number | undefined;
    latestCreatedExecution?: {
        name?: string | undefined;
        creationTimestamp?: string | undefined;
        completionTimestamp?: string | undefined;
        deletionTimestamp?: string | undefined;
        completionStatus?: "COMPLETION_STATUS_UNSPECIFIED" | "EXECUTION_SUCCEEDED" | "EXECUTION_FAILED" | "EXECUTION_RUNNING" | "EXECUTION_PENDING" | "EXECUTION_CANCELLED" | undefined;
    } | undefined;
};
