// Asserts that the rendered RBAC grants exactly the set in helm/rbac-expected.json: no more, no
// less, bound where it should be and to no one else.
// Usage: node check-rbac.mjs --manifests FILE --values CI_VALUES --release NAME --namespace NS
//        [--print true]   (prints the rendered rules)
import { join } from "node:path";
import { args, fullname, mergeValues, readDocs, readJson, readYaml, REPO } from "./lib.mjs";

const a = args();
const values = mergeValues(
  readYaml(join(REPO, "helm/terminus/values.yaml")),
  a.values ? readYaml(a.values) : {},
);
const docs = readDocs(a.manifests);
const expected = readJson(join(REPO, "helm/rbac-expected.json"));
const releaseNs = a.namespace;
const name = fullname(a.release, values);
const serviceAccount = values.serviceAccount.name || (values.serviceAccount.create ? name : "default");
const nodeServiceAccount = values.nodeServiceAccount.name || `${name}-node`;

const problems = [];
const fail = (m) => problems.push(m);
const key = (group, resource, verb) => `${group === "" ? "core" : group} ${resource} ${verb}`;
const expectedSet = (rules) =>
  new Set(rules.flatMap((r) => Object.keys(r.verbs).map((v) => key(r.apiGroup, r.resource, v))));
const OPERATOR = expectedSet(expected.operator);
const LEADER = expectedSet(expected.leaderElection);

// What leader election calls, whatever helm/rbac-expected.json says: fabric8 7.5.2's LeaseLock
// reads the Lease (get), creates it (create), and acquires, renews and releases it with a JSON
// merge PATCH (patch); JOSDK's LeaderElectionManager refuses to start without get, create and
// update. Without patch, the first leader loses the Lease at its first renewal and no replica can
// ever take over an existing Lease.
const LEASE_LOCK_VERBS = ["get", "create", "update", "patch"];
for (const verb of LEASE_LOCK_VERBS) {
  if (!LEADER.has(key("coordination.k8s.io", "leases", verb))) {
    problems.push(`helm/rbac-expected.json: leaderElection lacks coordination.k8s.io leases ${verb}, which leader election calls`);
  }
}

/** The (group, resource, verb) triples a role grants; wildcards and extras are refused. */
function grants(role) {
  const out = new Set();
  const where = id(role);
  if (role.aggregationRule) {
    fail(`${where}: aggregationRule (grants whatever matches)`);
  }
  for (const rule of role.rules ?? []) {
    if (rule.nonResourceURLs || rule.resourceNames) {
      fail(`${where}: nonResourceURLs/resourceNames are not expected`);
    }
    for (const g of rule.apiGroups ?? []) {
      for (const r of rule.resources ?? []) {
        for (const v of rule.verbs ?? []) {
          if ([g, r, v].includes("*")) {
            fail(`${where}: wildcard in ${key(g, r, v)}`);
          }
          const k = key(g, r, v);
          if (out.has(k)) {
            fail(`${where}: ${k} granted twice`);
          }
          out.add(k);
        }
      }
    }
  }
  return out;
}

function sameSet(where, actual, want) {
  const extra = [...actual].filter((k) => !want.has(k)).sort();
  const missing = [...want].filter((k) => !actual.has(k)).sort();
  extra.forEach((k) => fail(`${where}: grants ${k}, which the operator does not call`));
  missing.forEach((k) => fail(`${where}: lacks ${k}, which the operator calls`));
}

const of = (kind) => docs.filter((d) => d.kind === kind);
const roles = [...of("ClusterRole"), ...of("Role")];
const bindings = [...of("ClusterRoleBinding"), ...of("RoleBinding")];
const ref = (kind, ns, name) => `${kind} ${ns ? `${ns}/` : ""}${name}`;
const id = (d) => ref(d.kind, d.metadata.namespace, d.metadata.name);

// Which roles must exist, where, with which set.
const want = [];
if (values.rbac.create) {
  if (values.watchNamespaces.length === 0) {
    want.push({ kind: "ClusterRole", namespace: undefined, name, set: OPERATOR });
  } else {
    for (const ns of values.watchNamespaces) {
      want.push({ kind: "Role", namespace: ns, name, set: OPERATOR });
    }
  }
  if (values.leaderElection.enabled) {
    want.push({ kind: "Role", namespace: releaseNs, name: `${name}-leader-election`, set: LEADER });
  }
}

const matched = new Set();
for (const w of want) {
  const where = ref(w.kind, w.namespace, w.name);
  const role = roles.find(
    (r) => r.kind === w.kind && r.metadata.name === w.name && r.metadata.namespace === w.namespace,
  );
  if (!role) {
    fail(`${where}: missing`);
    continue;
  }
  matched.add(role);
  sameSet(where, grants(role), w.set);
  const bindingKind = w.kind === "ClusterRole" ? "ClusterRoleBinding" : "RoleBinding";
  const bound = bindings.filter(
    (b) =>
      b.kind === bindingKind &&
      b.metadata.namespace === w.namespace &&
      b.roleRef?.kind === w.kind &&
      b.roleRef?.name === w.name &&
      b.roleRef?.apiGroup === "rbac.authorization.k8s.io",
  );
  if (bound.length !== 1) {
    fail(`${where}: bound by ${bound.length} ${bindingKind}s, expected 1`);
  }
  for (const b of bound) {
    const subjects = (b.subjects ?? []).map((s) => `${s.kind} ${s.namespace}/${s.name}`);
    const only = `ServiceAccount ${releaseNs}/${serviceAccount}`;
    if (subjects.length !== 1 || subjects[0] !== only) {
      fail(`${id(b)}: subjects [${subjects.join(", ")}], expected only ${only}`);
    }
  }
}
roles.filter((r) => !matched.has(r)).forEach((r) => fail(`${id(r)}: not expected`));
for (const b of bindings) {
  const target = roles.find(
    (r) =>
      matched.has(r) &&
      r.kind === b.roleRef?.kind &&
      r.metadata.name === b.roleRef?.name &&
      (r.kind === "ClusterRole" || r.metadata.namespace === b.metadata.namespace),
  );
  if (!target) {
    fail(`${id(b)}: binds ${b.roleRef?.kind} ${b.roleRef?.name}, not one of the expected roles`);
  }
  if ((b.subjects ?? []).some((s) => s.name === nodeServiceAccount)) {
    fail(`${id(b)}: binds the node ServiceAccount ${nodeServiceAccount}, which must have no RBAC`);
  }
}

if (a.print === "true") {
  for (const r of roles) {
    console.log(`  ${id(r)}:`);
    for (const rule of r.rules) {
      const groups = rule.apiGroups.map((g) => (g === "" ? '""' : g)).join(",");
      console.log(`    ${groups.padEnd(20)} ${rule.resources.join(",").padEnd(52)} ${rule.verbs.join(",")}`);
    }
  }
}
if (problems.length > 0) {
  problems.forEach((p) => console.error(`RBAC: ${p}`));
  process.exit(1);
}
const scope = !values.rbac.create
  ? "no RBAC (rbac.create=false)"
  : values.watchNamespaces.length === 0
    ? "ClusterRole"
    : `Roles in ${values.watchNamespaces.join(", ")}`;
console.log(
  `rbac ok: ${scope}${values.rbac.create && values.leaderElection.enabled ? " + lease Role" : ""}` +
    ` grant exactly helm/rbac-expected.json (${roles.length} roles, ${bindings.length} bindings)`,
);
