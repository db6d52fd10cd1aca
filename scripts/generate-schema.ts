/**
 * Writes the JSON Schemas generated from zod schemas (`npm run schema`): environments/environment.schema.json
 * from the environment file's validation schema, charts/backend-service/values.schema.json from the chart's values contract,
 * docs/frontend-contract.schema.json from the front-end contract.
 */
import * as fs from "fs";
import * as path from "path";
import { frontendContractJsonSchema } from "../src/config/frontend-contract";
import { environmentJsonSchema } from "../src/config/json-schema";
import { backendServiceValuesJsonSchema } from "../src/constructs/apps/backend-service/values";

const root = path.join(__dirname, "..");
for (const [file, text] of [
  [path.join(root, "environments", "environment.schema.json"), environmentJsonSchema()],
  [path.join(root, "charts", "backend-service", "values.schema.json"), backendServiceValuesJsonSchema()],
  [path.join(root, "docs", "frontend-contract.schema.json"), frontendContractJsonSchema()],
]) {
  fs.writeFileSync(file, text);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
