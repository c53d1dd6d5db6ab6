// What makes an unmodified `gcloud` talk to the emulator, and nothing else.
//
// gcloud builds a regional host from the run endpoint override (`DeriveRegionalEndpoint` in
// googlecloudsdk/command_lib/run/connection_context.py: `{region}-{host}`), so the override
// cannot name the emulator's address directly. Instead every API gcloud calls is overridden to
// a host under GCLOUD_DOMAIN, a reserved name that never resolves (`.invalid`, RFC 6761), and
// the emulator is gcloud's HTTP proxy (`proxy/type http`): gcloud sends it absolute-form
// requests (`GET http://europe-west1-run.cloudrun-emulator.invalid/apis/…`), the emulator reads
// the API and the region from the host and answers itself. With a proxy set, gcloud's requests
// sessions ignore NO_PROXY and the environment's proxies (googlecloudsdk/core/requests.py), so:
//   - no override: gcloud asks the proxy to CONNECT to *.googleapis.com:443, refused here;
//   - no proxy: gcloud looks up *.cloudrun-emulator.invalid, which fails;
//   - no token: gcloud has no credentials and stops before any request.
// A wrong or missing setting fails; none of them reaches Google.
import * as os from "node:os";
import * as path from "node:path";

export const GCLOUD_DOMAIN = "cloudrun-emulator.invalid";

/** The APIs gcloud's `run jobs` commands call, by the host the emulator gives each. */
export const GCLOUD_APIS = {
  run: `run.${GCLOUD_DOMAIN}`,
  cloudresourcemanager: `cloudresourcemanager.${GCLOUD_DOMAIN}`,
  serviceusage: `serviceusage.${GCLOUD_DOMAIN}`,
  /** Cloud Logging: `gcloud run jobs logs read`, `gcloud logging read` (rest/logging.ts). */
  logging: `logging.${GCLOUD_DOMAIN}`,
} as const;

export type GcloudApi = keyof typeof GCLOUD_APIS;

/** The emulated API a proxied host names (`europe-west1-run.…` is run in europe-west1), or undefined. */
export function apiOfHost(hostname: string): { api: GcloudApi; region?: string } | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  for (const [api, name] of Object.entries(GCLOUD_APIS) as Array<[GcloudApi, string]>) {
    if (host === name) return { api };
    if (api === "run" && host.endsWith(`-${name}`)) {
      const region = host.slice(0, -name.length - 1);
      if (/^[a-z]+-[a-z]+\d+$/.test(region)) return { api, region };
    }
  }
  return undefined;
}

/** The region a run host names: `{region}-run.googleapis.com` or `{region}-run.cloudrun-emulator.invalid`. */
export function regionOfRunHost(host: string | undefined): string | undefined {
  return /^([a-z]+-[a-z]+\d+)-run\.(?:googleapis\.com|cloudrun-emulator\.invalid)\.?(?::\d+)?$/.exec((host ?? "").toLowerCase())?.[1];
}

/** What went through the emulator as a proxy: requests it answered per host, and what it refused. */
export class ProxyLog {
  private readonly answered = new Map<string, number>();
  private readonly refusedList: string[] = [];

  answer(host: string): void {
    this.answered.set(host, (this.answered.get(host) ?? 0) + 1);
  }

  refuse(what: string): void {
    this.refusedList.push(what);
  }

  /** Proxied requests answered, per host. */
  hosts(): Record<string, number> {
    return Object.fromEntries(this.answered);
  }

  /** Proxied requests refused (`CONNECT oauth2.googleapis.com:443`, `GET http://example.com/`). */
  refused(): string[] {
    return [...this.refusedList];
  }

  reset(): void {
    this.answered.clear();
    this.refusedList.length = 0;
  }
}

export interface GcloudEnvOptions {
  /** The emulator's port (the proxy port). */
  port: number;
  /** The emulator's address as gcloud reaches it (default 127.0.0.1). */
  host?: string;
  /** CLOUDSDK_CORE_PROJECT (default `emulator-project`). */
  project?: string;
  /** CLOUDSDK_RUN_REGION, when given. */
  region?: string;
  /** A throwaway gcloud configuration directory (default: one per port under the temp dir). */
  configDir?: string;
  /**
   * Also point gcloud's Logging API at the emulator (CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING), for
   * `gcloud run jobs logs read` and `gcloud logging read`. `cloudrun-emulator env gcloud` sets it;
   * default false here, so the in-process environment stays what it was before Logging existed.
   */
  logging?: boolean;
}

export const DEFAULT_GCLOUD_PROJECT = "emulator-project";
/** A token gcloud sends as is: set through CLOUDSDK_AUTH_ACCESS_TOKEN, it is never refreshed. */
export const GCLOUD_TOKEN = "cloudrun-emulator-token";

export const defaultGcloudConfigDir = (port: number) => path.join(os.tmpdir(), `cloudrun-emulator-gcloud-${port}`);

/** The environment that points gcloud at the emulator, as an ordered map. */
export function gcloudEnv(options: GcloudEnvOptions): Record<string, string> {
  const host = !options.host || options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
  return {
    CLOUDSDK_CONFIG: options.configDir ?? defaultGcloudConfigDir(options.port),
    CLOUDSDK_PROXY_TYPE: "http",
    CLOUDSDK_PROXY_ADDRESS: host,
    CLOUDSDK_PROXY_PORT: String(options.port),
    CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN: `http://${GCLOUD_APIS.run}/`,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER: `http://${GCLOUD_APIS.cloudresourcemanager}/`,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_SERVICEUSAGE: `http://${GCLOUD_APIS.serviceusage}/`,
    ...(options.logging ? { CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: `http://${GCLOUD_APIS.logging}/` } : {}),
    CLOUDSDK_AUTH_ACCESS_TOKEN: GCLOUD_TOKEN,
    CLOUDSDK_CORE_PROJECT: options.project ?? DEFAULT_GCLOUD_PROJECT,
    ...(options.region ? { CLOUDSDK_RUN_REGION: options.region } : {}),
    CLOUDSDK_CORE_DISABLE_USAGE_REPORTING: "1",
    CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: "1",
    CLOUDSDK_CORE_CHECK_GCE_METADATA: "0",
    CLOUDSDK_SURVEY_DISABLE_PROMPTS: "1",
  };
}

/** `export K=V` lines, quoted for a POSIX shell (`eval "$(cloudrun-emulator env gcloud --port N)"`). */
export function exportLines(env: Record<string, string>): string {
  const quote = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);
  return Object.entries(env)
    .map(([k, v]) => `export ${k}=${quote(v)}\n`)
    .join("");
}
