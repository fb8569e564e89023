package org.ukms.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleConfigsTest {
  /** The CI failure of stop 16: a peer port became 28443, and then the 8443 in it was replaced. */
  @Test
  void replacePorts_replacesWholeNumbersOnce_soANewPortIsNeverRewritten() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("27201", 28443);
    ports.put("8443", 22844);
    String text = "ukms_port = 27201\nlisten = \"127.0.0.1:8443\"\netsi_url = \"http://h:27201\"\n"
        + "timeout = 84430\n";
    assertEquals("ukms_port = 28443\nlisten = \"127.0.0.1:22844\"\netsi_url = \"http://h:28443\"\n"
        + "timeout = 84430\n", ExampleConfigs.replacePorts(text, ports));
  }
}
