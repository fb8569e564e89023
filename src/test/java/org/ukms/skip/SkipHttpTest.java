package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukms.skip.SkipFixture.assertJsonError;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP layer of SKIP (skip.md §15, SKIP-HTTP-01/02/03/05), on the handler. */
class SkipHttpTest {
  private final SkipFixture alice = SkipFixture.alice();

  @ParameterizedTest
  @ValueSource(strings = {"/nonexistent", "/", "/Key", "/key/", "/key/ab/cd", "/capabilities/",
      "/entropy/x", "*", "http://host/key", "/keys?remoteSystemID=Bob"})
  void skipHttp01_unknownPath_is404(String target) {
    SkipFixture.Reply reply = alice.get(target);

    assertJsonError(reply, target.equals("/key/") ? 400 : 404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "get"})
  void skipHttp02_otherMethodsOnKnownPaths_are405WithAllowGet(String method) {
    for (String target : List.of("/key?remoteSystemID=Bob", "/key/00112233445566778899aabbccddeeff",
        "/capabilities", "/entropy")) {
      SkipFixture.Reply reply = alice.call(method, target);

      assertJsonError(reply, 405);
      assertEquals("GET", reply.allow(), target);
    }
    assertTrue(alice.minter.calls.isEmpty(), "a refused method mints nothing");
  }

  @Test
  void skipHttp02_otherMethodOnUnknownPath_is404WithoutAllow() {
    SkipFixture.Reply reply = alice.call("POST", "/nonexistent");

    assertJsonError(reply, 404);
    assertNull(reply.allow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/capabilities", "/key?remoteSystemID=Bob", "/key?remoteSystemID=Eve",
      "/key?remoteSystemID=Bob&size=7", "/key/zz?remoteSystemID=Bob",
      "/key/00112233445566778899aabbccddeeff?remoteSystemID=Bob", "/entropy",
      "/entropy?minentropy=9", "/nonexistent", "/key?remoteSystemID=%zz"})
  void skipHttp03_everyAnswer_isAJsonObject(String target) {
    SkipFixture.Reply reply = alice.get(target);

    assertEquals("application/json", reply.contentType());
    assertTrue(reply.json().isObject(), target);
  }

  @Test
  void skipHttp03_minterFailure_isAJsonObjectToo() {
    alice.minter.failWith = "peer b unreachable";

    assertJsonError(alice.get("/key?remoteSystemID=Bob"), 500);
  }

  @Test
  void skipHttp05_percentEncodedValue_equalsThePlainOne() {
    SkipFixture.Reply reply = alice.get("/key?remoteSystemID=KP%5FA_LOC1");

    assertEquals(200, reply.status());
    assertEquals(new SkipFixture.RecordingMinter.Call("KP_A_LOC1", "c", 256),
        alice.minter.calls.get(0));
  }

  @Test
  void skipHttp05_encodedNamesAndEitherHexCase_areDecoded() {
    SkipFixture.Reply reply = alice.get("/key?remote%53ystemID=B%6f%62&si%7Ae=%31%32%38");

    assertEquals(200, reply.status());
    assertEquals(new SkipFixture.RecordingMinter.Call("Bob", "b", 128),
        alice.minter.calls.get(0));
  }

  @Test
  void skipHttp05_unknownParameters_areIgnored() {
    SkipFixture.Reply reply = alice.get("/key?x=1&remoteSystemID=Bob&&flag&size=512&y=%41");

    assertEquals(200, reply.status());
    assertEquals(128, reply.text("key").length());
  }

  @Test
  void skipHttp05_plusIsAPlainPlus() {
    SkipFixture.Reply reply = alice.get("/key?remoteSystemID=Bob+");

    assertJsonError(reply, 400);
    assertEquals("remoteSystemID not allowed", reply.error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%4", "%zz", "%G1", "Bo%b", "%C3%28", "%ED%A0%80", "%00",
      "%0A", "B%7Fob", "B ob", "B\u00e9b", "B\tob"})
  void skipHttp05_badEscapesAndControlCharacters_are400(String value) {
    SkipFixture.Reply reply = alice.get("/key?remoteSystemID=" + value);

    assertJsonError(reply, 400);
    assertTrue(reply.error().startsWith("malformed query: "), reply.error());
    assertTrue(alice.minter.calls.isEmpty());
  }

  @Test
  void skipHttp05_duplicateParameter_is400AndNamesIt() {
    SkipFixture.Reply reply = alice.get("/key?remoteSystemID=Bob&remoteSystemID=Bob");

    assertJsonError(reply, 400);
    assertEquals("duplicate query parameter remoteSystemID", reply.error());
  }

  @Test
  void skipHttp05_duplicateThroughEncoding_is400() {
    SkipFixture.Reply reply = alice.get("/entropy?minentropy=8&%6Dinentropy=16");

    assertJsonError(reply, 400);
    assertEquals("duplicate query parameter minentropy", reply.error());
  }

  @Test
  void skipHttp05_duplicateUnknownParameter_is400WithoutEchoingIt() {
    SkipFixture.Reply reply = alice.get("/capabilities?secret=1&secret=2");

    assertJsonError(reply, 400);
    assertEquals("duplicate query parameter", reply.error());
  }

  @Test
  void skipHttp05_percentEncodedKeyIdInPath_isDecoded() {
    SkipFixture.Reply reply = alice.get("/key/%30%30112233445566778899aabbccddeeff"
        + "?remoteSystemID=Bob");

    assertJsonError(reply, 400);
    assertEquals("unknown keyId", reply.error());
  }
}
