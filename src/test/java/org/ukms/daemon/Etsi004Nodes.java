package org.ukms.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configuration of one node of a v2 pair in {@code qkd} mode whose QKD keys come from an
 * ETSI 004 key manager on loopback, for the daemon ITs: {@code <me>.toml} in {@code dir}, with
 * extra top-level lines (e.g. the embedded fake QKD API's) and extra {@code [peers.<peer>.etsi004]}
 * lines (e.g. a fixed {@code ksid}).
 */
final class Etsi004Nodes {
  private Etsi004Nodes() {}

  static void write(Path dir, String me, String peer, Map<String, Integer> ports, Duration period,
      int kmPort, List<String> topLines, List<String> etsi004Lines) throws Exception {
    List<String> lines = new ArrayList<>(List.of(
        "key_rotation_seconds = " + period.toSeconds(),
        "key_folder = \"psk/" + me + "\"",
        "state_dir = \"state/" + me + "\"",
        "ukms_bind = \"127.0.0.1\"",
        "ukms_port = " + ports.get(me)));
    lines.addAll(topLines);
    lines.addAll(List.of(
        "[peers." + peer + "]",
        "key_source = \"etsi004\"",
        "mode = \"qkd\"",
        "auth_key_file = \"pair.key\"",
        "ukms_url = \"http://127.0.0.1:" + ports.get(peer) + "\"",
        "alias = \"" + peer + "\"",
        "source_KME_ID = \"" + me + "\"",
        "slave_SAE_ID = \"" + peer + "\"",
        "[peers." + peer + ".etsi004]",
        "address = \"127.0.0.1:" + kmPort + "\""));
    lines.addAll(etsi004Lines);
    lines.add("");
    Files.writeString(dir.resolve(me + ".toml"), String.join("\n", lines));
  }

  /** The embedded fake QKD API's lines serving ETSI 004 on {@code kmPort}, in link mode. */
  static List<String> fakeQkd004(String me, int kmPort) {
    return List.of("enable_fake_qkd_api = true",
        "fake_qkd_link_secret_file = \"link.secret\"",
        "fake_qkd_sae_id = \"" + me + "\"",
        "fake_qkd_etsi004_listen = \"127.0.0.1:" + kmPort + "\"");
  }
}
