// The credentials this process was given (credentials.ts remembers each as it reads it), so
// that no message the provider writes (an error, a log line) ever repeats one: errors.ts and
// credentials.ts pass what they word through `redact`.

const SECRETS = new Set<string>();

/** Remembers secrets, as given and as they appear inside JSON (a private key's newlines as `\n`). */
export function rememberSecrets(...secrets: Array<string | undefined>): void {
  for (const s of secrets) {
    // Shorter strings would mask ordinary words; no credential is that short.
    if (typeof s !== "string" || s.length < 8) continue;
    SECRETS.add(s);
    SECRETS.add(JSON.stringify(s).slice(1, -1));
  }
}

/** `text` with every credential this process knows replaced by `[redacted]`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of SECRETS) if (out.includes(secret)) out = out.split(secret).join("[redacted]");
  return out;
}
