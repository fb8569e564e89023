package org.ukms.peer;

import java.net.URI;
import java.time.Duration;
import org.ukms.core.KeyId;
import org.ukms.core.V1PeerRotation;

/** Calls a peer daemon's v1 API and returns the key_ID its KME delivered for us. */
public interface PeerClient {
  KeyId requestV1(URI ukmsUrl, String sourceKmeId, V1PeerRotation.Call call, Duration timeout)
      throws PeerException;
}
