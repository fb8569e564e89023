package org.ukms.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.ukms.daemon.FakeQkdLink;
import org.ukms.daemon.PeerStatus;
import org.ukms.daemon.PskFingerprints;
import org.ukms.daemon.RotationStats;
import org.ukms.daemon.SkipStatus;

/**
 * The {@code /status} document: {@code {"time", "healthy", "peers": [...]}} with one object per
 * peer holding every {@link PeerStatus} field (snake_case; times as ISO-8601 UTC, durations in
 * seconds), its health, and the fingerprints of the PSK in the file and in WireGuard beside the
 * session's, with {@code match}. Fingerprints only: the PSK file and the {@code wg} output are
 * read, fingerprinted and wiped here.
 */
final class StatusJson {
  /** A PSK file is one line of 44 characters; anything much larger is not one. */
  static final int MAX_PSK_FILE_BYTES = 1024;

  private final ObjectMapper mapper;
  private final WireGuardKeys wireguard;

  StatusJson(ObjectMapper mapper, WireGuardKeys wireguard) {
    this.mapper = mapper;
    this.wireguard = wireguard;
  }

  /** The document for {@code statuses} at {@code now}. */
  ObjectNode document(List<PeerStatus> statuses, Optional<SkipStatus> skip,
      List<FakeQkdLink> qkdLinks, Instant now) {
    ObjectNode root = mapper.createObjectNode();
    root.put("time", now.toString());
    root.put("healthy", statuses.stream().allMatch(s -> s.healthy(now)));
    ArrayNode peers = root.putArray("peers");
    statuses.forEach(s -> peers.add(peer(s, now)));
    skip.ifPresent(k -> {
      ObjectNode o = root.putObject("skip");
      o.put("local_system_id", k.localSystemId());
      o.put("listen", k.listen());
      k.remoteSystems().forEach(o.withArray("remote_systems")::add);
      k.encryptors().forEach(o.withArray("encryptors")::add);
      o.put("pending_keys", k.pendingKeys());
    });
    if (!qkdLinks.isEmpty()) {
      ArrayNode links = root.putArray("qkd_links");
      qkdLinks.forEach(l -> links.add(link(l)));
    }
    return root;
  }

  /** One BB84 link of the embedded fake QKD API; rates in bits per second, no key material. */
  private ObjectNode link(FakeQkdLink l) {
    ObjectNode o = mapper.createObjectNode();
    o.put("peer_kme", l.peerKme());
    o.put("state", l.state());
    o.put("connected", l.connected());
    if (Double.isNaN(l.qber())) {
      o.putNull("qber");
    } else {
      o.put("qber", l.qber());
    }
    o.put("blocks", l.blocks());
    o.put("aborted_blocks", l.aborts());
    o.put("sifted_key_rate", l.siftedRate());
    o.put("secret_key_rate", l.secretRate());
    o.put("stored_keys", l.storedKeys());
    o.put("keys_delivered", l.keysDelivered());
    return o;
  }

