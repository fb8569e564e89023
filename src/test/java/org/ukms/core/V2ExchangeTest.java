package org.ukms.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;
import org.ukms.testing.ManualClock;

/** Single rules of the v2 core, step by step (the whole exchange: V2ExchangeSimulationTest). */
class V2ExchangeTest {
  private static final Duration PERIOD = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration LIFETIME = Duration.ofSeconds(30);
  private final SecureRandom random = new SecureRandom();
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Secret ck0 = V2Keys.of(Secret.copyOf(new byte[32]))
      .initialChainKey("alice", "bob");

  V2Exchange node(String self, String other, Instant confirmedAt) {
    return new V2Exchange(new V2Exchange.Settings(self, other, V2Schedule.Mode.PQC, PERIOD,
        TIMEOUT, LIFETIME, false), clock, new Backoff(random, PERIOD), random,
        V2Chain.initial(ck0), confirmedAt, Duration.ZERO);
  }

  /** alice's offer and bob's answer to it. */
  record Offered(V2Decision.Send offer, V2Decision.Reply accept) {}

  static Offered offered(V2Exchange alice, V2Exchange bob) {
    V2Decision.Send offer = (V2Decision.Send) alice.startRound();
    return new Offered(offer, (V2Decision.Reply) bob.offerReceived(
        (V2Message.Offer) offer.request()));
  }

  /** alice offers, bob accepts, alice confirms: returns bob's decision on the confirm. */
  static V2Decision upToConfirm(V2Exchange alice, V2Exchange bob, long[] aliceToken) {
    Offered o = offered(alice, bob);
    V2Decision.Send offer = o.offer();
    V2Decision.Reply accept = o.accept();
    V2Decision.Send confirm = prepared(alice, alice.answered(offer.token(), accept.answer()));
    aliceToken[0] = confirm.token();
    return bob.confirmReceived((V2Message.Confirm) confirm.request());
  }

  /** The initiator saved its next state (the Persist before its confirm): the confirm. */
  static V2Decision.Send prepared(V2Exchange initiator, V2Decision d) {
    V2Decision.Persist save = (V2Decision.Persist) d;
    save.state().destroy();
    return (V2Decision.Send) initiator.persisted(save.token());
  }

  @Test
  void failClosedDeadline_countsFromTheSavedConfirmation_notFromTheRestart() {
    Instant confirmed = clock.instant().minus(Duration.ofSeconds(25));

    V2Exchange restarted = node("alice", "bob", confirmed);

    assertEquals(confirmed.plus(LIFETIME), restarted.expiryDue());
    clock.advance(Duration.ofSeconds(5));
    assertInstanceOf(V2Decision.FailClosed.class, restarted.expire());
  }

  @Test
  void responderCannotSaveItsState_answers503_advancesNothing_andTheRetriedConfirmSucceeds() {
    V2Exchange alice = node("alice", "bob", null);
    V2Exchange bob = node("bob", "alice", null);
    long[] token = new long[1];
    V2Decision.Persist save = (V2Decision.Persist) upToConfirm(alice, bob, token);
    save.state().destroy();

    V2Decision failed = bob.persistFailed(save.token(), "No space left on device");

    V2Message.Refused refused = (V2Message.Refused) ((V2Decision.Reply) failed).answer();
    assertEquals(V2Message.Reason.UNAVAILABLE, refused.reason());
    assertEquals(0, bob.epoch(), "nothing advanced");
    // alice retries the same confirm once the disk has room again
    V2Decision.Send again = (V2Decision.Send) alice.answered(token[0],
        new V2Message.Failed(true, "503"));
    V2Decision.Persist retry = (V2Decision.Persist) bob.confirmReceived(
        (V2Message.Confirm) again.request());
    retry.state().destroy();
    V2Decision.Install installed = (V2Decision.Install) bob.persisted(retry.token());
    assertEquals(1, bob.epoch());
    V2Decision.Install aliceInstall = (V2Decision.Install) alice.answered(again.token(),
        installed.reply());
    assertTrue(aliceInstall.psk().sameAs(installed.psk()));
  }

  @Test
  void initiatorCannotSaveItsState_neverConfirms_soNeitherSideInstalls_andRetriesSoon() {
    V2Exchange alice = node("alice", "bob", null);
    V2Exchange bob = node("bob", "alice", null);
    Offered o = offered(alice, bob);
    V2Decision.Send offer = o.offer();
    V2Decision.Reply accept = o.accept();
    V2Decision.Persist prepare = (V2Decision.Persist) alice.answered(offer.token(),
        accept.answer());
    prepare.state().destroy();

    assertEquals(V2Decision.NONE, alice.persistFailed(prepare.token(), "EIO"));

    assertEquals(0, alice.epoch());
    assertEquals(0, bob.epoch());
    assertFalse(alice.initiating());
    assertTrue(alice.roundDue().isBefore(clock.instant().plus(PERIOD)), "a retry, not a period");
  }

