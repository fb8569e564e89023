package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.core.KeySource;
import org.ukms.core.KeySourceException;
import org.ukms.crypto.Secret;
import org.ukms.etsi004.BinaryCodec;
import org.ukms.etsi004.Etsi004Client;
import org.ukms.etsi004.Etsi004KeySource;
import org.ukms.etsi004.KeyStreamId;
import org.ukms.etsi004.Qos;
import org.ukms.sim.Etsi004Limits;
import org.ukms.sim.Etsi004Store;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;

/**
 * E004-CL-03 with a real state file: the initiator saves its KSID and a reservation before it
 * uses an index, resumes after a crash, never repeats an index, and opens a new stream (saying
 * why) when the KM refuses the old one or the file is damaged. Also a KSID fixed in config
 * (E004-OC-02, use case 3): both ends open it and take disjoint indices.
 */
class Etsi004ResumeTest {
  private static final Qos QOS = Qos.wireGuard(2000, 60);
  private static final KeyStreamId FIXED = KeyStreamId.parse(
      "123e4567-e89b-12d3-a456-426614174000");
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Secret link = Secret.copyOf(new byte[32]);
  private final Etsi004Store kmA = Etsi004Store.linked(link, new SplittableRandom(1), clock,
      Etsi004Limits.DEFAULT);
  private final Etsi004Store kmB = Etsi004Store.linked(link, new SplittableRandom(2), clock,
      Etsi004Limits.DEFAULT);
  private final AtomicInteger getKeysAtA = new AtomicInteger();
  private final List<Etsi004StreamFile> ledgers = new ArrayList<>();

  /** A crash: the process's locks go with it, nothing is CLOSEd or saved. */
  void crash() {
    ledgers.forEach(Etsi004StreamFile::release);
  }

  Etsi004StreamFile ledger(Path stateDir, String alias) {
    Etsi004StreamFile ledger = new Etsi004StreamFile(stateDir, alias, false);
    ledgers.add(ledger);
    return ledger;
  }

  /** Both kinds of stream share one file here, so a damaged one is seen by both. */
  KeySource alice(KeyStreamId fixed) {
    return new Etsi004KeySource(new Etsi004Client(frame -> {
      if (BinaryCodec.service(frame) == BinaryCodec.GET_KEY_REQUEST) {
        getKeysAtA.incrementAndGet();
      }
      return kmA.serve(frame);
    }, BinaryCodec.v211(), clock), "wgrot://alice", "wgrot://bob", QOS, fixed,
        ledger(dir.resolve("state"), "bob"));
  }

  KeySource bob(KeyStreamId fixed) {
    return new Etsi004KeySource(new Etsi004Client(kmB::serve, BinaryCodec.v211(), clock),
        "wgrot://bob", "wgrot://alice", QOS, fixed,
        ledger(dir.resolve("bobstate"), "alice"));
  }

  Path file() {
    return dir.resolve("state/bob.etsi004");
  }

  static String ksid(KeySource.Delivered d) {
    return d.ref().value().split(":")[0];
  }

  static long index(KeySource.Delivered d) {
    return Long.parseLong(d.ref().value().split(":")[1]);
  }

