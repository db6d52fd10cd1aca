import * as fs from "fs";
import * as path from "path";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { parse } from "yaml";

/** The project's chart for backend services, `charts/backend-service/`. */
export const BACKEND_SERVICE_CHART_DIR = path.join(__dirname, "..", "..", "..", "..", "charts", "backend-service");

export interface BackendServiceChartProps {
  /** Directory of the chart. @default BACKEND_SERVICE_CHART_DIR */
  readonly directory?: string;
}

/**
 * The backend-service chart copied into the stack's output as a Terraform asset, so the Helm
 * releases install it from a path beside the stack's Terraform files (no chart repository). The
 * asset's path changes with the chart's content, so Terraform sees every chart change.
 */
export class BackendServiceChart extends Construct {
  public readonly asset: TerraformAsset;
  /** `version` of the chart's Chart.yaml. */
  public readonly version: string;

  constructor(scope: Construct, id: string, props: BackendServiceChartProps = {}) {
    super(scope, id);
    const directory = props.directory ?? BACKEND_SERVICE_CHART_DIR;
    const chartFile = path.join(directory, "Chart.yaml");
    if (!fs.existsSync(chartFile)) throw new Error(`BackendServiceChart: ${chartFile} does not exist (directory: ${directory})`);
    const version = (parse(fs.readFileSync(chartFile, "utf8")) as { version?: unknown })?.version;
    if (typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version)) {
      throw new Error(`BackendServiceChart: ${chartFile} version must be a pinned x.y.z, got ${JSON.stringify(version)}`);
    }
    this.version = version;
    this.asset = new TerraformAsset(this, "Default", { path: directory, type: AssetType.DIRECTORY });
  }

  /** The chart's path as Terraform sees it (relative to the stack's directory). */
  public get path(): string {
    return this.asset.path;
  }
}
