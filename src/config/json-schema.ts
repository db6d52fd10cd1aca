import { z } from "./zod";
import { environmentSchema } from "./schema";

/**
 * The JSON Schema editors use to complete and check environment files, generated from the
 * validation schema (input shape: fields with defaults are optional). Cross-field rules are not
 * expressible here; the loader still checks them.
 */
export function environmentJsonSchema(): string {
  const schema = z.toJSONSchema(environmentSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, $id: "https://road-warrior.example/environment.schema.json" }, null, 2)}\n`;
}
