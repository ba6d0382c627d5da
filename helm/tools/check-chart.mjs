// Asserts what the rendered chart must do for a values file: every setting the operator declares
// is passed (helm/operator-settings.json, written from the operator's Setting declaration by its
// SettingTest, so a new setting without a chart value fails here), the restricted security profile, the /tmp emptyDir, probes, the Service and
// ServiceMonitor, the store Secrets, the ServiceAccounts, the CRDs.
// Usage: node check-chart.mjs --manifests FILE --values CI_VALUES --release NAME --namespace NS
import { join } from "node:path";
import { args, fullname, mergeValues, readDocs, readJson, readYaml, REPO } from "./lib.mjs";

const a = args();
const values = mergeValues(
  readYaml(join(REPO, "helm/terminus/values.yaml")),
  a.values ? readYaml(a.values) : {},
);
const chart = readYaml(join(REPO, "helm/terminus/Chart.yaml"));
const docs = readDocs(a.manifests);
const ns = a.namespace;
const name = fullname(a.release, values);
const problems = [];
const check = (ok, message) => ok || problems.push(message);
const of = (kind) => docs.filter((d) => d.kind === kind);

// ---- settings the operator declares (dev.terminus.operator.config.Setting) -----------------
const declared = readJson(join(REPO, "helm/operator-settings.json")).settings.map((s) => s.name);
const readByOperator = new Set(declared);
// How the chart sets each of them.
const secretEnv = (s) => (s.name ? { secret: s } : undefined);
const expectedEnv = {
  TERMINUS_WATCH_NAMESPACES: values.watchNamespaces.join(","),
  TERMINUS_RESYNC_SECONDS: String(values.resyncSeconds),
  TERMINUS_WORKFLOW_NOT_FOUND_TIMEOUT_SECONDS: String(values.workflowNotFoundTimeoutSeconds),
  TERMINUS_DEADLINE_GRACE_SECONDS: String(values.deadlineGraceSeconds),
  TERMINUS_DEFAULT_NODE_DEADLINE_SECONDS: String(values.defaultNodeDeadlineSeconds),
  TERMINUS_DEFAULT_PENDING_TIMEOUT_SECONDS: String(values.defaultPendingTimeoutSeconds),
  TERMINUS_POD_LOST_GRACE_SECONDS: String(values.podLostGraceSeconds),
  TERMINUS_DELETION_TIMEOUT_SECONDS: String(values.deletionTimeoutSeconds),
  TERMINUS_WORKER_IMAGE: values.workerImage,
  TERMINUS_RECONCILE_THREADS: String(values.reconcileThreads),
  TERMINUS_LOG_LEVEL: values.logLevel,
  TERMINUS_LOG_FORMAT: values.logFormat,
  TERMINUS_JOSDK_LOG_LEVEL: values.josdkLogLevel,
  TERMINUS_LEADER_ELECTION: String(values.leaderElection.enabled),
  TERMINUS_POSTGRES_URL: secretEnv(values.postgres.urlSecret),
  TERMINUS_REDIS_URL: secretEnv(values.redis.urlSecret),
};
// Declared settings the chart leaves to extraEnv, and why.
const notSetByChart = {
  TERMINUS_POSTGRES_USER: "the user goes in the URL Secret (or extraEnv)",
  TERMINUS_POSTGRES_PASSWORD: "the password goes in the URL Secret (or extraEnv)",
};
for (const v of readByOperator) {
  check(v in expectedEnv || v in notSetByChart,
    `the operator reads ${v}, which the chart does not set (add a value)`);
}
for (const v of [...Object.keys(expectedEnv), ...Object.keys(notSetByChart)]) {
  check(readByOperator.has(v), `the chart knows ${v}, which the operator does not declare`);
}

