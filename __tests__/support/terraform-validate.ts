/**
 * `terraform validate` of a hand-picked extract of a synthesized stack, in a folder of its own that is
 * removed afterwards: the real provider's schema checks the resources without planning the whole stack.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { terraform } from "../../src/preview/offline-plan";

export async function validateExtract(json: Record<string, unknown>, prefix: string): Promise<{ status: number; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(json, null, 2));
    const init = await terraform(["init", "-backend=false", "-input=false", "-no-color"], dir);
    if (init.status !== 0) return { status: init.status, output: init.stderr + init.stdout };
    const result = await terraform(["validate", "-no-color"], dir);
    return { status: result.status, output: result.stderr + result.stdout };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
