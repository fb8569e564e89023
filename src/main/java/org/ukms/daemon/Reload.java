package org.ukms.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ukms.config.FakeQkdConfig;
import org.ukms.config.PeerConfig;
import org.ukms.config.UkmsConfig;

/**
 * What a reload changes: which peers are added, removed, changed or left alone, and which
 * top-level settings would need a restart. A pure comparison of two validated configurations; the
 * {@link Daemon} carries it out.
 */
public final class Reload {
  private Reload() {}

  /**
   * The outcome of a reload, for the log line and tests.
   *
   * @param needRestart top-level settings that changed in the file but keep their running value
   *     until a restart, each as {@code key (running → in file)}
   * @param failed peers whose new session could not be built, each with its error, and SKIP
   *     encryptor PSK files that could not be re-read (those identities keep their PSKs)
   */
  public record Result(List<String> added, List<String> removed, List<String> changed,
      List<String> unchanged, List<String> needRestart, List<String> failed) {
    /** One line: what changed, with no secret (peer IDs and setting names only). */
    public String summary() {
      return "added=" + added + " removed=" + removed + " changed=" + changed
          + " unchanged=" + unchanged.size()
          + (needRestart.isEmpty() ? "" : " need_restart=" + needRestart)
          + (failed.isEmpty() ? "" : " failed=" + failed);
    }
  }

  /**
   * @param effective the configuration to run: the file's peers with the running top-level
   *     settings (and the fake KME serving the new peers' SAEs)
   */
  record Plan(UkmsConfig effective, List<String> added, List<String> removed,
      List<String> changed, List<String> unchanged, List<String> needRestart) {}

  static Plan plan(UkmsConfig running, UkmsConfig file) {
    List<String> needRestart = new ArrayList<>();
    differs(needRestart, "ukms_bind", running.bind(), file.bind());
    differs(needRestart, "ukms_port", running.port(), file.port());
    if (!Objects.equals(running.skip(), file.skip())) {
      needRestart.add("skip (the [skip] table)");
    }
    differs(needRestart, "key_folder", running.keyFolder(), file.keyFolder());
    differs(needRestart, "psk_file_names", running.pskFileNames(), file.pskFileNames());
    differs(needRestart, "state_dir", running.stateDir(), file.stateDir());
    differs(needRestart, "admin_listen", running.adminListen(), file.adminListen());
    FakeQkdConfig fake = running.fakeQkd();
    if (fake == null || file.fakeQkd() == null) {
      differs(needRestart, "enable_fake_qkd_api", fake != null, file.fakeQkd() != null);
    } else {
      FakeQkdConfig adjusted = fake.withPeerSaeIds(file.fakeQkd().peerSaeIds());
      FakeQkdConfig f = file.fakeQkd();
      differs(needRestart, "fake_qkd_mode", adjusted.mode(), f.mode());
      differs(needRestart, "fake_qkd_link_secret_file", adjusted.linkSecretFile(),
          f.linkSecretFile());
      differs(needRestart, "fake_qkd_kme_id", adjusted.kmeId(), f.kmeId());
      differs(needRestart, "fake_qkd_peer_kme_id", adjusted.peerKmeId(), f.peerKmeId());
      differs(needRestart, "fake_qkd_sae_id", adjusted.saeId(), f.saeId());
      differs(needRestart, "fake_qkd_allow_remote", adjusted.allowRemote(), f.allowRemote());
      differs(needRestart, "fake_qkd_key_size", adjusted.keySizeBits(), f.keySizeBits());
      differs(needRestart, "fake_qkd_max_keys", adjusted.maxKeys(), f.maxKeys());
      differs(needRestart, "fake_qkd_max_keys_per_request", adjusted.maxKeysPerRequest(),
          f.maxKeysPerRequest());
      differs(needRestart, "fake_qkd_rate", adjusted.rateBitsPerSecond(),
          f.rateBitsPerSecond());
      differs(needRestart, "fake_qkd_key_ttl_seconds", adjusted.keyTtl(), f.keyTtl());
      differs(needRestart, "fake_qkd_latency_ms", adjusted.latency(), f.latency());
      differs(needRestart, "fake_qkd_unavailable_ratio", adjusted.unavailableRatio(),
          f.unavailableRatio());
      differs(needRestart, "fake_qkd_drop_ratio", adjusted.dropRatio(), f.dropRatio());
      differs(needRestart, "fake_qkd_etsi004_listen", adjusted.etsi004Listen(),
          f.etsi004Listen());
      differs(needRestart, "fake_qkd_link", adjusted.bb84(), f.bb84());
      fake = adjusted;
    }
    UkmsConfig effective = new UkmsConfig(file.source(), running.keyFolder(),
        running.pskFileNames(), running.bind(), running.port(), fake, running.stateDir(),
        running.adminListen(), file.peers(), file.locations(), running.skip());
    Map<String, PeerConfig> before = byId(running.peers());
    Map<String, PeerConfig> after = byId(file.peers());
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (PeerConfig peer : file.peers()) {
      PeerConfig old = before.get(peer.id());
      (old == null ? added : old.equals(peer) ? unchanged : changed).add(peer.id());
    }
    List<String> removed = running.peers().stream().map(PeerConfig::id)
        .filter(id -> !after.containsKey(id)).toList();
    return new Plan(effective, added, removed, changed, unchanged, needRestart);
  }

  private static void differs(List<String> out, String key, Object running, Object file) {
    if (!Objects.equals(running, file)) {
      out.add(key + " (running " + running + ", file " + file + ")");
    }
  }

  private static Map<String, PeerConfig> byId(List<PeerConfig> peers) {
    return peers.stream().collect(Collectors.toMap(PeerConfig::id, Function.identity()));
  }
}