// ---- Deployment ---------------------------------------------------------------------------
const deployments = of("Deployment");
check(deployments.length === 1, `expected 1 Deployment, got ${deployments.length}`);
const deployment = deployments[0] ?? { metadata: {}, spec: { template: { spec: {} } } };
const pod = deployment.spec.template.spec;
const container = (pod.containers ?? [])[0] ?? {};
check(deployment.metadata.name === name && deployment.metadata.namespace === ns,
  `Deployment is ${deployment.metadata.namespace}/${deployment.metadata.name}, expected ${ns}/${name}`);
check(deployment.spec.replicas === values.replicas, `replicas ${deployment.spec.replicas}`);
check((deployment.spec.strategy?.type ?? "RollingUpdate") ===
  (values.leaderElection.enabled ? "RollingUpdate" : "Recreate"),
  "without leader election the rollout must be Recreate (never two operators at once)");
check(pod.containers?.length === 1, "one container");
const tag = values.image.tag || chart.appVersion;
check(container.image === `${values.image.repository}:${tag}`, `image ${container.image}`);
const serviceAccount = values.serviceAccount.name || (values.serviceAccount.create ? name : "default");
check(pod.serviceAccountName === serviceAccount, `serviceAccountName ${pod.serviceAccountName}`);
check(pod.automountServiceAccountToken !== false, "the operator needs its token");

// Restricted Pod Security Standard, container settings over pod settings.
const psc = pod.securityContext ?? {};
const csc = container.securityContext ?? {};
const eff = (k) => (csc[k] !== undefined ? csc[k] : psc[k]);
check(eff("runAsNonRoot") === true, "runAsNonRoot");
check(eff("runAsUser") === 65532, `runAsUser ${eff("runAsUser")}, expected 65532`);
check((eff("seccompProfile") ?? {}).type === "RuntimeDefault", "seccompProfile RuntimeDefault");
check(csc.allowPrivilegeEscalation === false, "allowPrivilegeEscalation false");
check(csc.readOnlyRootFilesystem === true, "readOnlyRootFilesystem true");
check(JSON.stringify(csc.capabilities?.drop) === '["ALL"]' && !csc.capabilities?.add,
  "capabilities: drop ALL, add none");
check(!csc.privileged, "not privileged");

// /tmp: the only writable place.
const tmpMount = (container.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
const tmpVolume = tmpMount && (pod.volumes ?? []).find((v) => v.name === tmpMount.name);
check(tmpVolume && tmpVolume.emptyDir && typeof tmpVolume.emptyDir === "object",
  "/tmp is an emptyDir");
if (values.tmpDir.sizeLimit) {
  check(tmpVolume?.emptyDir?.sizeLimit === values.tmpDir.sizeLimit, "/tmp sizeLimit");
}

// Port and probes.
check((container.ports ?? []).some((p) => p.name === "http-metrics" && p.containerPort === 8080),
  "container port 8080 named http-metrics");
const probe = (p, path) => p?.httpGet?.path === path && p.httpGet.port === "http-metrics";
if (values.probes.enabled) {
  check(probe(container.livenessProbe, "/healthz"), "livenessProbe GET /healthz on 8080");
  check(probe(container.readinessProbe, "/readyz"), "readinessProbe GET /readyz on 8080");
  check(probe(container.startupProbe, "/healthz"), "startupProbe GET /healthz on 8080");
} else {
  check(!container.livenessProbe && !container.readinessProbe && !container.startupProbe,
    "probes off");
}

// Environment.
const env = container.env ?? [];
const names = env.map((e) => e.name);
check(new Set(names).size === names.length, `duplicate env names: ${names}`);
for (const [k, want] of Object.entries(expectedEnv)) {
  const e = env.find((x) => x.name === k);
  if (want === undefined) {
    check(!e, `${k} must not be set when its Secret is not configured`);
  } else if (typeof want === "object") {
    const ref = e?.valueFrom?.secretKeyRef;
    check(ref && ref.name === want.secret.name && ref.key === want.secret.key && e.value === undefined,
      `${k} from secretKeyRef ${want.secret.name}/${want.secret.key}, got ${JSON.stringify(e)}`);
  } else {
    check(e && e.value === want, `${k}=${JSON.stringify(want)}, got ${JSON.stringify(e?.value)}`);
  }
}
check(values.javaOptions
  ? env.some((e) => e.name === "JDK_JAVA_OPTIONS" && e.value === values.javaOptions)
  : !names.includes("JDK_JAVA_OPTIONS"), "JDK_JAVA_OPTIONS");
for (const extra of values.extraEnv) {
  check(env.some((e) => e.name === extra.name), `extraEnv ${extra.name}`);
}

// ---- Service and ServiceMonitor -------------------------------------------------------------
const services = of("Service");
check(services.length === 1, `expected 1 Service, got ${services.length}`);
const service = services[0] ?? { spec: {}, metadata: {} };
check((service.spec.ports ?? []).length === 1 && service.spec.ports[0].name === "http-metrics" &&
  service.spec.ports[0].port === values.service.port &&
  service.spec.ports[0].targetPort === "http-metrics", "Service port http-metrics");
const podLabels = deployment.spec.template.metadata?.labels ?? {};
const matches = (selector, labels) =>
  Object.keys(selector ?? {}).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);
