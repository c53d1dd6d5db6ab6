// Project numbers, from Cloud Resource Manager: `GET /v3/projects/{id}` answers
// `{ name: "projects/{number}", projectId }` (https://cloud.google.com/resource-manager/reference/rest/v3/projects/get).
// An exported manifest names its project by number (metadata.namespace, as Cloud Run answers
// it); the stack names it by id. `up` asks once per project and process whether the two are the
// same project (core/placement.ts). Against an emulator the same path is asked of it
// (emulator/rest/google.ts answers Resource Manager on its port), with the configured
// credentials' headers if any (auth-client.ts), as the Run calls.
import { authClientFor } from "./auth-client";
import type { Endpoint } from "./clients";

const RESOURCE_MANAGER = "https://cloudresourcemanager.googleapis.com";
const known = new Map<string, Promise<string>>();

interface ProjectAnswer {
  name?: string;
  projectId?: string;
}

async function fetchProject(endpoint: Endpoint, projectId: string): Promise<ProjectAnswer> {
  const path = `/v3/projects/${encodeURIComponent(projectId)}`;
  if (endpoint.emulatorHost) {
    const url = `http://${endpoint.emulatorHost}${path}`;
    const headers = endpoint.auth ? await authClientFor(endpoint.auth, endpoint.emulatorHost).getRequestHeaders(url) : new Headers();
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
    if (!response.ok)
      throw Object.assign(new Error(`${response.status} ${response.statusText}: ${await response.text()}`), { status: response.status });
    return (await response.json()) as ProjectAnswer;
  }
  if (endpoint.auth) {
    const { data } = await authClientFor(endpoint.auth).request<ProjectAnswer>({ url: `${RESOURCE_MANAGER}${path}`, timeout: 30_000 });
    return data;
  }
  // Loaded at the first call, like the Google client: check and diff never pay for it.
  const { GoogleAuth } = require("google-auth-library") as typeof import("google-auth-library");
  const auth = new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform.read-only"] });
  const { data } = await auth.request<ProjectAnswer>({ url: `${RESOURCE_MANAGER}${path}`, timeout: 30_000 });
  return data;
}

/** The number of project `projectId` (digits), asked once per endpoint and project. */
export function projectNumberOf(endpoint: Endpoint, projectId: string): Promise<string> {
  const key = `${endpoint.emulatorHost ?? "cloud"} ${projectId}`;
  let pending = known.get(key);
  if (!pending) {
    pending = fetchProject(endpoint, projectId).then((answer) => {
      const number = /^projects\/(\d+)$/.exec(answer.name ?? "")?.[1];
      if (!number) throw new Error(`Resource Manager answered no project number for ${projectId}`);
      return number;
    });
    // A failure is not remembered: the next run asks again.
    pending.catch(() => known.delete(key));
    known.set(key, pending);
  }
  return pending;
}
