package org.ukms.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ukms.crypto.Fingerprint;
import org.ukms.crypto.Secret;
import org.ukms.sink.PskSink;

/** Records what was installed: the secrets (to check they are zeroed later) and fingerprints. */
public final class RecordingSink implements PskSink {
  public final List<Secret> installed = new CopyOnWriteArrayList<>();
  public final List<String> fingerprints = new CopyOnWriteArrayList<>();
  private final Consumer<String> onInstall;

  public RecordingSink() {
    this(fp -> { });
  }

  public RecordingSink(Consumer<String> onInstall) {
    this.onInstall = onInstall;
  }

  @Override
  public void install(Secret psk) {
    installed.add(psk);
    String fp = Fingerprint.of(psk);
    fingerprints.add(fp);
    onInstall.accept(fp);
  }
}
