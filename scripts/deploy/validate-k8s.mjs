// Validates Kubernetes objects (multi-document YAML on stdin) against the API schemas of
// kubernetes-models. Prints one line per object; exits 1 if any object is invalid or unknown.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(process.env.DEPLOY_TOOLS_NODE + "/package.json");
const yaml = require("js-yaml");
const documents = yaml.loadAll(readFileSync(0, "utf8")).filter((d) => d);
let failed = 0;
for (const object of documents) {
  const { apiVersion, kind } = object;
  const name = `${kind}/${object.metadata?.name}`;
  try {
    const group = apiVersion === "v1" ? "v1" : apiVersion;
    // kubernetes-models is ESM-only: import the group's module file directly.
    const module = await import(pathToFileURL(join(process.env.DEPLOY_TOOLS_NODE, "node_modules", "kubernetes-models", group, "index.js")).href);
    const Model = module[kind];
    if (!Model) throw new Error(`unknown kind ${kind} in ${apiVersion}`);
    new Model(object).validate();
    console.log(`valid ${apiVersion} ${name}`);
  } catch (error) {
    failed++;
    console.log(`INVALID ${apiVersion} ${name}: ${error.message}`);
  }
}
if (documents.length === 0) {
  console.log("INVALID: no objects");
  failed++;
}
process.exit(failed ? 1 : 0);
