package org.ukms.tlspsk;

/** How an encryptor's PSK is written in its file, as IOS XE's {@code psk id ... key} takes it. */
public enum PskFormat {
  /** {@code key hex}: hex digits (either case) on one line; the PSK is the decoded bytes. */
  HEX("hex"),
  /** {@code key 0}: a printable ASCII string on one line; the PSK is its bytes. */
  ASCII("ascii");

  private final String label;

  PskFormat(String label) {
    this.label = label;
  }

  /** {@code hex} or {@code ascii}, as configuration and command line spell it. */
  public String label() {
    return label;
  }

  public static PskFormat of(String label) {
    for (PskFormat f : values()) {
      if (f.label.equals(label)) {
        return f;
      }
    }
    throw new IllegalArgumentException("expected hex or ascii, found \"" + label + "\"");
  }
}
