# Terminus — build entry points. `make help` lists targets and variables.

MVN       ?= mvn
MVN_FLAGS ?= -B -ntp
# Arguments of embedded mode (`make run`), e.g. RUN_ARGS="--once" or RUN_ARGS="--help".
RUN_ARGS  ?=
# kubectl of the end-to-end tests: empty means the one on the PATH, else a pinned v1.33.0 installed
# into .tools/ (embedded/kubectl.sh); `pinned` forces the pinned one; or a path.
KUBECTL   ?=
# promtool of the metrics test: empty means a pinned Prometheus 3.16.0 promtool, built with Go into
# .tools/ the first time (operator/promtool.sh); or a path.
PROMTOOL  ?=
# Where `make crds` writes the CRDs the Helm chart installs.
CRDS_DIR  ?= helm/terminus/crds
# Size and seed of `make chaos`; the same seed replays the same DAGs, behaviours and fault schedule.
CHAOS_EXECUTIONS ?= 200
CHAOS_SEED       ?= 20261129

# Sizes of `make bench` (see docs/benchmarks.md); the defaults finish in under 3 minutes on 2 cores (about 1.5 min measured).
BENCH_EXECUTIONS      ?= 30
BENCH_REPETITIONS     ?= 3
BENCH_COST_EXECUTIONS ?= 10
BENCH_HEAP_EXECUTIONS ?= 200
BENCH_ONLY            ?=
BENCH_OUT             ?= target/bench/results.json
BENCH_JVM_FLAGS       ?= -Xms1g -Xmx2g
# Sizes of `make bench-cluster`: raw Jobs of the baseline, executions per DAG shape, width of the wide DAG.
BENCH_RAW                ?= 200
BENCH_CLUSTER_EXECUTIONS ?= 20
BENCH_WIDE               ?= 500
# Argo Workflows side by side (true|false), and its DEFAULT_REQUEUE_TIME (empty: Argo's default, 10s).
BENCH_ARGO               ?= true
BENCH_ARGO_REQUEUE       ?=

GENERATED_CRDS_DIR := crd/target/classes/META-INF/fabric8
EMBEDDED_JAR       := embedded/target/terminus-embedded.jar
CHAOS_SUMMARY      := operator/target/chaos-summary.txt
BENCH_MAIN         := dev.terminus.operator.bench.BenchMain

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

.PHONY: bench-cluster bench-peers bench-embedded help build test test-fast cluster-test control-plane helm-test e2e chaos run bench crds fmt clean

help: ## Show this help
	@echo "Usage: make <target> [VARIABLE=value ...]"
	@echo
	@echo "Targets:"
	@grep -E '^[a-z][a-zA-Z0-9_-]*:.*## ' $(MAKEFILE_LIST) \
	  | awk 'BEGIN {FS = ":.*## "} {printf "  %-10s %s\n", $$1, $$2}'
	@echo
	@echo "Variables (current value):"
	@echo "  MVN               Maven command                          ($(MVN))"
	@echo "  MVN_FLAGS         flags given to every Maven call        ($(MVN_FLAGS))"
	@echo "  RUN_ARGS          arguments of embedded mode (run)       ($(RUN_ARGS))"
	@echo "  KUBECTL           kubectl of the end-to-end tests        ($(KUBECTL))"
	@echo "  PROMTOOL          promtool of the metrics test           ($(PROMTOOL))"
	@echo "  CRDS_DIR          where 'make crds' writes the CRDs      ($(CRDS_DIR))"
	@echo "  CHAOS_EXECUTIONS  executions 'make chaos' runs           ($(CHAOS_EXECUTIONS))"
	@echo "  CHAOS_SEED        seed of 'make chaos' (DAGs, faults)    ($(CHAOS_SEED))"
	@echo "  BENCH_*           sizes of 'make bench' (see the bench target)"

build: ## Compile and package all modules, tests skipped
	$(MVN) $(MVN_FLAGS) package -DskipTests

test: helm-test control-plane ## Full test suite: chart tests, then mvn verify (unit, integration, kubectl end-to-end on both backends, cluster suite on the real control plane, CRD drift, spotless)
	KUBECTL="$$(KUBECTL="$(KUBECTL)" bash embedded/kubectl.sh)" \
	PROMTOOL="$$(PROMTOOL="$(PROMTOOL)" bash operator/promtool.sh)" $(MVN) $(MVN_FLAGS) verify

test-fast: helm-test ## The suite without the real control plane: no cluster suite, no real-control-plane demo test
	KUBECTL="$$(KUBECTL="$(KUBECTL)" bash embedded/kubectl.sh)" \
	PROMTOOL="$$(PROMTOOL="$(PROMTOOL)" bash operator/promtool.sh)" $(MVN) $(MVN_FLAGS) verify \
	  -Dterminus.cluster.skip=true

cluster-test: helm-test control-plane ## Only the cluster suite: Terminus on kube-apiserver, etcd and kube-controller-manager
	$(MVN) $(MVN_FLAGS) -pl cluster -am verify -Dtest='*ClusterTest' -Dsurefire.failIfNoSpecifiedTests=false

