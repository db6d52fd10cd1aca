// Validates Kubernetes objects (JSON array on stdin) against the OpenAPI schemas of their
// apiVersion and kind with kubernetes-models, and prints one result per object (JSON on stdout).
// A separate Node process because kubernetes-models is ES modules only, which jest's CommonJS
// module system cannot load; kube-validate.ts is the interface to use.
const input = JSON.parse(
  await new Promise((resolve, reject) => {
    let text = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => (text += chunk));
    process.stdin.on("end", () => resolve(text));
    process.stdin.on("error", reject);
  }),
);

const modules = new Map();
async function groupVersion(apiVersion) {
  if (!modules.has(apiVersion)) {
    // "v1" is the core group; anything else is "<group>/<version>", a subpath kubernetes-models exports.
    modules.set(
      apiVersion,
      /^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)
        ? import(`kubernetes-models/${apiVersion}`).catch(() => undefined)
        : Promise.resolve(undefined),
    );
  }
  return modules.get(apiVersion);
}

const results = [];
for (const object of input) {
  const models = await groupVersion(String(object?.apiVersion));
  const model =
    models && Object.values(models).find((m) => typeof m === "function" && m.kind === object.kind && m.apiVersion === object.apiVersion);
  if (!model) {
    results.push({ status: "unknown" });
    continue;
  }
  try {
    new model(object).validate();
    results.push({ status: "valid" });
  } catch (error) {
    const errors = Array.isArray(error.errors) ? error.errors.map((e) => `${e.instancePath || "/"} ${e.message}`) : [String(error.message)];
    results.push({ status: "invalid", errors });
  }
}
process.stdout.write(JSON.stringify(results));
