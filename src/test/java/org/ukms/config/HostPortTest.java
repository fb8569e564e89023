package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one HOST:PORT grammar of every listen, dial and address key and option. */
class HostPortTest {
  @Test
  void parse_namesIpv4AndBracketedIpv6_keepTheHostWithoutBrackets() {
    assertEquals(Optional.of(new HostPort("127.0.0.1", 8443)), HostPort.parse("127.0.0.1:8443", 1));
    assertEquals(Optional.of(new HostPort("kme.example", 443)), HostPort.parse("kme.example:443", 1));
    assertEquals(Optional.of(new HostPort("::1", 0)), HostPort.parse("[::1]:0", 0));
    assertEquals(Optional.of(new HostPort("fe80::1%eth0", 65535)),
        HostPort.parse("[fe80::1%eth0]:65535", 1));
    assertEquals(Optional.of(new HostPort("gw-b.example.org", 1)),
        HostPort.parse("gw-b.example.org:1", 1));
  }

  @Test
  void parse_refusesEverythingElse() {
    for (String bad : List.of("", ":", "127.0.0.1", "127.0.0.1:", ":8443", "[::1]", "::1:8443",
        "[127.0.0.1]:8443", "[::1:8443", "::1]:8443", "host:+80", "host:-1", "host:65536",
        "host:0x50", "host:8443 ", "ho st:80", "host:123456", "host:99999999999", "[::1]]:80",
        "[[::1]:80", "[zz:zz]:80", "a/b:80", "u@h:80", "h\u0000:80", "h\u00a0:80", "-h:80",
        "h-:80", "host:08443", "a..b:80", "[]:80")) {
      assertTrue(HostPort.parse(bad, 0).isEmpty(), bad);
    }
    assertTrue(HostPort.parse("host:0", 1).isEmpty(), "0 where a real port is needed");
  }

  @Test
  void aRecordThatIsNoHostAndPort_cannotBeMade() {
    assertThrows(IllegalArgumentException.class, () -> new HostPort("u@h", 80));
    assertThrows(IllegalArgumentException.class, () -> new HostPort("h", 65536));
    assertThrows(NullPointerException.class, () -> new HostPort(null, 80));
  }

  @Test
  void toString_writesItBackAsParsed() {
    for (String text : List.of("127.0.0.1:8443", "[::1]:9100", "localhost:1")) {
      assertEquals(text, HostPort.parse(text, 0).orElseThrow().toString());
    }
  }
}
