package org.ukms.skip;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The remote systems this Key Provider shares keys with: an ordered list of {@code
 * remoteSystemID} patterns (literal IDs or POSIX globs, see {@link Fnmatch}), each mapped to the
 * v2 peer that synchronises its keys. The first pattern that matches wins. {@code GET
 * /capabilities} lists the patterns in this order.
 */
public final class RemoteSystems {
  /** One configured pattern and the v2 peer its keys go through. */
  public record Entry(String pattern, String peerId) {
    public Entry {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(peerId, "peerId");
      if (pattern.isEmpty()) {
        throw new IllegalArgumentException("empty remoteSystemID pattern");
      }
      if (peerId.isEmpty()) {
        throw new IllegalArgumentException("empty peer id for " + pattern);
      }
    }
  }

  private final List<Entry> entries;

  private RemoteSystems(List<Entry> entries) {
    this.entries = entries;
  }

  /** At least one entry (SKIP-CAP-02); order is match order. */
  public static RemoteSystems of(List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("at least one remote system is needed");
    }
    return new RemoteSystems(List.copyOf(entries));
  }

  /** The v2 peer for {@code remoteSystemId}: the first entry whose pattern matches it. */
  public Optional<String> peerFor(String remoteSystemId) {
    for (Entry e : entries) {
      if (Fnmatch.matches(e.pattern(), remoteSystemId)) {
        return Optional.of(e.peerId());
      }
    }
    return Optional.empty();
  }

  /** The patterns, in order, as {@code GET /capabilities} lists them. */
  public List<String> patterns() {
    List<String> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(e.pattern());
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "RemoteSystems" + entries;
  }
}
