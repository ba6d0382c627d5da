package dev.terminus.worker.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports for test servers, and one where nothing listens. */
public final class Ports {
  private Ports() {}

  public static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** A port that was free a moment ago: connecting to it is refused. */
  public static int closed() throws IOException {
    return free();
  }
}