  @Test
  void e004Cl03_afterACrash_theStreamIsResumed_andNoIndexRepeats() throws Exception {
    KeySource bob = bob(KeyStreamId.NULL);
    List<KeySource.Delivered> keys = new ArrayList<>();
    KeySource first = alice(KeyStreamId.NULL);
    for (int i = 0; i < 3; i++) {
      keys.add(first.fresh());
    }
    String saved = Files.readString(file());
    crash(); // no close(); a new source over the same file
    KeySource second = alice(KeyStreamId.NULL);
    for (int i = 0; i < 20; i++) {
      keys.add(second.fresh());
    }

    assertEquals("ukms-etsi004-stream 1\n" + ksid(keys.get(0)) + " 16\n", saved);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    assertEquals("rwx------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(file().getParent())));
    Set<Long> indices = new HashSet<>();
    for (KeySource.Delivered k : keys) {
      assertEquals(ksid(keys.get(0)), ksid(k), "the same stream continues");
      assertTrue(indices.add(index(k)), "index " + index(k) + " used twice");
      assertTrue(k.key().sameAs(bob.fetch(k.ref())), "the peer gets the same key");
    }
    assertEquals(16, index(keys.get(3)), "resumed at the reservation, past every index used");
    assertEquals(2, kmA.openConnects().size());
    assertEquals(KeyStreamId.parse(ksid(keys.get(0))), kmA.openConnects().get(1).ksid(),
        "OPEN_CONNECT with the saved KSID");
    assertEquals(ksid(keys.get(0)) + " 48", Files.readString(file()).split("\n")[1],
        "reserved ahead of the last index used (34)");
  }

  @Test
  void e004Cl03_aGracefulClose_forgetsTheStream_andTheNextStartOpensANewOne() throws Exception {
    KeySource first = alice(KeyStreamId.NULL);
    String before = ksid(first.fresh());
    first.close();
    assertFalse(Files.exists(file()));

    KeySource second = alice(KeyStreamId.NULL);
    KeySource.Delivered after = second.fresh();

    assertNotEquals(before, ksid(after));
    assertEquals(0, index(after));
    assertEquals(List.of(KeyStreamId.parse(before)), kmA.closes());
  }

  @Test
  void e004Cl03_aStreamTheKmNoLongerHas_isReplacedByANewOne_andTheLogSaysWhy() throws Exception {
    String before = ksid(alice(KeyStreamId.NULL).fresh());
    crash();
    clock.advance(Duration.ofSeconds(61)); // down longer than the QoS TTL: the KM dropped it

    try (LogCapture logs = new LogCapture()) {
      KeySource.Delivered after = alice(KeyStreamId.NULL).fresh();

      assertNotEquals(before, ksid(after));
      assertEquals(0, index(after));
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("key stream " + before
          + " not resumed (") && l.contains("status 9") && l.contains("opening a new stream")),
          String.join("\n", logs.lines));
    }
    crash();
    assertTrue(Files.readString(file()).contains(ksid(alice(KeyStreamId.NULL).fresh())));
  }

  @Test
  void e004Cl03_aDamagedStateFile_isNamedInOneLine_andANewStreamOpens() throws Exception {
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(file(), "ukms-etsi004-stream 1\nnot-a-uuid 7\n");
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));

    try (LogCapture logs = new LogCapture()) {
      KeySource.Delivered key = alice(KeyStreamId.NULL).fresh();

      assertEquals(0, index(key));
      List<String> warnings = logs.lines.stream().filter(l -> l.contains("unusable")).toList();
      assertEquals(1, warnings.size(), String.join("\n", logs.lines));
      assertTrue(warnings.get(0).contains(file() + ":2: damaged stream line: key stream ID: "
          + "expected a UUID, found \"not-a-uuid\"; opening a new stream"), warnings.get(0));
      assertFalse(warnings.get(0).contains("\n"));
    }
    assertEquals(1, kmA.openConnects().size());
    assertTrue(kmA.openConnects().get(0).ksid().isNull());
  }

  @Test
  void e004Cl03_noIndexIsUsedBeforeItsReservationIsSaved() throws Exception {
    Files.createDirectories(file().resolve("blocker")); // the file's name is a folder: save fails
    KeySource alice = alice(KeyStreamId.NULL);

    KeySourceException e = assertThrows(KeySourceException.class, alice::fresh);

    assertTrue(e.isTransient());
    assertTrue(e.getMessage().contains("index 0 not used, its reservation was not saved"),
        e.getMessage());
    assertEquals(0, getKeysAtA.get(), "no GET_KEY before the reservation is on disk");
  }

  @Test
  void e004Oc02_aFixedKsid_isOpenedByBothEnds_withDisjointIndices_acrossRestarts()
      throws Exception {
    KeySource alice = alice(FIXED);
    KeySource bob = bob(FIXED);
    List<KeySource.Delivered> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.add(alice.fresh());
      keys.add(bob.fresh());
    }
    assertTrue(keys.get(1).key().sameAs(alice.fetch(keys.get(1).ref())), "bob's key at alice");
    alice.close(); // a graceful stop keeps a fixed stream's position
    KeySource restarted = alice(FIXED);
    keys.add(restarted.fresh());

    Set<Long> indices = new HashSet<>();
    for (KeySource.Delivered k : keys) {
      assertEquals(FIXED.toString(), ksid(k));
      assertTrue(indices.add(index(k)), "index " + index(k) + " used twice");
    }
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 32L),
        keys.stream().map(Etsi004ResumeTest::index).toList());
    assertTrue(keys.get(0).key().sameAs(bob.fetch(keys.get(0).ref())));
    assertTrue(keys.get(3).key().sameAs(restarted.fetch(keys.get(3).ref())));
    assertEquals(FIXED, kmA.openConnects().get(0).ksid());
    assertEquals(FIXED, kmB.openConnects().get(0).ksid());
    assertEquals(List.of(FIXED), kmA.closes(), "one CLOSE of the fixed stream at shutdown");
  }

  @Test
  void aFixedKsid_withADamagedStateFile_isRefused_neverRestartedAtIndexZero() throws Exception {
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(file(), "garbage\n");
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
    KeySource alice = alice(FIXED);

    KeySourceException e = assertThrows(KeySourceException.class, alice::fresh);

    assertFalse(e.isTransient());
    assertTrue(e.getMessage().startsWith("cannot tell which indices of key stream " + FIXED
        + " (fixed in config) were used: " + file() + ": not a ukms ETSI 004 stream file"),
        e.getMessage());
    assertEquals(0, getKeysAtA.get());
  }

  @Test
  void e004Gk03_aSavedStreamWithEveryIndexReserved_isNotResumed_butReplaced() throws Exception {
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(file(), "ukms-etsi004-stream 1\n" + FIXED + " 4294967296\n");
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));

    KeySource.Delivered key = alice(KeyStreamId.NULL).fresh();

    assertNotEquals(FIXED.toString(), ksid(key));
    assertEquals(0, index(key));
    crash();
    Files.writeString(file(), "ukms-etsi004-stream 1\n" + FIXED + " 4294967296\n");
    KeySourceException e = assertThrows(KeySourceException.class, () -> alice(FIXED).fresh());
    assertTrue(e.getMessage().contains("used up"), e.getMessage());
  }

  @Test
  void afterClose_theSourceNeverReopensAStream_norWritesTheStateFile() throws Exception {
    KeySource alice = alice(KeyStreamId.NULL);
    alice.fresh();
    alice.close();

    KeySourceException e = assertThrows(KeySourceException.class, alice::fresh);

    assertFalse(e.isTransient());
    assertTrue(e.getMessage().endsWith("key source closed"), e.getMessage());
    assertEquals(1, kmA.openConnects().size(), "no OPEN_CONNECT after close");
    assertEquals(1, getKeysAtA.get());
    assertFalse(Files.exists(file()), "the cleared state file stays cleared");
  }

  @Test
  void twoSourcesOnOneStateFile_theSecondIsRefused_namingTheFile_untilTheFirstCloses()
      throws Exception {
    for (KeyStreamId fixed : List.of(KeyStreamId.NULL, FIXED)) {
      KeySource first = alice(fixed);
      long taken = index(first.fresh());
      KeySource second = alice(fixed); // a reloaded peer's new session, the old one still open

      KeySourceException e = assertThrows(KeySourceException.class, second::fresh);

      assertTrue(e.isTransient(), "tried again once the old session closed");
      assertTrue(e.getMessage().startsWith(file() + ": in use by another ETSI 004 key source ("),
          e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
      first.close();
      KeySource.Delivered next = second.fresh();
      assertNotEquals(taken, fixed.isNull() ? -1 : index(next), "no index taken twice");
      second.close();
    }
    assertEquals(4, getKeysAtA.get(), "the refused source asked the KM for nothing");
  }
}
