package dev.togglbff.tracking;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.togglbff.auth.RememberedTokens;
import dev.togglbff.shared.SharedState;
import dev.togglbff.teams.TeamAccess;
import dev.togglbff.teams.TeamRole;
import dev.togglbff.web.StoredJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * When {@link RepeatReads} repeats an answer and when it lets the request go the whole way: the
 * rules about changes, on the filter alone (the whole application is in {@link RepeatReadsTests}).
 */
class RepeatReadsRulesTests {

    static final UUID USER = UUID.fromString("00000000-0000-4000-8000-000000000001");
    static final byte[] JSON = "[{\"id\":1,\"name\":\"meetings\"}]".getBytes(StandardCharsets.UTF_8);

    final RememberedTokens tokens = mock(RememberedTokens.class);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    final AtomicInteger wholeWay = new AtomicInteger();
    RepeatReads filter;

    /** The whole way for a read: the handler's answer, marked repeatable. */
    final FilterChain read = (request, response) -> {
        wholeWay.incrementAndGet();
        TeamAccess team = new TeamAccess(UUID.randomUUID(), "Team", 1, null, USER, TeamRole.MEMBER);
        request.setAttribute(Answers.REPEATABLE, new RepeatReads.Candidate("key-hash", team,
                StoredJson.of(JSON), clock.instant(), clock.instant().plusSeconds(900)));
        ((MockHttpServletResponse) response).setStatus(200);
        ((MockHttpServletResponse) response).setHeader("ETag", StoredJson.strongTag(JSON));
        response.getOutputStream().write(JSON);
    };

    @BeforeEach
    void filter() {
        when(tokens.liveUser(any())).thenReturn(USER);
        filter = new RepeatReads(new DefaultListableBeanFactory().getBeanProvider(SharedState.class), tokens,
                mock(Answers.class), clock, meters);
    }

    @Test
    void theSecondAskingIsRepeatedWithTheBytesAndHeadersOfTheFirst() throws Exception {
        get();
        MockHttpServletResponse repeat = get();

        assertThat(wholeWay).hasValue(1);
        assertThat(repeat.getStatus()).isEqualTo(200);
        assertThat(repeat.getContentAsByteArray()).isEqualTo(JSON);
        assertThat(repeat.getHeader("ETag")).isEqualTo(StoredJson.strongTag(JSON));
        assertThat(meters.get("bff.reads.repeated").counter().count()).isEqualTo(1);
    }

    @Test
    void nothingRepeatsWhileAChangingRequestRunsNorWhatWasAnsweredBeforeItEnded() throws Exception {
        get();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> post = CompletableFuture.runAsync(() -> {
            try {
                filter.doFilter(request("POST"), new MockHttpServletResponse(), (request, response) -> {
                    inside.countDown();
                    await(release);
                });
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        get();
        get();
        assertThat(wholeWay).as("reads while the change runs").hasValue(3);

        release.countDown();
        post.get(10, TimeUnit.SECONDS);
        get();
        assertThat(wholeWay).as("the first read after the change").hasValue(4);
        get();
        assertThat(wholeWay).as("its repeat").hasValue(4);
    }

    @Test
    void aChangedCopyEndsTheRepeats() throws Exception {
        get();
        filter.changed();
        get();
        get();

        assertThat(wholeWay).hasValue(2);
    }

    @Test
    void safeMethodsChangeNothing() throws Exception {
        get();
        for (String method : new String[] { "HEAD", "OPTIONS" }) {
            filter.doFilter(request(method), new MockHttpServletResponse(), (request, response) -> {
            });
        }
        get();

        assertThat(wholeWay).hasValue(1);
    }

    @Test
    void aCallerWithoutARememberedTokenAlwaysGoesTheWholeWay() throws Exception {
        get();
        when(tokens.liveUser(any())).thenReturn(null);
        get();
        get();

        assertThat(wholeWay).hasValue(3);
    }

    @Test
    void aCookieOrAPreconditionOtherThanIfNoneMatchGoesTheWholeWay() throws Exception {
        get();
        for (String header : new String[] { "Cookie", "Origin", "If-Match", "If-Modified-Since", "Range" }) {
            MockHttpServletRequest request = request("GET");
            request.addHeader(header, "x");
            filter.doFilter(request, new MockHttpServletResponse(), read);
        }

        assertThat(wholeWay).hasValue(1 + 5);
    }

    private MockHttpServletResponse get() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request("GET"), response, read);
        return response;
    }

    private static MockHttpServletRequest request(String method) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/v1/teams/t/tags");
        request.addHeader("Authorization", "Bearer remembered");
        return request;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
