package dev.togglbff.auth;

import java.time.Clock;

import dev.togglbff.support.IdentityProviderStub;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A back-channel logout whose sessions could not be ended (the database failed): its token is not
 * taken as received, so the provider's next delivery of it ends them. The provider is the tests'
 * identity provider stub (its keys); the session store is a mock that fails once.
 */
class BackChannelLogoutTests {

    final OidcLogin oidc = mock(OidcLogin.class);
    final BrowserSessions sessions = mock(BrowserSessions.class);
    final BackChannelLogout logout = new BackChannelLogout(oidc, sessions,
            new ReceivedLogoutTokens(BackChannelLogout.ACCEPTED_FOR, null), Clock.systemUTC());

    @Test
    void aTokenWhoseSessionsCouldNotBeEndedEndsThemWhenDeliveredAgain() {
        String issuer = IdentityProviderStub.issuer();
        when(oidc.issuer()).thenReturn(issuer);
        when(oidc.registration()).thenReturn(ClientRegistration.withRegistrationId("oidc")
            .clientId(IdentityProviderStub.CLIENT_ID)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("https://bff.example/api/v1/auth/oidc/callback")
            .authorizationUri(issuer + "/protocol/openid-connect/auth")
            .tokenUri(issuer + "/protocol/openid-connect/token")
            .jwkSetUri(issuer + "/protocol/openid-connect/certs")
            .issuerUri(issuer)
            .build());
        when(sessions.endOidc(eq(issuer), any(), anyString()))
            .thenThrow(new DataAccessResourceFailureException("the database is out"))
            .thenReturn(2);
        String token = IdentityProviderStub.logoutToken("subject-1", null, claims -> {
        });

        assertThatThrownBy(() -> logout.logout(token)).isInstanceOf(DataAccessResourceFailureException.class);
        int ended = logout.logout(token);
        int again = logout.logout(token);

        assertThat(ended).as("the provider's retry is acted upon").isEqualTo(2);
        assertThat(again).as("then it is received").isZero();
        verify(sessions, times(2)).endOidc(eq(issuer), any(), anyString());
    }
}
