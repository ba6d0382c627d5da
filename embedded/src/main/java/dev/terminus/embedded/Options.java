package dev.terminus.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The command line of embedded mode. */
record Options(
    Path example,
    boolean once,
    boolean localRunner,
    boolean stores,
    int port,
    Path kubeconfig,
    Path workerJar,
    Path workDir,
    boolean realControlPlane,
    boolean help) {

  static final String USAGE =
      String.join(
          "\n",
          "Usage: make run [RUN_ARGS=\"...\"]",
          "       java -jar embedded/target/terminus-embedded.jar [options]",
          "",
          "Runs Terminus with no cluster: an in-process Kubernetes API that kubectl can use, the",
          "operator, and a local runner that runs each node's Job as a local process. Applies an",
          "example, shows its progress until it ends, then stays up until Ctrl-C.",
          "",
          "Options:",
          "  --example=FILE     example to apply (default examples/diamond-outputs.yaml)",
          "  --no-example       apply nothing",
          "  --once             exit when the example ends: status 0 if it succeeded",
          "  --api=embedded     the in-process Kubernetes API (default; nothing to install)",
          "  --api=kube-apiserver  the pinned kube-apiserver, etcd and kube-controller-manager",
          "                     (Kubernetes' own Job controller and garbage collector), built by",
          "                     `make control-plane` (Go >= 1.26) when missing, with a node agent",
          "                     as the kubelet",
          "  --runner=local     run Jobs as local processes (default)",
          "  --runner=none      leave Jobs untouched: write Job and Pod status yourself",
          "  --stores=embedded  start PostgreSQL and Redis for the projections (default; a store",
          "                     set by TERMINUS_POSTGRES_URL or TERMINUS_REDIS_URL is used instead)",
          "  --stores=none      no embedded PostgreSQL or Redis",
          "  --port=N           the API's port on 127.0.0.1 (default: any free port)",
          "  --kubeconfig=FILE  where to write the kubeconfig (default ~/.terminus/kubeconfig)",
          "  --worker-jar=FILE  the reference worker (default worker-image/target/terminus-worker.jar)",
          "  --work-dir=DIR     keep Pod logs and files here (default: a temporary directory)",
          "",
          "The operator reads its usual TERMINUS_* environment variables.");

  static Options parse(List<String> args) {
    Path example = Path.of(value(args, "--example=", "examples/diamond-outputs.yaml"));
    String runner = value(args, "--runner=", "local");
    if (!runner.equals("local") && !runner.equals("none")) {
      throw new IllegalArgumentException("--runner must be local or none, not " + runner);
    }
    String stores = value(args, "--stores=", "embedded");
    if (!stores.equals("embedded") && !stores.equals("none")) {
      throw new IllegalArgumentException("--stores must be embedded or none, not " + stores);
    }
    String api = value(args, "--api=", "embedded");
    if (!api.equals("embedded") && !api.equals("kube-apiserver")) {
      throw new IllegalArgumentException("--api must be embedded or kube-apiserver, not " + api);
    }
    for (String arg : args) {
      if (!arg.matches("--(example|api|runner|stores|port|kubeconfig|worker-jar|work-dir)=.*")
          && !List.of("--once", "--no-example", "--help", "-h").contains(arg)) {
        throw new IllegalArgumentException("unknown argument " + arg + "\n\n" + USAGE);
      }
    }
    String workDir = value(args, "--work-dir=", null);
    return new Options(
        args.contains("--no-example") ? null : example,
        args.contains("--once"),
        runner.equals("local"),
        stores.equals("embedded"),
        Integer.parseInt(value(args, "--port=", "0")),
        Path.of(
            value(
                args,
                "--kubeconfig=",
                Path.of(System.getProperty("user.home"), ".terminus", "kubeconfig").toString())),
        Path.of(value(args, "--worker-jar=", defaultWorkerJar().toString())),
        workDir == null ? null : Path.of(workDir),
        api.equals("kube-apiserver"),
        args.contains("--help") || args.contains("-h"));
  }

  /**
   * worker-image/target/terminus-worker.jar of the repository: under the working directory, else
   * beside this module's jar (embedded/target/terminus-embedded.jar).
   */
  static Path defaultWorkerJar() {
    Path relative = Path.of("worker-image", "target", "terminus-worker.jar");
    if (Files.isRegularFile(relative)) {
      return relative.toAbsolutePath();
    }
    try {
      Path code =
          Path.of(Options.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path repository = code.getParent().getParent().getParent();
      return repository.resolve(relative);
    } catch (Exception e) {
      return relative.toAbsolutePath();
    }
  }

  private static String value(List<String> args, String prefix, String fallback) {
    return args.stream()
        .filter(a -> a.startsWith(prefix))
        .map(a -> a.substring(prefix.length()))
        .reduce((first, second) -> second)
        .orElse(fallback);
  }
}
