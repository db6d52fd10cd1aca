/**
 * Writes the generated references (`npm run docs`): docs/security-rules.md from the rule pack and the
 * built-in environments, docs/environment-file.md from the environment schema's descriptions and defaults.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { buildStacks } from "../src/app";
import { environmentFileDoc } from "../src/config/environment-doc";
import { loadEnvironments } from "../src/config/load";
import { checkStacks } from "../src/rules/check";
import { securityRulesDoc } from "../src/rules/docs";
import { RULES } from "../src/rules/pack";
import { validateStacks } from "../src/stack-validation";
import { synthesizedStacks } from "../src/synth";

export function generateSecurityRulesDoc(environmentsDir: string): string {
  const environments = loadEnvironments(environmentsDir).map((e) => e.config);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-docs-"));
  try {
    // cdktf's own validations would run `terraform version` per stack: src/stack-validation.ts.
    const app = new App({ outdir, skipValidation: true });
    buildStacks(app, environments);
    const invalid = validateStacks(app);
    if (invalid.length > 0) throw new Error(`Stack validation failed:\n  ${invalid.join("\n  ")}`);
    app.synth();
    return securityRulesDoc(
      RULES,
      checkStacks(synthesizedStacks(outdir)),
      environments.map((e) => e.name),
    );
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const root = path.join(__dirname, "..");
  const write = (name: string, text: string) => {
    const target = path.join(root, "docs", name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  };
  write("security-rules.md", generateSecurityRulesDoc(path.join(root, "environments")));
  write("environment-file.md", environmentFileDoc());
}
