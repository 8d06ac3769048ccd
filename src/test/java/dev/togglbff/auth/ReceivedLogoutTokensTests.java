package dev.togglbff.auth;

import java.time.Duration;

import dev.togglbff.auth.ReceivedLogoutTokens.Receipt;
import dev.togglbff.shared.SharedStates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which back-channel logout tokens are acted upon: each one once, by issuer and {@code jti}, on one
 * instance and across instances sharing Redis (the whole sign-in is in {@link OidcSignInTests}).
 */
class ReceivedLogoutTokensTests {

    static final String ISSUER = "https://id.example.test";

    @Test
    void aTokenIsActedUponOnceAndAnotherTokenOrIssuerIsAnotherToken() {
        ReceivedLogoutTokens received = new ReceivedLogoutTokens(BackChannelLogout.ACCEPTED_FOR, null);

        assertThat(received.receive(ISSUER, "jti-1")).isEqualTo(Receipt.FIRST);
        received.done(ISSUER, "jti-1");
        assertThat(received.receive(ISSUER, "jti-1")).as("received again").isEqualTo(Receipt.DONE);
        assertThat(received.receive(ISSUER, "jti-2")).isEqualTo(Receipt.FIRST);
        assertThat(received.receive("https://other.example.test", "jti-1")).isEqualTo(Receipt.FIRST);
    }

    @Test
    void aDeliveryWhileTheFirstIsActedUponIsToldToComeBack() {
        ReceivedLogoutTokens received = new ReceivedLogoutTokens(BackChannelLogout.ACCEPTED_FOR, null);
        assertThat(received.receive(ISSUER, "jti-1")).isEqualTo(Receipt.FIRST);

        assertThat(received.receive(ISSUER, "jti-1")).isEqualTo(Receipt.UNDER_WAY);
        received.done(ISSUER, "jti-1");
        assertThat(received.receive(ISSUER, "jti-1")).isEqualTo(Receipt.DONE);
    }

    @Test
    void aTokenWhoseLogoutFailedIsActedUponWhenDeliveredAgain() {
        ReceivedLogoutTokens received = new ReceivedLogoutTokens(BackChannelLogout.ACCEPTED_FOR, null);
        assertThat(received.receive(ISSUER, "jti-1")).isEqualTo(Receipt.FIRST);

        received.forget(ISSUER, "jti-1");

        assertThat(received.receive(ISSUER, "jti-1")).isEqualTo(Receipt.FIRST);
    }

    @Test
    void anInstanceGoesByItsOwnRecordWhenRedisLostIt() {
        String prefix = SharedStates.newPrefix();
        try (SharedStates.Connected a = SharedStates.connect(prefix)) {
            try {
                ReceivedLogoutTokens onA = new ReceivedLogoutTokens(BackChannelLogout.ACCEPTED_FOR, a.state());
                assertThat(onA.receive(ISSUER, "jti-1")).isEqualTo(Receipt.FIRST);
                onA.done(ISSUER, "jti-1");
                // Redis keeps nothing on disk: restarted, it holds none of the records.
                a.deleteAll();

                assertThat(onA.receive(ISSUER, "jti-1")).as("replayed to the instance that acted upon it")
                    .isEqualTo(Receipt.DONE);
            }
            finally {
                a.deleteAll();
            }
        }
    }

    @Test
    void instancesSharingRedisActUponATokenOnceBetweenThem() {
        String prefix = SharedStates.newPrefix();
        try (SharedStates.Connected a = SharedStates.connect(prefix); SharedStates.Connected b = SharedStates.connect(prefix)) {
            try {
                ReceivedLogoutTokens onA = new ReceivedLogoutTokens(BackChannelLogout.ACCEPTED_FOR, a.state());
                ReceivedLogoutTokens onB = new ReceivedLogoutTokens(BackChannelLogout.ACCEPTED_FOR, b.state());

                assertThat(onA.receive(ISSUER, "jti-1")).isEqualTo(Receipt.FIRST);
                assertThat(onB.receive(ISSUER, "jti-1")).as("under way on the other instance").isEqualTo(Receipt.UNDER_WAY);
                onA.done(ISSUER, "jti-1");
                assertThat(onB.receive(ISSUER, "jti-1")).as("acted upon by the other instance").isEqualTo(Receipt.DONE);

                // Acting upon another token failed on A: the provider's retry, wherever it lands, is acted upon.
                assertThat(onA.receive(ISSUER, "jti-2")).isEqualTo(Receipt.FIRST);
                onA.forget(ISSUER, "jti-2");
                assertThat(onB.receive(ISSUER, "jti-2")).as("forgotten by the instance that failed").isEqualTo(Receipt.FIRST);
                assertThat(onA.receive(ISSUER, "jti-2")).as("now under way on B").isEqualTo(Receipt.UNDER_WAY);

                // Kept as long as a token could pass its checks, and no longer; neither issuer nor id in the key.
                assertThat(a.keys()).hasSize(2).allSatisfy(key -> {
                    assertThat(key).doesNotContain("jti-").doesNotContain("id.example.test");
                    Long ttl = a.redis().getExpire(key);
                    assertThat(Duration.ofSeconds(ttl)).isBetween(BackChannelLogout.ACCEPTED_FOR.minusSeconds(30),
                            BackChannelLogout.ACCEPTED_FOR);
                });
            }
            finally {
                a.deleteAll();
            }
        }
    }
}
