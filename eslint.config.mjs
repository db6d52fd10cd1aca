// @ts-check
/**
 * `npm run lint` runs ESLint with this config, then `prettier --check` over the same tree
 * (`.prettierignore` leaves out the same generated and pinned files as `ignores` below).
 * Syntax-only rules: no type-aware linting, which on 2 cores would cost more than `tsc` itself.
 * Prettier owns layout (eslint-config-prettier turns off the rules that would fight it); ESLint
 * keeps `max-len` because Prettier wraps code but never comments, strings or template literals.
 */
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

/** Node's globals used by the plain JavaScript files (scripts/register.js, jest.config.js, a test worker). */
const nodeGlobals = { process: "readonly", console: "readonly", require: "readonly", module: "writable", __dirname: "readonly" };

export default defineConfig(
  {
    // Generated or pinned upstream content, byte for byte: cdktf output (and its staging folders),
    // Terraform's working folders, chart templates, CRDs. ESLint does not read .gitignore.
    ignores: [
      "node_modules/",
      "cdktf.out/",
      "cdktf.out.staging*/",
      ".gen/",
      "**/.terraform/",
      "coverage/",
      "charts/**/templates/",
      "src/constructs/addons/load-balancer-controller/crds/",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  prettier,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // After eslint-config-prettier, which turns max-len off. Prettier wraps code at 140 but never
      // comments, strings or template literals: those are wrapped by hand. A long message is split
      // where its sentences or clauses end (concatenated, or an array joined), so each piece still
      // finds its source with grep. URLs and regular expressions cannot be wrapped without changing them.
      "max-len": ["error", { code: 140, ignoreUrls: true, ignoreRegExpLiterals: true }],
      // `_name` marks a parameter a signature needs and the body does not.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Tests walk synthesized Terraform JSON and Kubernetes manifests, which have no TypeScript
    // type; `any` there is the honest type, and a wrong path fails the assertion anyway.
    files: ["__tests__/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
