package org.ukms.config;

/** How PSK files in {@code key_folder} are named ({@code psk_file_names} key). */
public enum PskFileNames {
  /** {@code <alias>.key}: ukms's names, and what uKMS's README promises. */
  UKMS("ukms"),
  /** {@code wg2-<alias>.key}: what the original uKMS writes, for a drop-in replacement. */
  UKMS_V1("ukms-v1");

  private final String configName;

  PskFileNames(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** The file name of a peer's PSK in {@code key_folder}. */
  public String fileName(String alias) {
    return this == UKMS_V1 ? "wg2-" + alias + ".key" : alias + ".key";
  }
}
