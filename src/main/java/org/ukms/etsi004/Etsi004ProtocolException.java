package org.ukms.etsi004;

/**
 * A frame that breaks the binding: truncated, oversized, trailing bytes, wrong service, a string
 * without its NUL. One line naming the field and offset; never carries frame bytes.
 */
public final class Etsi004ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Etsi004ProtocolException(String message) {
    super(message);
  }
}
