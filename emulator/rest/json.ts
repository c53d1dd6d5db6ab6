// The proto3 JSON mapping (https://protobuf.dev/programming-guides/json/) over the emulator's
// own protobufjs reflection, for the REST face. Written here rather than borrowed from the
// client libraries' serializer, so that a bug in one cannot hide the same bug in the other.
// Well-known types as the spec says: Timestamp as RFC 3339, Duration as "1.5s", Any with
// "@type", FieldMask as "a,b", wrappers as bare values; int64 as strings; bytes as base64.
import protobuf from "protobufjs";
import { invalidArgument } from "../base/errors";

type Json = unknown;
type Obj = Record<string, unknown>;

export interface ToJsonOptions {
  /** `$alt=json;enum-encoding=int`: enums as numbers (the Node client asks for this). */
  numericEnums?: boolean;
}

function fraction(nanos: number): string {
  if (!nanos) return "";
  const nine = String(nanos).padStart(9, "0");
  // "Generated output always contains 0, 3, 6, or 9 fractional digits."
  return `.${nine.endsWith("000000") ? nine.slice(0, 3) : nine.endsWith("000") ? nine.slice(0, 6) : nine}`;
}

function timestampToJson(v: Obj): string {
  const seconds = Number(v.seconds ?? 0);
  const iso = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "");
  return `${iso}${fraction(Number(v.nanos ?? 0))}Z`;
}

function durationToJson(v: Obj): string {
  const seconds = Number(v.seconds ?? 0);
  const nanos = Number(v.nanos ?? 0);
  const sign = seconds < 0 || nanos < 0 ? "-" : "";
  return `${sign}${Math.abs(seconds)}${fraction(Math.abs(nanos))}s`;
}

const WRAPPERS = new Set(
  ["DoubleValue", "FloatValue", "Int64Value", "UInt64Value", "Int32Value", "UInt32Value", "BoolValue", "StringValue", "BytesValue"].map(
    (n) => `.google.protobuf.${n}`,
  ),
);

function anyTypeName(url: string): string {
  return url.slice(url.lastIndexOf("/") + 1);
}

function messageToJson(type: protobuf.Type, v: Obj, o: ToJsonOptions): Json {
  switch (type.fullName) {
    case ".google.protobuf.Timestamp":
      return timestampToJson(v);
    case ".google.protobuf.Duration":
      return durationToJson(v);
    case ".google.protobuf.FieldMask":
      return ((v.paths as string[] | undefined) ?? []).join(",");
    case ".google.protobuf.Empty":
      return {};
    case ".google.protobuf.Any": {
      const url = String(v.type_url ?? v.typeUrl ?? "");
      const inner = type.root.lookupType(anyTypeName(url));
      const decoded = inner.toObject(inner.decode(Buffer.from(String(v.value ?? ""), "base64")), {
        longs: String,
        enums: o.numericEnums ? Number : String,
        bytes: String,
      });
      const json = messageToJson(inner, decoded, o);
      return json !== null && typeof json === "object" && !Array.isArray(json) && !inner.fullName.startsWith(".google.protobuf.")
        ? { "@type": url, ...(json as Obj) }
        : { "@type": url, value: json };
    }
  }
  if (WRAPPERS.has(type.fullName)) return v.value;
  const out: Obj = {};
  for (const field of type.fieldsArray) {
    const value = v[field.name];
    if (value === undefined || value === null) continue;
    field.resolve();
    const one = (x: unknown) => fieldValueToJson(field, x, o);
    if (field.map) out[field.name] = Object.fromEntries(Object.entries(value as Obj).map(([k, x]) => [k, one(x)]));
    else if (field.repeated) out[field.name] = (value as unknown[]).map(one);
    else out[field.name] = one(value);
  }
  return out;
}

function fieldValueToJson(field: protobuf.Field, value: unknown, o: ToJsonOptions): Json {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return messageToJson(resolved, value as Obj, o);
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  return value;
}

/** Encoded protobuf bytes of `typeName` as proto3 JSON. */
export function bytesToJson(root: protobuf.Root, typeName: string, bytes: Uint8Array, o: ToJsonOptions = {}): Json {
  const type = root.lookupType(typeName);
  const object = type.toObject(type.decode(bytes), { longs: String, enums: o.numericEnums ? Number : String, bytes: String });
  return messageToJson(type, object, o);
}

// ---- JSON → protobufjs object (what `Type.fromObject` takes) ----

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function bad(path: string, description: string): never {
  throw invalidArgument([{ field: path, description }], "Request");
}

