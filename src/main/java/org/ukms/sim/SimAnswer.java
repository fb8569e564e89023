package org.ukms.sim;

import java.util.List;
import java.util.Map;
import org.ukms.kme.DeliveredKey;
import org.ukms.kme.KmeStatus;

/** What the simulated key store answers; the HTTP front end turns it into ETSI 014 JSON. */
sealed interface SimAnswer {
  /** 200 with a Key container. */
  record Keys(List<DeliveredKey> keys) implements SimAnswer {
    public Keys {
      keys = List.copyOf(keys);
    }
  }

  /** 200 with a Status. */
  record Status(KmeStatus status) implements SimAnswer {}

  /** An error: status code, the Error body's message, and optional details. */
  record Refused(int status, String message, List<Map<String, String>> details)
      implements SimAnswer {
    Refused(int status, String message) {
      this(status, message, List.of());
    }
  }

  String NOT_FOUND = "one or more keys specified are not found on KME";
}
