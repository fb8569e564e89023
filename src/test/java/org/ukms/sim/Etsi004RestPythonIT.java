package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.testing.UkmsProcess;

/**
 * python3 (standard library only: urllib and json) as an independent client of
 * {@code ukms kme --api 004 --binding rest}: it POSTs open_connect, get_key and close as
 * qkd-module's clients do, to two linked KM processes, and checks that both ends hand out the
 * same key for the same stream and index. Skipped when python3 is not installed.
 */
class Etsi004RestPythonIT {
  /** argv: the two KMs' ports. Prints one line per step; never a key. */
  static final String SCRIPT = String.join("\n",
      "import json, sys, urllib.request, urllib.error",
      "def post(port, call, body, raw=None):",
      "    data = raw if raw is not None else json.dumps(body).encode()",
      "    req = urllib.request.Request('http://127.0.0.1:%s/api/v1/qkdm/actions/%s' % (port, call),",
      "        data=data, headers={'Content-Type': 'application/json'}, method='POST')",
      "    try:",
      "        with urllib.request.urlopen(req, timeout=10) as r:",
      "            return r.status, json.loads(r.read())",
      "    except urllib.error.HTTPError as e:",
      "        return e.code, json.loads(e.read())",
      "a, b = sys.argv[1], sys.argv[2]",
      "qos = {'key_chunk_size': 32, 'max_bps': 0, 'min_bps': 0, 'jitter': 0, 'priority': 0,",
      "       'timeout': 2000, 'ttl': 3600, 'metadata_mimetype': 'application/json'}",
      "code, oc = post(a, 'open_connect', {'source': 'py://alice', 'destination': 'py://bob',",
      "                                    'qos_parameters': qos})",
      "print('open_connect', code, oc['status'])",
      "ksid = oc['key_stream_ID']",
      "code, ka = post(a, 'get_key', {'key_stream_ID': ksid, 'indexes': [5]})",
      "print('get_key', code, ka['status'], ka['indexes'], len(ka['keys'][0]))",
      "code, ob = post(b, 'open_connect', {'source': 'py://bob', 'destination': 'py://alice',",
      "                                    'key_stream_ID': ksid})",
      "print('peer_open_connect', code, ob['status'], ob['key_stream_ID'] == ksid)",
      "code, kb = post(b, 'get_key', {'key_stream_ID': ksid, 'indexes': [5]})",
      "print('peer_get_key', code, kb['status'], kb['keys'] == ka['keys'])",
      "code, other = post(b, 'get_key', {'key_stream_ID': ksid, 'indexes': [6]})",
      "print('other_index_differs', other['keys'] != ka['keys'])",
      "code, bad = post(a, 'get_key', None, raw=b'{\"key_stream_ID\":')",
      "print('bad_json', code, 'message' in bad)",
      "code, c = post(a, 'close', {'key_stream_ID': ksid})",
      "print('close', code, c['status'])",
      "code, c = post(a, 'close', {'key_stream_ID': ksid})",
      "print('close_again', code, c['status'], c['message'])",
      "");

  @TempDir Path dir;

  static boolean python3() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  Path secret() throws IOException {
    Path file = Files.writeString(dir.resolve("link.secret"),
        Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  static List<String> python(String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3", "-c", script));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    return List.of(out.strip().split("\n"));
  }

  @Test
  void python3Client_onTwoRestKmProcesses_sameKeyForTheSameStreamAndIndex() throws Exception {
    Assumptions.assumeTrue(python3(), "python3 not installed: skipping the independent client");
    Path secret = secret();
    // one queue per process: await drops the lines it passes over
    BlockingQueue<String> eventsA = new LinkedBlockingQueue<>();
    BlockingQueue<String> eventsB = new LinkedBlockingQueue<>();
    try (UkmsProcess a = kme("a", eventsA, secret, "--api", "004", "--listen", "127.0.0.1:0");
        UkmsProcess b = kme("b", eventsB, secret, "--api", "004", "--listen", "127.0.0.1:0")) {
      int portA = Etsi004ProcessesIT.port(UkmsProcess.await(eventsA,
          "a: ukms kme: ETSI 004 listening on", 30));
      int portB = Etsi004ProcessesIT.port(UkmsProcess.await(eventsB,
          "b: ukms kme: ETSI 004 listening on", 30));
      assertEquals(List.of("open_connect 200 0", "get_key 200 0 [5] 44",
          "peer_open_connect 200 0 True", "peer_get_key 200 0 True", "other_index_differs True",
          "bad_json 400 True", "close 200 0", "close_again 503 9 non_standard"),
          python(SCRIPT, Integer.toString(portA), Integer.toString(portB)));
      assertTrue(a.lines.stream().anyMatch(l -> l.contains("(rest, plain, loopback)")),
          a.lines.toString());
      assertEquals(0, a.terminate(10));
      assertEquals(0, b.terminate(10));
    }
  }

  @Test
  void api014And004_rest_fromOneProcess_bothAnswerPython() throws Exception {
    Assumptions.assumeTrue(python3(), "python3 not installed: skipping the independent client");
    Path secret = secret();
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (UkmsProcess both = kme("both", events, secret, "--api", "014,004", "--listen",
        "127.0.0.1:0", "--listen-004", "127.0.0.1:0")) {
      String line014 = UkmsProcess.await(events, "both: ukms kme: listening on http://", 30);
      int port014 = Integer.parseInt(line014.replaceAll(".*listening on http://127\\.0\\.0\\.1:"
          + "(\\d+) .*", "$1"));
      int port004 = Etsi004ProcessesIT.port(UkmsProcess.await(events,
          "both: ukms kme: ETSI 004 listening on", 30));
      String script = String.join("\n",
          "import json, sys, urllib.request",
          "with urllib.request.urlopen('http://127.0.0.1:%s/api/v1/keys/bob/status'"
              + " % sys.argv[1], timeout=10) as r:",
          "    print('014_status', r.status, json.loads(r.read())['key_size'])",
          "req = urllib.request.Request('http://127.0.0.1:%s/api/v1/qkdm/actions/open_connect'"
              + " % sys.argv[2], data=json.dumps({'source': 'py://a', 'destination': 'py://b'})"
              + ".encode(), headers={'Content-Type': 'application/json'}, method='POST')",
          "with urllib.request.urlopen(req, timeout=10) as r:",
          "    body = json.loads(r.read())",
          "    print('004_open_connect', r.status, body['status'],"
              + " body['qos_parameters']['key_chunk_size'])",
          "");
      assertEquals(List.of("014_status 200 256", "004_open_connect 200 0 32"),
          python(script, Integer.toString(port014), Integer.toString(port004)));
      assertEquals(0, both.terminate(10));
    }
  }

  UkmsProcess kme(String name, BlockingQueue<String> events, Path secret, String... more)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("kme", "--binding", "rest", "--kme-id", name,
        "--sae-id", "alice", "--link-secret-file", secret.toString()));
    args.addAll(List.of(more));
    return UkmsProcess.start(name, dir, events, args.toArray(String[]::new));
  }
}
