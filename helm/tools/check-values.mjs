// Keeps values.yaml, values.schema.json and the README's "Helm values" table in step:
// every value has a schema (typed), every schema property has a default in values.yaml, and the
// README documents every value (a row per value, or per enclosing object) with its default.
// Usage: node check-values.mjs
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isObject, readJson, readYaml, REPO } from "./lib.mjs";

const values = readYaml(join(REPO, "helm/terminus/values.yaml"));
const schema = readJson(join(REPO, "helm/terminus/values.schema.json"));
const readme = readFileSync(join(REPO, "README.md"), "utf8");
const problems = [];
const fail = (m) => problems.push(m);

if (schema.additionalProperties !== false) {
  fail("values.schema.json: additionalProperties must be false at the top level");
}
if (schema.$schema !== "http://json-schema.org/draft-07/schema#") {
  fail("values.schema.json: draft-07 expected");
}

/** Walks values and schema together: each value path needs a typed schema, and back. */
function walk(path, value, node) {
  const where = path || "(root)";
  if (!node) {
    fail(`${where}: in values.yaml but not in values.schema.json`);
    return;
  }
  if (!node.type && !node.anyOf && !node.const && !node.enum) {
    fail(`${where}: schema has no type`);
  }
  if (path && !node.description) {
    fail(`${where}: schema has no description`);
  }
  if (isObject(value) && node.properties) {
    for (const [k, v] of Object.entries(value)) {
      walk(path ? `${path}.${k}` : k, v, node.properties[k]);
    }
    for (const k of Object.keys(node.properties)) {
      if (!(k in value) && !(path === "" && k === "global")) {
        fail(`${path ? `${path}.${k}` : k}: in values.schema.json but has no default in values.yaml`);
      }
    }
  }
}
walk("", values, schema);

// README: the table under "### Helm values" (until the next heading).
const section = readme.split(/^### Helm values\s*$/m)[1];
if (!section) {
  fail('README.md: no "### Helm values" section');
} else {
  const table = section.split(/^#{1,6} /m)[0];
  const rows = new Map();
  for (const line of table.split("\n")) {
    const m = line.match(/^\|\s*`([^`]+)`\s*\|\s*(.*?)\s*\|\s*(.*?)\s*\|\s*$/);
    if (m) {
      rows.set(m[1], { def: m[2], meaning: m[3] });
    }
  }
  const lookup = (path) => path.split(".").reduce((v, k) => (isObject(v) ? v[k] : undefined), values);
  const exists = (path) =>
    path.split(".").reduce((v, k) => (isObject(v) && k in v ? v[k] : Symbol.for("none")), values) !==
    Symbol.for("none");
  for (const [path, row] of rows) {
    if (!exists(path)) {
      fail(`README: row ${path} is not a value in values.yaml`);
      continue;
    }
    if (!row.meaning) {
      fail(`README: row ${path} has no meaning`);
    }
    const v = lookup(path);
    if (!isObject(v) || Object.keys(v).length === 0) {
      const shown = row.def.replace(/`/g, "").trim();
      const want = typeof v === "string" ? (v === "" ? '""' : v) : JSON.stringify(v);
      if (shown !== want && !(Array.isArray(v) && v.length === 0 && shown === "[]")) {
        fail(`README: ${path} default shown as ${row.def}, values.yaml has ${want}`);
      }
    }
  }
  // Every value path is documented, by its own row or an enclosing object's row.
  const leaves = [];
  const collect = (path, v) => {
    if (isObject(v) && Object.keys(v).length > 0 && !rows.has(path)) {
      Object.entries(v).forEach(([k, x]) => collect(path ? `${path}.${k}` : k, x));
    } else {
      leaves.push(path);
    }
  };
  collect("", values);
  for (const leaf of leaves) {
    const parts = leaf.split(".");
    const covered = parts.some((_, i) => rows.has(parts.slice(0, i + 1).join(".")));
    if (!covered) {
      fail(`README: value ${leaf} is not in the Helm values table`);
    }
  }
  if (problems.length === 0) {
    console.log(`values ok: ${leaves.length} values typed in the schema and documented in the README`);
  }
}
if (problems.length > 0) {
  problems.forEach((p) => console.error(`VALUES: ${p}`));
  process.exit(1);
}
