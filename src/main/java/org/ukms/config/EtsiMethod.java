package org.ukms.config;

/** Which form of the ETSI 014 key requests the client uses ({@code etsi_method}). */
public enum EtsiMethod {
  /** Query-string forms; the widest device support (GET-only KMEs exist). */
  GET,
  /** JSON-body forms, as the standard prefers. */
  POST
}