  @Test
  void confirmUnanswered_putsTheSavedStateBack_toTheStateInForce() {
    Secret inForce = Secret.copyOf(new byte[32]);
    V2Exchange alice = new V2Exchange(new V2Exchange.Settings("alice", "bob",
        V2Schedule.Mode.PQC, PERIOD, TIMEOUT, LIFETIME, false), clock,
        new Backoff(random, PERIOD), random, V2Chain.initial(ck0), inForce, clock.instant(),
        Duration.ZERO);
    V2Exchange bob = node("bob", "alice", null);
    Offered o = offered(alice, bob);
    V2Decision.Send offer = o.offer();
    V2Decision.Reply accept = o.accept();
    V2Decision.Send confirm = prepared(alice, alice.answered(offer.token(), accept.answer()));

    V2Decision d = confirm;
    for (int i = 0; i < 3; i++) {
      d = alice.answered(confirm.token(), new V2Message.Failed(true, "timeout"));
    }

    V2Decision.Persist back = (V2Decision.Persist) d;
    assertEquals(0, back.state().epoch(), "the state in force, not the prepared one");
    assertTrue(back.state().psk().sameAs(inForce));
    back.state().destroy();
    assertEquals(V2Decision.NONE, alice.persisted(back.token()));
    assertFalse(alice.initiating());
  }

  @Test
  void confirmWhileOwnExchangeRuns_isRefused_evenWithAValidProof() {
    V2Exchange alice = node("alice", "bob", null);
    V2Exchange bob = node("bob", "alice", null);
    Offered o = offered(alice, bob);
    V2Decision.Send offer = o.offer();
    V2Decision.Reply accept = o.accept();
    V2Decision.Send confirm = prepared(alice, alice.answered(offer.token(), accept.answer()));
    clock.advance(TIMEOUT.multipliedBy(3)); // bob's pending exchange is stale: his own round starts
    assertInstanceOf(V2Decision.Send.class, bob.startRound());

    V2Decision late = bob.confirmReceived((V2Message.Confirm) confirm.request());

    assertEquals(V2Message.Reason.NO_EXCHANGE,
        ((V2Message.Refused) ((V2Decision.Reply) late).answer()).reason());
    assertEquals(0, bob.epoch());
  }

  @Test
  void abort_endsTheOwnExchange_andSchedulesARetry() {
    V2Exchange alice = node("alice", "bob", null);
    V2Decision.Send offer = (V2Decision.Send) alice.startRound();

    alice.abort(offer.token(), "java.lang.IllegalStateException: bug");

    assertFalse(alice.initiating());
    assertInstanceOf(V2Decision.Send.class, alice.startRound(), "the next round runs");
  }

  @Test
  void bothInitiate_theSmallerIdLeads_theOtherAbandonsBeforeConfirming() {
    V2Exchange alice = node("alice", "bob", null);
    V2Exchange bob = node("bob", "alice", null);
    V2Decision.Send aliceOffer = (V2Decision.Send) alice.startRound();
    V2Decision.Send bobOffer = (V2Decision.Send) bob.startRound();

    V2Decision toBob = alice.offerReceived((V2Message.Offer) bobOffer.request());
    V2Decision toAlice = bob.offerReceived((V2Message.Offer) aliceOffer.request());

    assertInstanceOf(V2Message.Busy.class, ((V2Decision.Reply) toBob).answer());
    assertInstanceOf(V2Message.Accept.class, ((V2Decision.Reply) toAlice).answer());
    assertFalse(bob.initiating(), "bob's own exchange is abandoned");
    assertEquals(V2Decision.NONE, bob.answered(bobOffer.token(), ((V2Decision.Reply) toBob)
        .answer()), "the answer to an abandoned exchange is ignored");
  }

  @Test
  void initiatorsAlternate_soTheTwoTimersDoNotCollide() {
    V2Exchange alice = node("alice", "bob", null);
    V2Exchange bob = node("bob", "alice", null);
    assertTrue(alice.leads(0) && !bob.leads(0));
    assertTrue(bob.leads(1) && !alice.leads(1));
    assertTrue(bob.roundDue().isAfter(alice.roundDue()), "the follower waits longer");
  }
}
