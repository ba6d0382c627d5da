package dev.terminus.cluster.kubectl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl binary, run against a kubeconfig with a discovery cache of its own. Which
 * binary: the system property or environment variable {@code KUBECTL} (the Makefile passes the
 * pinned one it installs when kubectl is missing), else {@code kubectl} on the PATH.
 */
public final class Kubectl {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final String binary;
  private final Path kubeconfig;
  private final Path cacheDir;

  public Kubectl(Path kubeconfig, Path cacheDir) {
    this(locate(), kubeconfig, cacheDir);
  }

  /** The kubectl at {@code binary} (e.g. the one built with the control plane). */
  public Kubectl(String binary, Path kubeconfig, Path cacheDir) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
  }

  /** What a kubectl command printed, and its exit code. */
  public record Result(int exitCode, String out, String err) {
    public Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("kubectl failed (" + exitCode + "): " + err + out);
      }
      return this;
    }

    public List<String> lines() {
      return out.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n" + out + err;
    }
  }

  /** Runs kubectl to its end (bounded), with {@code stdin} as its input when not null. */
  public Result runWithInput(String stdin, String... args) {
    try {
      Process process = start(args);
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      Path out = Files.createTempFile(cacheDir, "out", ".txt");
      Path err = Files.createTempFile(cacheDir, "err", ".txt");
      Thread pumpOut = pump(process.getInputStream(), out);
      Thread pumpErr = pump(process.getErrorStream(), err);
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "kubectl " + String.join(" ", args) + " did not end in " + TIMEOUT);
      }
      pumpOut.join();
      pumpErr.join();
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Result run(String... args) {
    return runWithInput(null, args);
  }

  /** A long-running kubectl (get -w): its output lines arrive in {@link Streaming#lines}. */
  public Streaming stream(String... args) throws IOException {
    Process process = start(args);
    process.getOutputStream().close();
    Streaming streaming = new Streaming(process);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(streaming.lines::add);
              } catch (IOException e) {
                // the process was killed
              }
            },
            "kubectl-stream");
    reader.setDaemon(true);
    reader.start();
    return streaming;
  }

  /** A running kubectl. */
  public static final class Streaming implements AutoCloseable {
    public final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Process process;

    Streaming(Process process) {
      this.process = process;
    }

    /** Lines until one matches {@code regex} (included), or fails after {@code timeout}. */
    public List<String> readUntil(String regex, Duration timeout) throws InterruptedException {
      List<String> read = new ArrayList<>();
      long end = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < end) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null) {
          read.add(line);
          if (line.matches(regex)) {
            return read;
          }
        }
      }
      throw new AssertionError("no line matching " + regex + " within " + timeout + ": " + read);
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  public String version() {
    return run("version", "--client").out().lines().findFirst().orElse("?") + " (" + binary + ")";
  }

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("KUBECACHEDIR", cacheDir.toString());
    return builder.start();
  }

  private static Thread pump(java.io.InputStream in, Path to) {
    Thread thread =
        new Thread(
            () -> {
              try (in) {
                Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
              } catch (IOException e) {
                // process ended
              }
            },
            "kubectl-pump");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static String locate() {
    String configured = System.getProperty("KUBECTL", System.getenv("KUBECTL"));
    return configured == null || configured.isBlank() ? "kubectl" : configured;
  }
}
