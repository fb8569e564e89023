package org.ukms.tlspsk;

import java.util.Objects;

/**
 * An answer to a {@link PskHttpRequest}: status, {@code Content-Type}, an optional {@code Allow}
 * header, the body, and what to do once the body has been written (or the write failed): the
 * server overwrites {@code body} with zeros and then runs {@code afterWrite}, so a body holding key
 * material lives no longer than the write. {@code toString} never shows the body.
 */
public record PskHttpResponse(int status, String contentType, String allow, byte[] body,
    Runnable afterWrite) {
  public PskHttpResponse {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(afterWrite, "afterWrite");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status out of range");
    }
  }

  /** A JSON answer with nothing to run after the write. */
  public static PskHttpResponse json(int status, byte[] body) {
    return new PskHttpResponse(status, "application/json", null, body, () -> { });
  }

  @Override
  public String toString() {
    return "PskHttpResponse[status=" + status + ", " + body.length + " bytes]";
  }
}
