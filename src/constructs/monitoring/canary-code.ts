import { storedZip } from "./stored-zip";

/**
 * The Synthetics runtime every canary runs on, a literal: no lookup at plan time, and a change of runtime is a reviewed
 * change of this line. `syn-nodejs-puppeteer-15.0` is the newest Node.js runtime in AWS's runtime list as of December 2026
 * (CloudWatch User Guide, "Runtime versions using Node.js and Puppeteer"); a deprecated runtime keeps running but can
 * no longer be created or updated, and AWS e-mails 60 days before. The AWS provider passes the string through unchecked.
 */
export const CANARY_RUNTIME_VERSION = "syn-nodejs-puppeteer-15.0";

/** The handler Synthetics calls: `<file without .js>.handler`, the file under `nodejs/node_modules/` of the archive. */
export const CANARY_HANDLER = "canary.handler";

/** The environment variable that carries the URL to request (one archive serves every canary). */
export const CANARY_URL_VARIABLE = "CANARY_URL";

/**
 * The canary's script: one GET of the URL with Node's own HTTP client (no browser, no Synthetics library, so it
 * does not depend on the library's namespace, which changed in the 13.1 runtimes); the run fails unless the answer
 * is 2xx within the timeout. Redirects are not followed: a 3xx means the check no longer reaches the service.
 */
export const CANARY_SCRIPT = `"use strict";
// A synthetic check written by the infrastructure project (src/constructs/monitoring/canary-code.ts).
// It requests the URL in ${CANARY_URL_VARIABLE} once and fails the run unless the answer is 2xx in time.
const http = require("node:http");
const https = require("node:https");

exports.handler = async function handler() {
  const url = new URL(process.env.${CANARY_URL_VARIABLE});
  const timeoutMs = Number(process.env.CANARY_TIMEOUT_MS || "10000");
  const client = url.protocol === "https:" ? https : http;
  const status = await new Promise((resolve, reject) => {
    const request = client.get(url, { timeout: timeoutMs, headers: { "user-agent": "road-warrior-synthetic-check" } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("no answer from " + url.href + " within " + timeoutMs + " ms")));
    request.on("error", reject);
  });
  if (status < 200 || status > 299) throw new Error(url.href + " answered " + status + ", expected 2xx");
  return "HTTP " + status;
};
`;

/** The archive Synthetics takes: the script at `nodejs/node_modules/canary.js`, the layout every Node.js runtime accepts. */
export function canaryArchive(): Buffer {
  return storedZip([{ path: "nodejs/node_modules/canary.js", text: CANARY_SCRIPT }]);
}
