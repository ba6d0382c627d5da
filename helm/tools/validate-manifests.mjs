// Validates every manifest of rendered chart output against the Kubernetes OpenAPI schemas
// (kubernetes-models; ServiceMonitor from @kubernetes-models/prometheus-operator).
// Usage: node validate-manifests.mjs FILE...   Exit 1 when any manifest is invalid.
// kubernetes-models does not reject unknown fields; helm/tools/check-chart.mjs asserts the fields
// that matter.
import { importTool, readDocs } from "./lib.mjs";

// Kinds whose objects live in a namespace; the chart must set it on every one of them.
const NAMESPACED = new Set([
  "Deployment", "Service", "ServiceAccount", "Role", "RoleBinding", "ServiceMonitor",
]);

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  if (group === "monitoring.coreos.com") {
    return importTool("@kubernetes-models/prometheus-operator", `${group}/${version}/${kind}.js`);
  }
  return importTool("kubernetes-models", `${group ? `${group}/` : ""}${version}/${kind}.js`);
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: validate-manifests.mjs FILE...");
  process.exit(2);
}
let failures = 0;
let checked = 0;
for (const file of files) {
  const seen = new Set();
  for (const doc of readDocs(file)) {
    const id = `${doc.kind}/${doc.metadata?.namespace ?? ""}/${doc.metadata?.name}`;
    const fail = (why) => {
      failures++;
      console.error(`INVALID ${file}: ${id}: ${why}`);
    };
    checked++;
    if (!doc.apiVersion || !doc.kind || !doc.metadata?.name) {
      fail("apiVersion, kind and metadata.name are required");
      continue;
    }
    if (seen.has(id)) {
      fail("rendered twice");
    }
    seen.add(id);
    if (NAMESPACED.has(doc.kind) && !doc.metadata.namespace) {
      fail("namespaced object without metadata.namespace");
    }
    const module = await modelOf(doc.apiVersion, doc.kind);
    const Model = module?.[doc.kind];
    if (!Model) {
      fail(`no schema for ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (e) {
      fail(e.message);
    }
  }
}
console.log(`validated ${checked} manifests: ${failures === 0 ? "all valid" : `${failures} problems`}`);
process.exit(failures === 0 ? 0 : 1);
