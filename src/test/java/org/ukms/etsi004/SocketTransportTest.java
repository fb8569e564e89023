package org.ukms.etsi004;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SocketTransportTest {
  @Test
  void e004Tls02_readTimeout_longerThanQosTimeout() {
    Duration read = SocketTransport.plain("127.0.0.1", 1, Qos.wireGuard(30_000, 60)).readTimeout();
    assertTrue(read.compareTo(Duration.ofMillis(30_000)) > 0);
    assertEquals(Duration.ofSeconds(35), read);
    assertEquals(SocketTransport.DEFAULT_READ,
        SocketTransport.plain("127.0.0.1", 1, Qos.wireGuard(0, 60)).readTimeout());
  }
}
