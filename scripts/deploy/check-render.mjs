// Checks what the chart renders (multi-document YAML on stdin) for one mode: node check-render.mjs embedded|production|pods.
// embedded: one Deployment with exactly 1 replica and strategy Recreate, its /data on a PersistentVolumeClaim that is
//           rendered (or named by persistence.existingClaim), no migration Job, no HPA.
// production: a migration Job that is a pre-install,pre-upgrade Helm hook running --migrate (so Helm runs it before
//           the Deployments), every Deployment waiting for the schema in an init container with migrations off.
// pods (and both modes): every pod (Deployments, Jobs) with seccompProfile RuntimeDefault, runAsNonRoot, read-only root filesystems;
//       no image tagged latest (or untagged).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(process.env.DEPLOY_TOOLS_NODE + "/package.json");
const yaml = require("js-yaml");
const mode = process.argv[2];
const objects = yaml.loadAll(readFileSync(0, "utf8")).filter((d) => d);
const errors = [];
const expect = (condition, message) => { if (!condition) errors.push(message); };
const ofKind = (kind) => objects.filter((o) => o.kind === kind);
const podSpec = (o) => o.spec?.template?.spec;
const envOf = (container) => Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));

const deployments = ofKind("Deployment");
const jobs = ofKind("Job");
expect(deployments.length > 0, "no Deployment rendered");

for (const o of [...deployments, ...jobs]) {
  const name = `${o.kind}/${o.metadata.name}`;
  const spec = podSpec(o);
  expect(spec.securityContext?.seccompProfile?.type === "RuntimeDefault", `${name}: pod seccompProfile is not RuntimeDefault`);
  expect(spec.securityContext?.runAsNonRoot === true, `${name}: pod runAsNonRoot is not true`);
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    expect(c.securityContext?.readOnlyRootFilesystem === true, `${name}/${c.name}: root filesystem not read-only`);
    expect(c.securityContext?.allowPrivilegeEscalation === false, `${name}/${c.name}: privilege escalation allowed`);
    const tag = c.image.includes(":") ? c.image.split(":").pop() : "";
    expect(tag !== "" && tag !== "latest", `${name}/${c.name}: image ${c.image} is not pinned`);
  }
}

if (mode === "embedded") {
  expect(deployments.length === 1, `embedded: expected exactly one Deployment, got ${deployments.map((d) => d.metadata.name)}`);
  const web = deployments[0];
  expect(web?.spec.replicas === 1, `embedded: replicas is ${web?.spec.replicas}, expected 1`);
  expect(web?.spec.strategy?.type === "Recreate", `embedded: strategy is ${web?.spec.strategy?.type}, expected Recreate`);
  const data = podSpec(web)?.volumes?.find((v) => v.name === "data");
  expect(data?.persistentVolumeClaim?.claimName, "embedded: the data volume is not a PersistentVolumeClaim");
  const pvcs = ofKind("PersistentVolumeClaim");
  expect(pvcs.some((p) => p.metadata.name === data?.persistentVolumeClaim?.claimName), `embedded: no PersistentVolumeClaim named ${data?.persistentVolumeClaim?.claimName}`);
  expect(jobs.length === 0, "embedded: a migration Job is rendered (the pod migrates itself)");
  expect(ofKind("HorizontalPodAutoscaler").length === 0, "embedded: an HPA is rendered");
  expect(envOf(podSpec(web).containers[0]).Database__MigrateOnStartup === "true", "embedded: the pod does not migrate at start");
} else if (mode === "production") {
  const job = jobs.find((j) => j.metadata.name.endsWith("-migrate"));
  expect(job, "production: no migration Job");
  if (job) {
    const hooks = (job.metadata.annotations?.["helm.sh/hook"] ?? "").split(",");
    expect(hooks.includes("pre-install") && hooks.includes("pre-upgrade"), `production: the Job's helm.sh/hook is "${hooks}", expected pre-install,pre-upgrade`);
    expect(job.metadata.annotations?.["helm.sh/hook-weight"] !== undefined, "production: the Job has no hook weight");
    expect((job.metadata.annotations?.["helm.sh/hook-delete-policy"] ?? "").includes("before-hook-creation"), "production: the Job's delete policy lacks before-hook-creation");
    expect(JSON.stringify(podSpec(job).containers[0].args) === JSON.stringify(["--migrate"]), "production: the Job does not run --migrate");
    expect(!(podSpec(job).containers[0].envFrom ?? []).some((e) => e.configMapRef), "production: the Job reads the ConfigMap, which does not exist yet before install");
  }
  for (const d of deployments) {
    const spec = podSpec(d);
    const init = (spec.initContainers ?? []).find((c) => c.name === "wait-for-schema");
    expect(init && JSON.stringify(init.args) === JSON.stringify(["--wait-for-schema"]), `production: ${d.metadata.name} has no wait-for-schema init container`);
    expect(envOf(spec.containers[0]).Database__MigrateOnStartup === "false", `production: ${d.metadata.name} migrates at start`);
  }
  expect(ofKind("PersistentVolumeClaim").length === 0, "production: a PersistentVolumeClaim is rendered");
  const web = deployments.find((d) => d.metadata.name.endsWith("-web"));
  expect(web && podSpec(web).affinity?.podAntiAffinity, "production: the web pods have no anti-affinity");
  expect(ofKind("PodDisruptionBudget").length === 1, "production: no PodDisruptionBudget");
} else if (mode !== "pods") {
  errors.push(`unknown mode ${mode}`);
}

for (const e of errors) console.log(`FAILED ${e}`);
console.log(`${mode}: ${objects.length} objects, ${errors.length} problem(s)`);
process.exit(errors.length ? 1 : 0);
