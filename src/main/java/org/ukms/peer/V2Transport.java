package org.ukms.peer;

import org.ukms.core.V2Message;

/**
 * Sends a v2 request ({@link V2Message.Offer} or {@link V2Message.Confirm}) to one peer and
 * returns its authentic answer, or {@link V2Message.Failed} when none arrived. Never throws for
 * network trouble. {@link OkHttpV2Client#transport} is the real one; tests use their own.
 */
public interface V2Transport {
  V2Message send(V2Message request);
}
