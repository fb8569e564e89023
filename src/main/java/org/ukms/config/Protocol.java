package org.ukms.config;

/** The peer protocol spoken with one peer ({@code protocol} key). */
public enum Protocol {
  /** The original uKMS protocol: unauthenticated, wire-compatible with uKMS nodes. */
  UKMS_V1("ukms-v1"),
  /** Authenticated, key-confirmed, ratcheted (docs/protocol-v2.md). Opt-in for now. */
  V2("v2");

  private final String configName;

  Protocol(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }
}