  private ObjectNode peer(PeerStatus s, Instant now) {
    ObjectNode o = mapper.createObjectNode();
    o.put("peer", s.peer());
    o.put("alias", s.alias());
    o.put("protocol", s.protocol());
    o.put("mode", s.mode());
    o.put("key_source", s.keySource());
    o.put("epoch", s.epoch());
    o.put("last_confirmed", time(s.lastConfirmed()));
    if (s.pskAge(now) == null) {
      o.putNull("psk_age_seconds");
    } else {
      o.put("psk_age_seconds", s.pskAge(now).toSeconds());
    }
    o.put("lifetime_seconds", s.lifetime().toSeconds());
    o.put("healthy", s.healthy(now));
    o.put("problem", s.problem(now));
    o.put("consecutive_failures", s.consecutiveFailures());
    o.put("last_error", s.lastError());
    o.put("next_rotation", time(s.nextRotation()));
    o.put("psk_file", s.pskFile() == null ? null : s.pskFile().toString());
    if (s.wireguard() == null) {
      o.putNull("wireguard");
    } else {
      ObjectNode wg = o.putObject("wireguard");
      wg.put("interface", s.wireguard().interfaceName());
      wg.put("public_key", s.wireguard().publicKey());
    }
    o.put("fingerprint", s.fingerprint());
    Found disk = onDisk(s.pskFile());
    o.put("fingerprint_on_disk", disk.fingerprint);
    if (disk.error != null) {
      o.put("fingerprint_on_disk_error", disk.error);
    }
    Found inWg = Found.NONE;
    if (s.wireguard() != null) {
      WireGuardKeys.Lookup l = wireguard.of(s.wireguard());
      inWg = new Found(l.fingerprint(), l.error());
    }
    o.put("fingerprint_in_wireguard", inWg.fingerprint);
    if (inWg.error != null) {
      o.put("fingerprint_in_wireguard_error", inWg.error);
    }
    Boolean match = match(s, disk, inWg);
    if (match == null) {
      o.putNull("match");
    } else {
      o.put("match", match);
    }
    o.set("counters", counters(s.counters()));
    return o;
  }

  /**
   * Null when there is nothing to compare (neither a file nor WireGuard); otherwise true when the
   * session knows its PSK and every configured output holds that same PSK.
   */
  static Boolean match(PeerStatus s, Found disk, Found inWg) {
    if (s.pskFile() == null && s.wireguard() == null) {
      return null;
    }
    return s.fingerprint() != null
        && (s.pskFile() == null || s.fingerprint().equals(disk.fingerprint))
        && (s.wireguard() == null || s.fingerprint().equals(inWg.fingerprint));
  }

  private ObjectNode counters(RotationStats.PeerStats stats) {
    ObjectNode c = mapper.createObjectNode();
    for (RotationStats.Event e : RotationStats.Event.values()) {
      c.put(e.name().toLowerCase(Locale.ROOT), stats.count(e));
    }
    c.put("local_key_id", stats.localKeyId() == null ? null : stats.localKeyId().toString());
    c.put("remote_key_id", stats.remoteKeyId() == null ? null : stats.remoteKeyId().toString());
    return c;
  }

  /** A fingerprint found in an output, or why none was. */
  record Found(String fingerprint, String error) {
    static final Found NONE = new Found(null, null);
  }

  /** The fingerprint of the PSK in {@code file}; none without a file or before the first. */
  static Found onDisk(Path file) {
    if (file == null) {
      return Found.NONE;
    }
    byte[] bytes = null;
    char[] text = null;
    try {
      if (Files.size(file) > MAX_PSK_FILE_BYTES) {
        return new Found(null, file + ": larger than " + MAX_PSK_FILE_BYTES + " bytes, not a PSK");
      }
      bytes = Files.readAllBytes(file);
      CharBuffer chars = StandardCharsets.US_ASCII.decode(ByteBuffer.wrap(bytes));
      text = Arrays.copyOf(chars.array(), chars.limit());
      Arrays.fill(chars.array(), '\0');
      List<PskFingerprints.Entry> entries = PskFingerprints.of(text);
      if (entries.size() != 1 || entries.get(0).peer() != null) {
        return new Found(null, file + ": not a PSK file");
      }
      return new Found(entries.get(0).fingerprint(), null);
    } catch (NoSuchFileException e) {
      return Found.NONE;
    } catch (AccessDeniedException e) {
      return new Found(null, file + ": permission denied");
    } catch (IOException e) {
      return new Found(null, file + ": " + Objects.toString(e.getMessage(), e.toString()));
    } catch (PskFingerprints.MalformedException e) {
      return new Found(null, file + ": line " + e.line() + ": " + e.getMessage());
    } finally {
      if (bytes != null) {
        Arrays.fill(bytes, (byte) 0);
      }
      if (text != null) {
        Arrays.fill(text, '\0');
      }
    }
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
