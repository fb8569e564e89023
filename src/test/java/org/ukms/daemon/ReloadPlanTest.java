package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigLoader;
import org.ukms.config.UkmsConfig;

/** Which fake-KME settings a reload cannot apply: each named by its configuration key. */
class ReloadPlanTest {
  @TempDir Path dir;

  UkmsConfig load(String extra) throws Exception {
    Path file = Files.writeString(dir.resolve("c.toml"), String.join("\n",
        "key_folder = \"psk\"", "ukms_bind = \"127.0.0.1\"", "ukms_port = 8101",
        "enable_fake_qkd_api = true", extra, "[peers.bob]", "protocol = \"ukms-v1\"",
        "etsi_url = \"http://127.0.0.1:8101/\"", "ukms_url = \"http://127.0.0.1:8102\"",
        "alias = \"bob\"", "source_KME_ID = \"alice\"", "master_SAE_ID = \"alice\"",
        "slave_SAE_ID = \"bob\"", ""));
    return ConfigLoader.load(file, dir);
  }

  @Test
  void changedFakeKmeSettings_areNamedAsNeedingARestart_theRestIsAppliedAsRunning()
      throws Exception {
    Reload.Plan plan = Reload.plan(load("fake_qkd_rate = 1000"),
        load("fake_qkd_rate = 2000\nfake_qkd_max_keys = 50"));

    assertEquals(List.of("fake_qkd_max_keys (running 1000, file 50)",
        "fake_qkd_rate (running 1000, file 2000)"), plan.needRestart());
    assertEquals(1000, plan.effective().fakeQkd().rateBitsPerSecond());
    assertEquals(List.of("bob"), plan.unchanged());
  }
}
