package dev.togglbff.auth;

import java.time.Duration;

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

        assertThat(received.firstTime(ISSUER, "jti-1")).isTrue();
        assertThat(received.firstTime(ISSUER, "jti-1")).as("received again").isFalse();
        assertThat(received.firstTime(ISSUER, "jti-2")).isTrue();
        assertThat(received.firstTime("https://other.example.test", "jti-1")).isTrue();
    }

    @Test
    void aTokenWhoseLogoutFailedIsActedUponWhenDeliveredAgain() {
        ReceivedLogoutTokens received = new ReceivedLogoutTokens(BackChannelLogout.ACCEPTED_FOR, null);
        assertThat(received.firstTime(ISSUER, "jti-1")).isTrue();

        received.forget(ISSUER, "jti-1");

        assertThat(received.firstTime(ISSUER, "jti-1")).isTrue();
    }

    @Test
    void instancesSharingRedisActUponATokenOnceBetweenThem() {
        String prefix = SharedStates.newPrefix();
        try (SharedStates.Connected a = SharedStates.connect(prefix); SharedStates.Connected b = SharedStates.connect(prefix)) {
            try {
                ReceivedLogoutTokens onA = new ReceivedLogoutTokens(BackChannelLogout.ACCEPTED_FOR, a.state());
                ReceivedLogoutTokens onB = new ReceivedLogoutTokens(BackChannelLogout.ACCEPTED_FOR, b.state());

                assertThat(onA.firstTime(ISSUER, "jti-1")).isTrue();
                assertThat(onB.firstTime(ISSUER, "jti-1")).as("received by the other instance").isFalse();
                onB.forget(ISSUER, "jti-1");
                assertThat(onA.firstTime(ISSUER, "jti-1")).as("forgotten by the other instance").isTrue();

                // Kept as long as the token could pass its checks, and no longer; neither issuer nor id in the key.
                assertThat(a.keys()).hasSize(1).allSatisfy(key -> {
                    assertThat(key).doesNotContain("jti-1").doesNotContain("id.example.test");
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