function timestampFromJson(v: Json, path: string): Obj {
  const m = typeof v === "string" ? RFC3339.exec(v) : null;
  if (!m)
    bad(
      path,
      `Invalid value at '${path}' (type.googleapis.com/google.protobuf.Timestamp), Field '${path}', Illegal timestamp format; timestamps must end with 'Z' or have a valid timezone offset.`,
    );
  const ms = Date.parse(`${m[1]}${m[3]}`);
  return { seconds: String(Math.floor(ms / 1000)), nanos: m[2] ? Number(m[2].slice(1).padEnd(9, "0")) : 0 };
}

function durationFromJson(v: Json, path: string): Obj {
  const m = typeof v === "string" ? /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(v) : null;
  if (!m)
    bad(
      path,
      `Invalid value at '${path}' (type.googleapis.com/google.protobuf.Duration), Field '${path}', Illegal duration format; duration must end with 's'`,
    );
  const sign = m[1] ? -1 : 1;
  return { seconds: String(sign * Number(m[2])), nanos: sign * (m[3] ? Number(m[3].padEnd(9, "0")) : 0) };
}

function fieldByJsonName(type: protobuf.Type, key: string): protobuf.Field | undefined {
  // Accept the lowerCamelCase JSON name and the proto field name, as ESF does.
  return type.fields[key] ?? type.fields[key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())];
}

function messageFromJson(type: protobuf.Type, v: Json, path: string): Obj {
  switch (type.fullName) {
    case ".google.protobuf.Timestamp":
      return timestampFromJson(v, path);
    case ".google.protobuf.Duration":
      return durationFromJson(v, path);
    case ".google.protobuf.FieldMask":
      return { paths: typeof v === "string" && v ? v.split(",") : [] };
    case ".google.protobuf.Any": {
      const { "@type": url, ...rest } = (v ?? {}) as Obj;
      if (typeof url !== "string") bad(path, `Invalid value at '${path}': an Any needs "@type"`);
      const inner = type.root.lookupType(anyTypeName(url));
      const body = inner.fullName.startsWith(".google.protobuf.") && "value" in rest ? rest.value : rest;
      return { type_url: url, value: inner.encode(inner.fromObject(messageFromJson(inner, body, path))).finish() };
    }
  }
  if (WRAPPERS.has(type.fullName)) return { value: v };
  if (v === null || typeof v !== "object" || Array.isArray(v)) bad(path, `Invalid value at '${path}': expected an object.`);
  const out: Obj = {};
  for (const [key, value] of Object.entries(v as Obj)) {
    const field = fieldByJsonName(type, key);
    const at = path ? `${path}.${key}` : key;
    if (!field) bad(path || key, `Invalid JSON payload received. Unknown name "${key}"${path ? ` at '${path}'` : ""}: Cannot find field.`);
    if (value === null) continue;
    field.resolve();
    const one = (x: unknown, p: string) => fieldValueFromJson(field, x, p);
    if (field.map) out[field.name] = Object.fromEntries(Object.entries(value as Obj).map(([k, x]) => [k, one(x, `${at}[${k}]`)]));
    else if (field.repeated) {
      if (!Array.isArray(value)) bad(at, `Invalid value at '${at}': expected a list.`);
      out[field.name] = value.map((x, i) => one(x, `${at}[${i}]`));
    } else out[field.name] = one(value, at);
  }
  return out;
}

function fieldValueFromJson(field: protobuf.Field, value: Json, path: string): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return messageFromJson(resolved, value, path);
  if (resolved instanceof protobuf.Enum) {
    if (typeof value === "number" || (typeof value === "string" && value in resolved.values)) return value;
    bad(path, `Invalid value at '${path}' (${resolved.name}), "${String(value)}"`);
  }
  if (field.type === "bool" && typeof value === "string") return value === "true";
  // Bytes are base64, standard or URL-safe ("parsers accept both", proto3 JSON mapping): gcloud
  // sends a policy etag URL-safe, protobufjs decodes only the standard alphabet.
  if (field.type === "bytes" && typeof value === "string") {
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(value))
      bad(path, `Invalid value at '${path}' (TYPE_BYTES), Base64 decoding failed for "${value}"`);
    return Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  }
  if (["double", "float"].includes(field.type) && typeof value === "string") return Number(value);
  return value;
}

/** proto3 JSON of `typeName` as encoded protobuf bytes. */
export function jsonToBytes(root: protobuf.Root, typeName: string, json: Json): Uint8Array {
  const type = root.lookupType(typeName);
  return type.encode(type.fromObject(messageFromJson(type, json, ""))).finish();
}

/** The type of the (possibly nested) field at `path` (`job.name`), for typing query parameters. */
export function fieldAt(root: protobuf.Root, typeName: string, path: string): protobuf.Field | undefined {
  let type: protobuf.Type | undefined = root.lookupType(typeName);
  let field: protobuf.Field | undefined;
  for (const part of path.split(".")) {
    field = type ? fieldByJsonName(type, part) : undefined;
    if (!field) return undefined;
    field.resolve();
    type = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
  }
  return field;
}