control-plane: ## Build the pinned kube-apiserver, kube-controller-manager, kubectl and etcd (Go >= 1.26) into ~/.cache/terminus/k8s; a no-op when built
	bash controlplane/build.sh

e2e: ## Only the end-to-end tests: embedded mode driven by the real kubectl (and what they build on)
	KUBECTL="$$(KUBECTL="$(KUBECTL)" bash embedded/kubectl.sh)" $(MVN) $(MVN_FLAGS) -pl embedded -am \
	  verify -Dtest='*EndToEndTest' -Dsurefire.failIfNoSpecifiedTests=false

helm-test: ## Chart tests: lint, render, schema-validate, RBAC check (installs pinned tools in .tools/)
	bash helm/test.sh

# The summary table is printed after Maven's output, whether the test passed or not.
chaos: ## Chaos test only, large: CHAOS_EXECUTIONS random DAGs under random faults, seed CHAOS_SEED
	@rm -f $(CHAOS_SUMMARY)
	status=0; \
	$(MVN) $(MVN_FLAGS) -pl operator -am test -Dspotless.skip=true -Dtest=ChaosTest \
	  -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dterminus.chaos.executions=$(CHAOS_EXECUTIONS) -Dterminus.chaos.seed=$(CHAOS_SEED) \
	  || status=$$?; \
	cat $(CHAOS_SUMMARY) 2>/dev/null || true; \
	exit $$status

run: ## Build, then run Terminus with no cluster: kubectl-ready API, local runner, operator, an example
	$(MVN) -q $(MVN_FLAGS) -pl embedded -am package -DskipTests -Dspotless.skip=true
	java -jar $(EMBEDDED_JAR) $(RUN_ARGS)

bench-embedded: ## Benchmarks against the in-process API (the second backend): prints a table, writes BENCH_OUT (JSON)
	$(MVN) -q $(MVN_FLAGS) -pl operator -am test-compile dependency:build-classpath \
	  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test -Dspotless.skip=true
	java $(BENCH_JVM_FLAGS) \
	  -cp "operator/target/test-classes:operator/target/classes:$$(cat operator/target/classpath.txt)" \
	  -Dbench.executions=$(BENCH_EXECUTIONS) -Dbench.repetitions=$(BENCH_REPETITIONS) \
	  -Dbench.costExecutions=$(BENCH_COST_EXECUTIONS) \
	  -Dbench.heapExecutions=$(BENCH_HEAP_EXECUTIONS) -Dbench.only=$(BENCH_ONLY) \
	  -Dbench.output=$(BENCH_OUT) $(BENCH_MAIN)

bench: bench-cluster ## Benchmarks on the real control plane, Terminus and Argo Workflows side by side (= bench-cluster)

bench-peers: bench-cluster ## Same as bench-cluster (BENCH_ARGO=false leaves Argo out)

bench-cluster: control-plane ## Benchmarks on the real control plane, Terminus and Argo Workflows side by side: requests by client (audit log), raw Job baseline, DAG shapes; writes target/bench/cluster-results.json
	$(MVN) -q $(MVN_FLAGS) -pl cluster -am install -DskipTests -Dspotless.skip=true
	$(MVN) -q $(MVN_FLAGS) -pl cluster dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
	cd cluster && java -Xmx1g -cp "target/test-classes:target/classes:$$(cat target/classpath.txt)" \
	  -Dbench.raw=$(BENCH_RAW) -Dbench.executions=$(BENCH_CLUSTER_EXECUTIONS) -Dbench.wide=$(BENCH_WIDE) \
	  -Dbench.argo=$(BENCH_ARGO) -Dbench.argoRequeue=$(BENCH_ARGO_REQUEUE) -Dterminus.replicaJvmFlags=-Xmx1g \
	  -Dbench.output=../target/bench/cluster-results.json dev.terminus.cluster.ClusterBench

crds: ## Regenerate the CRDs from crd/ and copy them to CRDS_DIR (the chart)
	$(MVN) $(MVN_FLAGS) -pl crd process-classes
	mkdir -p $(CRDS_DIR)
	rm -f $(CRDS_DIR)/*.terminus.dev.yaml
	@for f in $(GENERATED_CRDS_DIR)/*-v1.yml; do \
	  name=$$(basename "$$f" -v1.yml); \
	  { echo "# Generated from crd/ by 'make crds'. Do not edit: CrdDriftTest fails when this file"; \
	    echo "# differs from the generated CRD."; \
	    grep -v '^# Generated by Fabric8 CRDGenerator' "$$f"; } > $(CRDS_DIR)/$$name.yaml; \
	  echo "wrote $(CRDS_DIR)/$$name.yaml"; \
	done

fmt: ## Format the Java sources (spotless apply)
	$(MVN) $(MVN_FLAGS) spotless:apply

clean: ## Remove build output
	$(MVN) $(MVN_FLAGS) clean
