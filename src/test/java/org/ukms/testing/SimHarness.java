package org.ukms.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import okhttp3.OkHttpClient;
import org.ukms.config.EtsiMethod;
import org.ukms.config.KmeSettings;
import org.ukms.config.TlsFiles;
import org.ukms.crypto.Secret;
import org.ukms.kme.OkHttpKmeClient;
import org.ukms.sim.CallerIdentity;
import org.ukms.sim.EtsiFrontEnd;
import org.ukms.sim.Faults;
import org.ukms.sim.KmeServer;
import org.ukms.sim.SimSettings;
import org.ukms.sim.SimulatedKme;

/** Simulated KMEs on loopback for tests, with our own ETSI 014 client pointed at them. */
public final class SimHarness {
  public static final Secret SECRET = Secret.copyOf(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

  private SimHarness() {}

  /** A plain-HTTP simulated KME serving {@code sae}, on a free loopback port. */
  public static KmeServer plain(SimSettings settings, String sae, InstantSource clock,
      Faults faults) {
    SimulatedKme store = new SimulatedKme(settings, SECRET, clock, UUID::randomUUID);
    EtsiFrontEnd front = new EtsiFrontEnd(store, CallerIdentity.fixed(sae),
        InetAddress::isLoopbackAddress, faults, new ObjectMapper());
    try {
      return KmeServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), front,
          null, 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static OkHttpKmeClient client(String baseUrl, EtsiMethod method) {
    try {
      return OkHttpKmeClient.create(new KmeSettings(URI.create(baseUrl), method,
          new TlsFiles(null, null, null), Duration.ofSeconds(5), Duration.ofSeconds(10)),
          new OkHttpClient(), new ObjectMapper());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
