/** Writes environments/environment.schema.json from the validation schema (`npm run schema`). */
import * as fs from "fs";
import * as path from "path";
import { environmentJsonSchema } from "../src/config/json-schema";

const target = path.join(__dirname, "..", "environments", "environment.schema.json");
fs.writeFileSync(target, environmentJsonSchema());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
