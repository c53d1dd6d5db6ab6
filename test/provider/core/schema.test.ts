import { describe, expect, it } from "vitest";
import { checkJobManifest } from "../../../provider/core/check";

describe("checkJobManifest (skeleton)", () => {
  it("accepts a minimal manifest", () => {
    const { manifest, failures } = checkJobManifest({
      spec: { template: { spec: { template: { spec: { containers: [{ image: "busybox" }] } } } } },
    });
    expect(failures).toEqual([]);
    expect(manifest?.spec.template.spec.template.spec.containers[0]?.image).toBe("busybox");
  });

  it("names the property of a missing image", () => {
    const { failures } = checkJobManifest({
      spec: { template: { spec: { template: { spec: { containers: [{}] } } } } },
    });
    expect(failures.map((f) => f.property)).toEqual(["spec.template.spec.template.spec.containers[0].image"]);
  });
});
