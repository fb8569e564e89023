package org.ukms.etsi004;

import java.util.Objects;

/** CLOSE(Key_stream_ID). */
public record CloseRequest(KeyStreamId ksid) {
  public CloseRequest {
    Objects.requireNonNull(ksid, "ksid");
  }
}
