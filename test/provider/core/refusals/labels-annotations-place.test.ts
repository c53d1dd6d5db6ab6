// Validation rules of labels, annotations, project and region: each refusal's message pinned,
// naming the property and the fix. One test per case (eachCase).
import { describe } from "vitest";
import { eachCase, raw } from "./each-case";
import { jobManifest } from "../../../fixtures/manifests";

describe("validation rules", () => {
  describe("labels, annotations, project and region", () => {
    const job = (annotations: Record<string, string>) => ({ metadata: { annotations } });
    const tpl = (annotations: Record<string, string>) => ({ templateMetadata: { annotations } });
    eachCase({
      reservedLabel: {
        manifest: { metadata: { labels: { "run.googleapis.com/owner": "me" } } },
        failures: [
          'metadata.labels["run.googleapis.com/owner"]: `run.googleapis.com/owner` is in a namespace reserved for Cloud Run (the v2 API rejects it): rename the label',
        ],
      },
      kubernetesStyleLabel: {
        manifest: { metadata: { labels: { "app.kubernetes.io/name": "ledger" } } },
        failures: [
          'metadata.labels["app.kubernetes.io/name"]: `app.kubernetes.io/name` is not a Google Cloud label key: start with a lowercase letter and use lowercase letters, digits, `_` and `-` (at most 63); put other metadata in annotations',
        ],
      },
      uppercaseLabelValue: {
        manifest: { templateMetadata: { labels: { team: "Data Platform" } } },
        failures: [
          "spec.template.metadata.labels.team: `Data Platform` is not a Google Cloud label value: use lowercase letters, digits, `_` and `-` (at most 63)",
        ],
      },
      reservedTemplateLabel: {
        manifest: { templateMetadata: { labels: { "serving.knative.dev/service": "x" } } },
        failures: [
          'spec.template.metadata.labels["serving.knative.dev/service"]: `serving.knative.dev/service` is in a namespace reserved for Cloud Run (the v2 API rejects it): rename the label',
        ],
      },
      serviceAnnotation: {
        manifest: job({ "run.googleapis.com/ingress": "all" }),
        failures: [
          'metadata.annotations["run.googleapis.com/ingress"]: `run.googleapis.com/ingress` is not an annotation Cloud Run accepts on a job; it applies to Cloud Run services, not jobs: remove it (see metadata annotations in the v1 Job reference)',
        ],
      },
      autoscalingAnnotation: {
        manifest: tpl({ "autoscaling.knative.dev/maxScale": "3" }),
        failures: [
          'spec.template.metadata.annotations["autoscaling.knative.dev/maxScale"]: `autoscaling.knative.dev/maxScale` is not an annotation Cloud Run accepts on a job; it applies to Cloud Run services, not jobs: remove it (see spec.template.metadata annotations in the v1 Job reference)',
        ],
      },
      cloudAnnotation: {
        manifest: job({ "cloud.googleapis.com/anything": "x" }),
        failures: [
          'metadata.annotations["cloud.googleapis.com/anything"]: `cloud.googleapis.com/anything` is in a namespace reserved for Cloud Run: rename the annotation',
        ],
      },
      templateAnnotationOnJob: {
        manifest: job({ "run.googleapis.com/cloudsql-instances": "p:r:i" }),
        failures: [
          'metadata.annotations["run.googleapis.com/cloudsql-instances"]: `run.googleapis.com/cloudsql-instances` is set on the execution template: move it to `spec.template.metadata.annotations`',
        ],
      },
      jobAnnotationOnTemplate: {
        manifest: tpl({ "run.googleapis.com/launch-stage": "BETA" }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/launch-stage"]: `run.googleapis.com/launch-stage` is set on the job: move it to `metadata.annotations`',
        ],
      },
      launchStage: {
        manifest: job({ "run.googleapis.com/launch-stage": "PREVIEW" }),
        failures: [
          'metadata.annotations["run.googleapis.com/launch-stage"]: `PREVIEW` is not a launch stage: use one of `EARLY_ACCESS`, `ALPHA`, `BETA`, `GA`',
        ],
      },
      binaryAuthorization: {
        manifest: job({ "run.googleapis.com/binary-authorization": "strict" }),
        failures: [
          'metadata.annotations["run.googleapis.com/binary-authorization"]: `strict` is not a Binary Authorization policy: use `default` or `projects/<project>/platforms/cloudRun/<policy>`',
        ],
      },
      breakglassAlone: {
        manifest: job({ "run.googleapis.com/binary-authorization-breakglass": "incident" }),
        failures: [
          'metadata.annotations["run.googleapis.com/binary-authorization-breakglass"]: a breakglass justification needs Binary Authorization: add `run.googleapis.com/binary-authorization: default` or remove it',
        ],
      },
      binaryAuthorizationTwice: {
        manifest: {
          metadata: { annotations: { "run.googleapis.com/binary-authorization": "default" } },
          templateMetadata: { annotations: { "run.googleapis.com/binary-authorization": "projects/p/platforms/cloudRun/strict" } },
        },
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/binary-authorization"]: disagrees with the job\'s `default`: a job has one Binary Authorization policy; keep it in `metadata.annotations`',
        ],
      },
      cloudSql: {
        manifest: tpl({ "run.googleapis.com/cloudsql-instances": "p:r:i,two:colons" }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/cloudsql-instances"]: `two:colons` is not a Cloud SQL connection name: use `<project>:<region>:<instance>` (or the instance\'s name), comma-separated',
        ],
      },
      connector: {
        manifest: tpl({ "run.googleapis.com/vpc-access-connector": "projects/p/connectors/c" }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/vpc-access-connector"]: `projects/p/connectors/c` is not a VPC connector: use its name or `projects/<project>/locations/<region>/connectors/<name>`',
        ],
      },
      egress: {
        manifest: tpl({ "run.googleapis.com/vpc-access-connector": "c1", "run.googleapis.com/vpc-access-egress": "everything" }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/vpc-access-egress"]: `everything` is not a VPC egress setting: use `all-traffic` or `private-ranges-only`',
        ],
      },
      egressWithoutVpc: {
        manifest: tpl({ "run.googleapis.com/vpc-access-egress": "all-traffic" }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/vpc-access-egress"]: egress applies to VPC access: add `run.googleapis.com/vpc-access-connector` or `run.googleapis.com/network-interfaces`, or remove it',
        ],
      },
      connectorAndInterfaces: {
        manifest: tpl({
          "run.googleapis.com/vpc-access-connector": "c1",
          "run.googleapis.com/network-interfaces": '[{"network":"default"}]',
        }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/network-interfaces"]: use either a VPC connector or Direct VPC network interfaces, not both',
        ],
      },
      interfacesNotJson: {
        manifest: tpl({ "run.googleapis.com/network-interfaces": "default" }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/network-interfaces"]: must be JSON such as [{"network":"default","subnetwork":"default"}]',
        ],
      },
      twoInterfaces: {
        manifest: tpl({ "run.googleapis.com/network-interfaces": '[{"network":"a"},{"network":"b"}]' }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/network-interfaces"]: Cloud Run supports only one network interface: keep one',
        ],
      },
      interfaceKey: {
        manifest: tpl({ "run.googleapis.com/network-interfaces": '[{"vpc":"a"}]' }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/network-interfaces"]: unknown interface key `vpc`: use `network`, `subnetwork` and `tags`',
        ],
      },
      gen1: {
        manifest: tpl({ "run.googleapis.com/execution-environment": "gen1" }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/execution-environment"]: Cloud Run jobs always run in the second generation environment: use `gen2` or remove the annotation',
        ],
      },
      encryptionKey: {
        manifest: tpl({ "run.googleapis.com/encryption-key": "my-key" }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/encryption-key"]: `my-key` is not a KMS key: use `projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`',
        ],
      },
      secretAliases: {
        manifest: tpl({ "run.googleapis.com/secrets": "token=projects/1/secrets/t" }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/secrets"]: `token=projects/1/secrets/t` is not a secret alias: use `<alias>:projects/<project-number>/secrets/<secret>`, comma-separated',
        ],
      },
      containerDependencies: {
        manifest: tpl({ "run.googleapis.com/container-dependencies": '["proxy"]' }),
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/container-dependencies"]: must be a JSON object such as {"app":["sidecar"]}',
        ],
      },
      containerDependencyUnknown: {
        manifest: { ...tpl({ "run.googleapis.com/container-dependencies": '{"app":["proxy"]}' }), container: { name: "app" } },
        failures: [
          'spec.template.metadata.annotations["run.googleapis.com/container-dependencies"]: no container is named `proxy`: name the containers it refers to',
        ],
      },
      gpuZonal: {
        manifest: tpl({ "run.googleapis.com/gpu-zonal-redundancy-disabled": "yes" }),
        failures: ['spec.template.metadata.annotations["run.googleapis.com/gpu-zonal-redundancy-disabled"]: must be `true` or `false`'],
      },
      project: {
        manifest: raw({ ...jobManifest(), project: "My Project" }),
        failures: ["project: `My Project` is not a project id or number: use e.g. `my-project` or `123456789012`"],
      },
      namespace: {
        manifest: { metadata: { namespace: "-bad-" } },
        failures: ["metadata.namespace: `-bad-` is not a project id or number: use e.g. `my-project` or `123456789012`"],
      },
      region: {
        manifest: raw({ ...jobManifest(), region: "mars" }),
        failures: ["region: `mars` is not a Cloud Run region: use e.g. `us-central1`"],
      },
      locationLabel: {
        manifest: { metadata: { labels: { "cloud.googleapis.com/location": "Europe West" } } },
        failures: ['metadata.labels["cloud.googleapis.com/location"]: `Europe West` is not a Cloud Run region: use e.g. `us-central1`'],
      },
    });
  });
});
