// The permissions the emulator's IAM refuses (emulator-only): every caller holds every permission
// but these. Cloud Run's testIamPermissions answers with the asked permissions the caller holds
// (google.iam.v1 TestIamPermissionsResponse), and a call that needs a refused one fails with
// PERMISSION_DENIED, as Cloud Run's own check would. Tests set them with the `deniedPermissions`
// option, the Control service's DenyPermissions, or `--deny-permission`.
export class DeniedPermissions {
  private readonly denied = new Set<string>();

  constructor(initial: Iterable<string> = []) {
    this.set(initial);
  }

  /** Replaces the refused permissions (an empty list grants everything again). */
  set(permissions: Iterable<string>): string[] {
    const next = [...permissions].map((p) => p.trim()).filter(Boolean);
    for (const p of next) {
      if (!/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+){2,}$/.test(p))
        throw new Error(`"${p}" is not a permission (service.resource.verb, e.g. run.jobs.run)`);
    }
    this.denied.clear();
    for (const p of next) this.denied.add(p);
    return this.list();
  }

  has(permission: string): boolean {
    return this.denied.has(permission);
  }

  list(): string[] {
    return [...this.denied].sort();
  }
}
