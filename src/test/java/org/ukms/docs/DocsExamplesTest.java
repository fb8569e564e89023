package org.ukms.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;
import org.ukms.daemon.AuthKeys;
import org.ukms.testing.FakeWg;
import org.ukms.testing.TestPki;
import org.ukms.testing.UkmsProcess;

/**
 * Every {@code toml} block of README.md and docs/*.md passes {@code ukms check}, run as its own
 * process. A block preceded by {@code <!-- fragment -->} is part of a file, not a file, and is
 * skipped. Each block is checked in a fresh folder, by these rules:
 *
 * <ul>
 *   <li>An absolute path in a path key ({@code key_folder}, {@code state_dir}, {@code
 *       auth_key_file}, {@code fake_qkd_link_secret_file}, {@code etsi_cacert}, {@code etsi_cert},
 *       {@code etsi_key}), in {@code admin_listen = "unix:/…"} or as the program of {@code
 *       on_rotate} is moved under that folder ({@code /etc/ukms/x} becomes {@code DIR/etc/ukms/x});
 *       relative paths resolve against it, as the check runs there.
 *   <li>The secret files the block names are made as an operator would: auth keys with the
 *       keygen code, a link secret of 32 random bytes, a CA, client certificate and its key for the
 *       {@code etsi_*} files, and an executable for the {@code on_rotate} program; parent folders
 *       are created.
 *   <li>{@code wg} on PATH is a stand-in that succeeds, so a {@code wireguard} table checks on a
 *       host without WireGuard or without that interface.
 * </ul>
 */
class DocsExamplesTest {
  private static final Set<String> PATH_KEYS = Set.of("key_folder", "state_dir", "auth_key_file",
      "fake_qkd_link_secret_file", "etsi_cacert", "etsi_cert", "etsi_key");
  private static final Pattern STRING = Pattern.compile("^(\\s*([A-Za-z_]+)\\s*=\\s*\")([^\"]*)\"");
  private static final Pattern ON_ROTATE = Pattern.compile("^(\\s*on_rotate\\s*=\\s*\\[\\s*\")/");

  @TempDir Path dir;

  @Test
  void everyTomlExample_passesUkmsCheck() throws Exception {
    FakeWg wg = new FakeWg(dir.resolve("bin"));
    List<String> failures = new ArrayList<>();
    int checked = 0;
    boolean readme = false;
    for (Path file : Markdown.files()) {
      for (Markdown.Block block : Markdown.blocks(file)) {
        if (!block.language().equals("toml") || block.fragment()) {
          continue;
        }
        checked++;
        readme |= file.getFileName().toString().equals("README.md");
        Path work = Files.createDirectories(dir.resolve("block" + checked));
        String where = Markdown.root().relativize(file) + ":" + block.line();
        List<String> out = check(work, rewrite(block.text(), work), wg);
        if (!out.isEmpty()) {
          failures.add(where + ": " + String.join(" | ", out));
        }
      }
    }
    assertTrue(readme, "the README's own example must be among the checked blocks");
    assertTrue(checked >= 6, "only " + checked + " toml blocks found");
    assertEquals(List.of(), failures);
  }

  @Test
  void rewrite_movesAbsolutePathsUnderTheFolder() {
    Path work = Path.of("/w");

    assertEquals("key_folder = \"/w/var/lib/ukms/psk\"\nalias = \"/x\"\n"
        + "admin_listen = \"unix:/w/run/a.sock\"\non_rotate = [\"/w/bin/hook\", \"/arg\"]\n"
        + "state_dir = \"state\"\n",
        rewrite("key_folder = \"/var/lib/ukms/psk\"\nalias = \"/x\"\n"
            + "admin_listen = \"unix:/run/a.sock\"\non_rotate = [\"/bin/hook\", \"/arg\"]\n"
            + "state_dir = \"state\"\n", work));
  }

  static String rewrite(String toml, Path work) {
    StringBuilder out = new StringBuilder();
    for (String line : toml.split("\n", -1)) {
      Matcher m = STRING.matcher(line);
      Matcher hook = ON_ROTATE.matcher(line);
      if (m.find() && PATH_KEYS.contains(m.group(2)) && m.group(3).startsWith("/")) {
        line = m.group(1) + work + m.group(3) + "\"" + line.substring(m.end());
      } else if (m.find(0) && m.group(2).equals("admin_listen")
          && m.group(3).startsWith("unix:/")) {
        line = m.group(1) + "unix:" + work + m.group(3).substring(5) + "\""
            + line.substring(m.end());
      } else if (hook.find()) {
        line = hook.group(1) + work + "/" + line.substring(hook.end());
      }
      out.append(line).append('\n');
    }
    return out.substring(0, out.length() - 1);
  }

  /** Writes the block and the files it names, runs {@code ukms check}; its output if it failed. */
  private static List<String> check(Path work, String toml, FakeWg wg) throws Exception {
    Path file = Files.writeString(work.resolve("ukms.toml"), toml);
    TomlParseResult parsed = Toml.parse(toml);
    assertTrue(parsed.errors().isEmpty(), () -> file + ": " + parsed.errors());
    TestPki pki = new TestPki("docs");
    HeldCertificate client = pki.issue("sae");
    List<TomlTable> tables = new ArrayList<>(List.of(parsed));
    TomlTable peers = parsed.getTable("peers");
    if (peers != null) {
      for (String id : peers.keySet()) {
        tables.add(peers.getTable(id));
      }
    }
    for (TomlTable t : tables) {
      make(work, t.getString("auth_key_file"), p -> AuthKeys.generate(p, new SecureRandom()));
      make(work, t.getString("fake_qkd_link_secret_file"), p -> secret(p, random32()));
      make(work, t.getString("etsi_cacert"), p -> Files.writeString(p, pki.ca.certificatePem()));
      make(work, t.getString("etsi_cert"), p -> Files.writeString(p, client.certificatePem()));
      make(work, t.getString("etsi_key"), p -> secret(p, client.privateKeyPkcs8Pem()));
      if (t.isArray("on_rotate") && !t.getArray("on_rotate").isEmpty()) {
        make(work, t.getArray("on_rotate").getString(0), p -> {
          Files.writeString(p, "#!/bin/sh\nexit 0\n");
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        });
      }
    }
    LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (UkmsProcess p = UkmsProcess.startIn("check", work, events,
        List.of("env", "PATH=" + wg.program.getParent() + ":/usr/bin:/bin"), "check",
        file.toString())) {
      assertTrue(p.process.waitFor(60, TimeUnit.SECONDS), "ukms check did not finish");
      p.terminate(5);
      return p.process.exitValue() == 0 ? List.of() : List.copyOf(p.lines);
    }
  }

  private interface Maker {
    void make(Path file) throws IOException;
  }

  private static void make(Path work, String value, Maker maker) throws IOException {
    if (value == null) {
      return;
    }
    Path file = work.resolve(value);
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent());
      maker.make(file);
    }
  }

  private static String random32() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw) + "\n";
  }

  private static void secret(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }
}
