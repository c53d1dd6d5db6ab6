// The lookups gcloud makes beside Cloud Run, answered for the emulator's projects so no
// command stops on them (rest/gcloud.ts routes their hosts here):
//   Resource Manager  GET /v1/projects/{id or number}  → {projectId, projectNumber, lifecycleState}
//                     GET /v3/projects/{id or number}  → {name: projects/{number}, projectId, state}
//   Service Usage     GET /v1/projects/{p}/services/{service}          → ENABLED
//                     GET /v1/projects/{p}/services:batchGet?names=…    → all ENABLED
//                     POST /v1/projects/{p}/services/{service}:enable, …/services:batchEnable → a done operation
// Every project exists and every service is enabled (emulator-only: there is no Resource
// Manager here; numbers come from state/projects.ts).
import type { ProjectNumbers } from "../state/projects";
import type { Face, HttpAnswer } from "./http";

const CRM = /^\/(v1|v3)\/projects\/([^/:]+)$/;
const SERVICE = /^\/v1\/projects\/([^/:]+)\/services\/([^/:]+)(:enable)?$/;
const SERVICES = /^\/v1\/projects\/([^/:]+)\/services:(batchGet|batchEnable)$/;

export function googleFace(projects: ProjectNumbers): Face {
  const service = (project: string, name: string) => {
    const number = projects.numberOf(projects.idOf(project));
    return { name: `projects/${number}/services/${name}`, parent: `projects/${number}`, config: { name, title: name }, state: "ENABLED" };
  };
  const done = (response: unknown): HttpAnswer => ({ status: 200, body: { name: "operations/noop.DONE_OPERATION", done: true, response } });
  return {
    handle(req) {
      const path = decodeURIComponent(req.url.pathname);
      let m: RegExpExecArray | null;
      if (req.method === "GET" && (m = CRM.exec(path))) {
        const id = projects.idOf(m[2]!);
        projects.note(id);
        const number = projects.numberOf(id);
        const body =
          m[1] === "v1"
            ? { projectNumber: number, projectId: id, lifecycleState: "ACTIVE", name: id, createTime: "2020-01-01T00:00:00Z" }
            : {
                name: `projects/${number}`,
                parent: "",
                projectId: id,
                state: "ACTIVE",
                displayName: id,
                createTime: "2020-01-01T00:00:00Z",
                etag: `"${number}"`,
              };
        return Promise.resolve({ status: 200, body });
      }
      if ((m = SERVICE.exec(path))) {
        if (req.method === "GET" && !m[3]) return Promise.resolve({ status: 200, body: service(m[1]!, m[2]!) });
        if (req.method === "POST" && m[3])
          return Promise.resolve(
            done({ "@type": "type.googleapis.com/google.api.serviceusage.v1.EnableServiceResponse", service: service(m[1]!, m[2]!) }),
          );
      }
      if ((m = SERVICES.exec(path))) {
        const names =
          m[2] === "batchGet" ? req.url.searchParams.getAll("names") : ((req.body as { serviceIds?: string[] }).serviceIds ?? []);
        const services = names.map((n) => service(m![1]!, n.split("/").pop()!));
        if (req.method === "GET" && m[2] === "batchGet") return Promise.resolve({ status: 200, body: { services } });
        if (req.method === "POST" && m[2] === "batchEnable")
          return Promise.resolve(done({ "@type": "type.googleapis.com/google.api.serviceusage.v1.BatchEnableServicesResponse", services }));
      }
      return undefined;
    },
  };
}
