package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ukms.skip.SkipFixture.assertJsonError;
import static org.ukms.skip.SkipFixture.call;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-encryptor scopes ({@code remote_systems} in {@code [skip.encryptors.<identity>]}): a
 * router held to some remote systems can neither mint nor fetch keys of others (SKIP-TLS-09's
 * allowlist, per remote system), and a refused fetch consumes nothing.
 */
class SkipEncryptorScopeTest {
  @Test
  void scopedEncryptor_cannotMintForAnotherRemoteSystem_unscopedOneCan() {
    SkipFixture alice = SkipFixture.alice();
    SkipApi api = alice.api.scopedTo(EncryptorScopes.of(Map.of("router-a", List.of("Bob"))));

    assertEquals(200, call(api, "GET", "/key?remoteSystemID=Bob", "router-a").status());
    SkipFixture.Reply refused = call(api, "GET", "/key?remoteSystemID=KP_A_LOC1", "router-a");
    assertJsonError(refused, 400);
    assertEquals("remoteSystemID not allowed for this encryptor", refused.error());
    assertEquals(200, call(api, "GET", "/key?remoteSystemID=KP_A_LOC1", "router-c").status());
    assertEquals(2, alice.minter.calls.size(), "the refused request minted nothing");
  }

  @Test
  void scopedEncryptor_cannotFetchAnotherSystemsKey_andTheKeyStaysForTheRightOne() {
    SkipFixture bob = SkipFixture.bob();
    SkipApi api = bob.api.scopedTo(EncryptorScopes.of(Map.of(
        "router-b", List.of("Ali*"), "router-x", List.of("Carol"))));
    String keyId = KeyIds.random(new java.security.SecureRandom());
    bob.store.deposit("Alice", keyId, new byte[32]);

    assertJsonError(call(api, "GET", "/key/" + keyId + "?remoteSystemID=Alice", "router-x"), 400);
    assertEquals(1, bob.store.pendingCount(), "not consumed");
    assertEquals(keyId, call(api, "GET", "/key/" + keyId + "?remoteSystemID=Alice", "router-b")
        .text("keyId"));
    assertEquals(0, bob.store.pendingCount());
  }
}
