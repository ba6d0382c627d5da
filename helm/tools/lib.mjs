// Shared helpers of the chart checks run by helm/test.sh. The npm packages come from the pinned
// install in $TERMINUS_TOOLS/node_modules (default: <repo>/.tools), made by helm/test.sh from
// helm/tools/package-lock.json, so they are loaded by path rather than by bare name.
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const TOOLS = resolve(process.env.TERMINUS_TOOLS || join(REPO, ".tools"));
const MODULES = join(TOOLS, "node_modules");
if (!existsSync(MODULES)) {
  console.error(`error: ${MODULES} is missing; run helm/test.sh, which installs it`);
  process.exit(2);
}
const requireTool = createRequire(join(TOOLS, "package.json"));
const YAML = requireTool("yaml");

/** Imports a file of an installed package by path (the packages are ESM with an exports map). */
export async function importTool(pkg, file) {
  const path = join(MODULES, pkg, file);
  if (!existsSync(path)) {
    return null;
  }
  return import(pathToFileURL(path).href);
}

/** All YAML documents of a file, without the empty ones. */
export function readDocs(file) {
  return YAML.parseAllDocuments(readFileSync(file, "utf8")).map((doc, i) => {
    if (doc.errors.length > 0) {
      throw new Error(`${file}: document ${i + 1}: ${doc.errors[0].message}`);
    }
    return doc.toJS();
  }).filter((d) => d !== null && d !== undefined);
}

export function readYaml(file) {
  return YAML.parse(readFileSync(file, "utf8")) ?? {};
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

const isMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Helm's coalescing of a values file over the chart's values: maps merge, the rest replaces. */
export function mergeValues(base, over) {
  if (!isMap(base) || !isMap(over)) {
    return over === undefined ? base : over;
  }
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = k in base ? mergeValues(base[k], v) : v;
  }
  return out;
}

/** The chart's full name for a release, as templates/_helpers.tpl computes it. */
export function fullname(release, values) {
  const cut = (s) => s.slice(0, 58).replace(/-+$/, "");
  if (values.fullnameOverride) {
    return cut(values.fullnameOverride);
  }
  const name = values.nameOverride || "terminus";
  return cut(release.includes(name) ? release : `${release}-${name}`);
}

/** Parses --key value arguments. */
export function args(argv = process.argv.slice(2)) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) {
      out[argv[i].slice(2)] = argv[i + 1];
      i++;
    } else {
      out._.push(argv[i]);
    }
  }
  return out;
}

export const isObject = isMap;
