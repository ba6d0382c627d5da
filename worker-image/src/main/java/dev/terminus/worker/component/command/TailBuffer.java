package dev.terminus.worker.component.command;

import java.nio.charset.StandardCharsets;

/**
 * Keeps the last bytes written to it: the end of stderr is where a failing program says why, and
 * the whole of it could be gigabytes.
 */
final class TailBuffer {
  private final byte[] ring;
  private long total;

  TailBuffer(int capacity) {
    this.ring = new byte[capacity];
  }

  synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = 0; i < length; i++) {
      ring[(int) (total++ % ring.length)] = bytes[offset + i];
    }
  }

  /** The kept bytes as text, starting at a character boundary. */
  synchronized String text() {
    int size = (int) Math.min(total, ring.length);
    byte[] tail = new byte[size];
    long start = total - size;
    for (int i = 0; i < size; i++) {
      tail[i] = ring[(int) ((start + i) % ring.length)];
    }
    int from = 0;
    while (from < size && start > 0 && isContinuationByte(tail[from])) {
      from++; // the cut fell inside a multi-byte UTF-8 character
    }
    return new String(tail, from, size - from, StandardCharsets.UTF_8);
  }

  /** Whether bytes were dropped from the front. */
  synchronized boolean cut() {
    return total > ring.length;
  }

  private static boolean isContinuationByte(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
