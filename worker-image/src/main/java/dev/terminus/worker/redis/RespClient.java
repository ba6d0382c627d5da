package dev.terminus.worker.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal blocking Redis client speaking RESP2 over one socket: AUTH, SELECT, SET with PX, GET,
 * PTTL and PING. That is all the worker needs (a heartbeat key and one large output).
 *
 * <p>Why not Lettuce, which the operator uses: Lettuce brings Netty and Reactor (a dozen jars, an
 * event loop and its threads) into a process that lives for one node attempt and issues a few
 * commands; start-up time and image size matter more here than pipelining. A blocking socket with
 * explicit connect and read timeouts is also easy to reason about when Redis is down: every call
 * fails within the timeout with an IOException, which callers log and ignore. It is tested against
 * a real redis-server.
 *
 * <p>Not thread-safe: one client per thread (the heartbeat thread has its own).
 */
public final class RespClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /** Connects, authenticates and selects the database of the URL. */
  public static RespClient connect(RedisUrl url, Duration timeout) throws IOException {
    Socket socket = url.tls() ? SSLSocketFactory.getDefault().createSocket() : new Socket();
    try {
      socket.connect(new InetSocketAddress(url.host(), url.port()), millis(timeout));
      socket.setSoTimeout(millis(timeout));
      RespClient client = new RespClient(socket);
      client.authenticate(url);
      if (url.database() != 0) {
        client.expectOk(client.call("SELECT", String.valueOf(url.database())));
      }
      return client;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** SET key value PX ttl: the key expires by itself, so nothing needs cleaning up. */
  public void setWithExpiry(String key, String value, Duration ttl) throws IOException {
    expectOk(call("SET", key, value, "PX", String.valueOf(ttl.toMillis())));
  }

  public Optional<String> get(String key) throws IOException {
    return Optional.ofNullable((String) call("GET", key));
  }

  /** Milliseconds until the key expires; -1 without expiry, -2 when absent. */
  public long pttl(String key) throws IOException {
    return (Long) call("PTTL", key);
  }

  public void ping() throws IOException {
    Object reply = call("PING");
    if (!"PONG".equals(reply)) {
      throw new RedisException("unexpected reply to PING: " + reply);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a broken connection: nothing left to do
    }
  }

  private void authenticate(RedisUrl url) throws IOException {
    if (url.password().isEmpty()) {
      return;
    }
    Object reply =
        url.username().isPresent()
            ? call("AUTH", url.username().get(), url.password().get())
            : call("AUTH", url.password().get());
    expectOk(reply);
  }

  /** Sends one command as an array of bulk strings and reads its reply. */
  Object call(String... arguments) throws IOException {
    writeCommand(arguments);
    out.flush();
    return readReply();
  }

  private void writeCommand(String... arguments) throws IOException {
    writeLine("*" + arguments.length);
    for (String argument : arguments) {
      byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
      writeLine("$" + bytes.length);
      out.write(bytes);
      writeLine("");
    }
  }

  private void writeLine(String line) throws IOException {
    out.write(line.getBytes(StandardCharsets.US_ASCII));
    out.write('\r');
    out.write('\n');
  }

  /** Simple string, error, integer, bulk string (null when absent) or array of those. */
  private Object readReply() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("Redis closed the connection");
    }
    String line = readLine();
    return switch (type) {
      case '+' -> line;
      case '-' -> throw new RedisException(line);
      case ':' -> Long.parseLong(line);
      case '$' -> readBulk(Integer.parseInt(line));
      case '*' -> readArray(Integer.parseInt(line));
      default -> throw new RedisException("unknown reply type '" + (char) type + "'");
    };
  }

  private String readBulk(int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new EOFException("Redis closed the connection in a reply");
    }
    readLine(); // the CRLF after the data
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private List<Object> readArray(int count) throws IOException {
    if (count < 0) {
      return null;
    }
    List<Object> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(readReply());
    }
    return items;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      line.write(b);
      previous = b;
    }
    throw new EOFException("Redis closed the connection in a reply");
  }

  private static void expectOk(Object reply) throws RedisException {
    if (!"OK".equals(reply)) {
      throw new RedisException("expected OK, got " + reply);
    }
  }

  private static int millis(Duration timeout) {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }
}
