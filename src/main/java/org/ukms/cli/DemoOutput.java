package org.ukms.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.ukms.daemon.Demo;
import org.ukms.daemon.DemoLinks;

/** What {@code ukms demo} prints: the live table, the BB84 links, and the final JSON. */
final class DemoOutput {
  private DemoOutput() {}

  /** Prints the table if it changed; returns what it printed. */
  static String show(PrintWriter out, Demo demo, String last) {
    List<Demo.PairState> pairs = demo.pairs();
    StringBuilder t = new StringBuilder(String.format("%-11s %9s  %-36s  %-16s  %-16s  %s%n",
        "pair", "rotations", "last key_ID", "fingerprint a",
        "fingerprint b", "agree"));
    for (Demo.PairState p : pairs) {
      t.append(String.format("%-11s %9d  %-36s  %-16s  %-16s  %s%n", p.a() + "-" + p.b(),
          p.rotations(), p.remoteKeyId() == null ? "-" : p.remoteKeyId().value(),
          p.fingerprintA() == null ? "-" : p.fingerprintA(),
          p.fingerprintB() == null ? "-" : p.fingerprintB(), p.agree() ? "yes" : "not yet"));
    }
    for (DemoLinks.LinkReport l : demo.links()) {
      t.append(String.format(Locale.ROOT, "BB84 %-11s QBER %s, %d blocks, %d aborted: %s%n",
          l.a() + "-" + l.b(), Double.isNaN(l.qber()) ? "-" : String.format(Locale.ROOT,
              "%.4f", l.qber()), l.blocks(), l.aborts(), l.state()));
    }
    String table = t.toString();
    if (!table.equals(last)) {
      out.print(table);
      out.println();
      out.flush();
    }
    return table;
  }

  static String json(Demo demo, boolean ok, String link) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode().put("ok", ok).put("link", link);
    ArrayNode pairs = root.putArray("pairs");
    for (Demo.PairState p : demo.pairs()) {
      ObjectNode o = pairs.addObject().put("a", p.a()).put("b", p.b())
          .put("rotations", p.rotations())
          .put("local_key_id", p.localKeyId() == null ? null : p.localKeyId().value())
          .put("remote_key_id", p.remoteKeyId() == null ? null : p.remoteKeyId().value())
          .put("fingerprint_a", p.fingerprintA()).put("fingerprint_b", p.fingerprintB())
          .put("agree", p.agree());
      o.put("psk_file_a", demo.pskFile(p.a(), p.b()).toString());
      o.put("psk_file_b", demo.pskFile(p.b(), p.a()).toString());
    }
    List<DemoLinks.LinkReport> links = demo.links();
    if (!links.isEmpty()) {
      root.put("keys_delivered", demo.keysDelivered());
      ArrayNode array = root.putArray("links");
      for (DemoLinks.LinkReport l : links) {
        ObjectNode o = array.addObject().put("a", l.a()).put("b", l.b());
        if (Double.isNaN(l.qber())) {
          o.putNull("qber");
        } else {
          o.put("qber", l.qber());
        }
        o.put("blocks", l.blocks()).put("aborted_blocks", l.aborts())
            .put("keys_delivered", l.keysDelivered()).put("state", l.state());
      }
    }
    return mapper.writeValueAsString(root);
  }
}
