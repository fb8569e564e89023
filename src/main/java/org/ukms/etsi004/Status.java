package org.ukms.etsi004;

/**
 * An ETSI 004 status word (§4). Codes 0-8 have names; any other code is kept as it came and is
 * never success (E004-CL-04).
 */
public record Status(long code) {
  public static final Status SUCCESSFUL = new Status(0);
  public static final Status PEER_NOT_CONNECTED = new Status(1);
  public static final Status GK_INSUFFICIENT_KEY = new Status(2);
  public static final Status GK_PEER_NOT_CONNECTED = new Status(3);
  public static final Status NO_QKD_CONNECTION = new Status(4);
  public static final Status OC_KSID_IN_USE = new Status(5);
  public static final Status TIMEOUT = new Status(6);
  public static final Status OC_QOS_NOT_MET = new Status(7);
  public static final Status GK_METADATA_TOO_SMALL = new Status(8);

  public Status {
    Qos.checkUint32(code, "status");
  }

  public boolean isSuccess() {
    return code == 0;
  }

  /** True for the nine codes of V2.1.1. */
  public boolean isStandard() {
    return code <= 8;
  }

  public String name() {
    return switch ((int) Math.min(code, 9)) {
      case 0 -> "successful";
      case 1 -> "peer_not_connected";
      case 2 -> "insufficient_key_available";
      case 3 -> "peer_application_not_connected";
      case 4 -> "no_qkd_connection_available";
      case 5 -> "ksid_already_in_use";
      case 6 -> "timeout";
      case 7 -> "qos_not_satisfiable";
      case 8 -> "metadata_size_insufficient";
      default -> "non_standard";
    };
  }

  @Override
  public String toString() {
    return code + " (" + name() + ")";
  }
}
