import { CostError } from "../model";
import { EU_CENTRAL_1 } from "./eu-central-1";
import { PriceTable } from "./types";
import { US_EAST_1 } from "./us-east-1";

/** The regions with a price table. An environment elsewhere cannot be estimated until its table is added here. */
export const PRICE_TABLES: Readonly<Record<string, PriceTable>> = {
  "us-east-1": US_EAST_1,
  "eu-central-1": EU_CENTRAL_1,
};

export function priceTable(region: string): PriceTable {
  const table = PRICE_TABLES[region];
  if (!table) {
    throw new CostError([
      `region ${region} has no price table; priced regions: ${Object.keys(PRICE_TABLES).join(", ")} ` +
        `(add src/cost/prices/${region}.ts and list it in src/cost/prices/index.ts)`,
    ]);
  }
  return table;
}