check(matches(service.spec.selector, podLabels), "the Service selects the operator Pods");
check(matches(deployment.spec.selector?.matchLabels, podLabels), "the Deployment selects its Pods");
const monitors = of("ServiceMonitor");
if (values.metrics.serviceMonitor.enabled) {
  check(monitors.length === 1, "one ServiceMonitor");
  const m = monitors[0];
  check(m && matches(m.spec.selector.matchLabels, service.metadata.labels),
    "the ServiceMonitor selects the Service");
  check(m && m.spec.endpoints.length === 1 && m.spec.endpoints[0].port === "http-metrics" &&
    m.spec.endpoints[0].path === "/metrics" &&
    m.spec.endpoints[0].interval === values.metrics.serviceMonitor.interval,
    "ServiceMonitor endpoint http-metrics /metrics");
  for (const [k, v] of Object.entries(values.metrics.serviceMonitor.labels)) {
    check(m?.metadata.labels[k] === v, `ServiceMonitor label ${k}`);
  }
} else {
  check(monitors.length === 0, "no ServiceMonitor unless enabled");
}

// ---- ServiceAccounts ---------------------------------------------------------------------
const accounts = of("ServiceAccount");
const operatorAccounts = accounts.filter((s) => s.metadata.name === serviceAccount);
check(operatorAccounts.length === (values.serviceAccount.create ? 1 : 0) &&
  operatorAccounts.every((s) => s.metadata.namespace === ns && s.automountServiceAccountToken !== false),
  `operator ServiceAccount ${serviceAccount} (create=${values.serviceAccount.create})`);
const nodeAccount = values.nodeServiceAccount.name || `${name}-node`;
const nodeAccounts = accounts.filter((s) => s.metadata.name === nodeAccount);
const nodeNamespaces = values.nodeServiceAccount.create
  ? [...new Set([ns, ...values.watchNamespaces])].sort()
  : [];
check(JSON.stringify(nodeAccounts.map((s) => s.metadata.namespace).sort()) ===
  JSON.stringify(nodeNamespaces),
  `node ServiceAccount ${nodeAccount} in [${nodeNamespaces}], got [${nodeAccounts.map((s) => s.metadata.namespace)}]`);
check(nodeAccounts.every((s) => s.automountServiceAccountToken === false),
  "node ServiceAccount: automountServiceAccountToken false");
check(accounts.length === operatorAccounts.length + nodeAccounts.length, "no other ServiceAccount");

// ---- CRDs (rendered with --include-crds) ----------------------------------------------------
const crds = of("CustomResourceDefinition").map((c) => c.metadata.name).sort();
check(JSON.stringify(crds) === '["workflowexecutions.terminus.dev","workflows.terminus.dev"]',
  `CRDs ${crds}`);

if (problems.length > 0) {
  problems.forEach((p) => console.error(`CHART: ${p}`));
  process.exit(1);
}
console.log(`chart ok: ${docs.length} objects; operator settings declared: ${readByOperator.size}, all passed or explained`);
