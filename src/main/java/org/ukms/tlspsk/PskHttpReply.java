package org.ukms.tlspsk;

import java.util.Arrays;

/**
 * An HTTP answer as the client read it. The body may hold key material: the caller owns the
 * array {@link #body()} returns and wipes it with {@link #wipe()} once used. {@code toString}
 * never shows it.
 */
public final class PskHttpReply {
  private final int status;
  private final String contentType;
  private final byte[] body;

  PskHttpReply(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  public int status() {
    return status;
  }

  /** The {@code Content-Type} header, or null when there was none. */
  public String contentType() {
    return contentType;
  }

  /** The body itself, not a copy (see the class comment). */
  public byte[] body() {
    return body;
  }

  /** Overwrites the body with zeros. */
  public void wipe() {
    Arrays.fill(body, (byte) 0);
  }

  @Override
  public String toString() {
    return "PskHttpReply[status=" + status + ", " + body.length + " bytes]";
  }
}
