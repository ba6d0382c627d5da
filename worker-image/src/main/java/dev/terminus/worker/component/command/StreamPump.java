package dev.terminus.worker.component.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Copies a child's stdout or stderr on its own thread: reading both streams concurrently is what
 * keeps a chatty child from blocking on a full pipe.
 */
final class StreamPump {
  private final Thread thread;

  private StreamPump(Thread thread) {
    this.thread = thread;
  }

  /** Starts copying {@code in} to every sink until end of stream. */
  static StreamPump start(String name, InputStream in, List<Sink> sinks) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (in) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  for (Sink sink : sinks) {
                    sink.write(buffer, 0, n);
                  }
                }
              } catch (IOException closed) {
                // the child or its pipe went away: what was read is all there is
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return new StreamPump(thread);
  }

  /** Waits for the end of the stream; false when it did not come in time. */
  boolean awaitEnd(long millis) throws InterruptedException {
    thread.join(millis);
    return !thread.isAlive();
  }

  /** Where pumped bytes go. */
  interface Sink {
    void write(byte[] bytes, int offset, int length) throws IOException;

    static Sink of(OutputStream out) {
      return (bytes, offset, length) -> {
        out.write(bytes, offset, length);
        out.flush();
      };
    }
  }
}
