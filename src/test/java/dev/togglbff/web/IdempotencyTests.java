package dev.togglbff.web;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TestUsers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import testroutes.ThingsController;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.togglbff.web.ProblemDetailsTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A create sent with Idempotency-Key runs once per caller and key: repeats get the first answer,
 * concurrent repeats wait for it, and another request under the same key is refused.
 */
@IntegrationTest
@Import(ThingsController.class)
@TestPropertySource(properties = ThingsController.SHORT_WAIT)
class IdempotencyTests {

    @LocalServerPort
    int port;

    @Autowired
    ThingsController things;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IdempotencyRecords records;

    ApiClient api;
    TestUsers.SignedIn user;
    String scope;
    String path;
    String key;
    ExecutorService threads = Executors.newFixedThreadPool(2);

    @BeforeEach
    void signIn() {
        api = new ApiClient(port);
        user = TestUsers.register(api, "idem");
        scope = UUID.randomUUID().toString();
        path = "/api/v1/test-things/" + scope;
        key = UUID.randomUUID().toString();
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aRepeatGetsTheFirstAnswerWithoutReachingTheHandler() {
        ApiClient.Response first = create(user, "{\"name\":\"one\"}");
        ApiClient.Response second = create(user, "{\"name\":\"one\"}");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().path("received").path("name").asString()).isEqualTo("one");
        assertThat(first.header("Idempotent-Replayed")).isEmpty();
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.contentType()).startsWith("application/json");
        assertThat(second.header("Idempotent-Replayed")).contains("true");
        assertThat(things.creations(scope)).isEqualTo(1);
    }

    @Test
    void concurrentRepeatsRunTheHandlerOnce() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<ApiClient.Response>> calls = List.of(1, 2).stream()
            .map(i -> CompletableFuture.supplyAsync(() -> {
                await(start);
                return create(user, "{\"sleepMillis\":500}");
            }, threads))
            .toList();
        start.countDown();
        ApiClient.Response a = calls.get(0).get(10, TimeUnit.SECONDS);
        ApiClient.Response b = calls.get(1).get(10, TimeUnit.SECONDS);

        assertThat(things.creations(scope)).isEqualTo(1);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(b.status()).as(b.body()).isEqualTo(201);
        assertThat(a.body()).isEqualTo(b.body());
        assertThat(List.of(a, b)).filteredOn(r -> r.header("Idempotent-Replayed").isPresent()).hasSize(1);
    }

    @Test
    void aRepeatGivesUpWithConflictWhenTheFirstRunsLongerThanTheWait() throws Exception {
        String held = "{\"hold\":true}";
        CompletableFuture<ApiClient.Response> slow = CompletableFuture.supplyAsync(() -> create(user, held), threads);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> things.creations(scope) == 1);

        ApiClient.Response repeat = create(user, held);
        assertProblem(repeat, 409, "CONFLICT");
        assertThat(repeat.header("Retry-After")).contains("1");

        ApiClient.Response other = create(user, "{\"sleepMillis\":1}");
        assertProblem(other, 422, "IDEMPOTENCY_KEY_REUSED");

        things.release(scope);
        assertThat(slow.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(create(user, held).header("Idempotent-Replayed")).contains("true");
        assertThat(things.creations(scope)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefused() {
        assertThat(create(user, "{\"name\":\"one\"}").status()).isEqualTo(201);

        assertProblem(create(user, "{\"name\":\"two\"}"), 422, "IDEMPOTENCY_KEY_REUSED");
        ApiClient.Response otherPath = api.post("/api/v1/test-things/" + UUID.randomUUID(), "{\"name\":\"one\"}",
                headers(user, key));
        assertProblem(otherPath, 422, "IDEMPOTENCY_KEY_REUSED");
        assertThat(things.creations(scope)).isEqualTo(1);
    }

    @Test
    void keysAreScopedToTheCaller() {
        TestUsers.SignedIn other = TestUsers.register(api, "idem-other");

        ApiClient.Response mine = create(user, "{}");
        ApiClient.Response theirs = create(other, "{}");

        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.header("Idempotent-Replayed")).isEmpty();
        assertThat(theirs.json().path("caller").asString()).isEqualTo(other.username());
        assertThat(mine.json().path("caller").asString()).isEqualTo(user.username());
        assertThat(things.creations(scope)).isEqualTo(2);
    }

    @Test
    void aKeyMustBe1To255VisibleAsciiCharacters() {
        ApiClient.Response tooLong = api.post(path, "{}", headers(user, "k".repeat(256)));
        assertProblem(tooLong, 400, "VALIDATION_FAILED");
        assertThat(tooLong.json().path("errors").get(0).path("field").asString()).isEqualTo("Idempotency-Key");
        assertProblem(api.post(path, "{}", headers(user, "two words")), 400, "VALIDATION_FAILED");
        assertThat(things.creations(scope)).isZero();

        assertThat(api.post(path, "{}", headers(user, "k".repeat(255))).status()).isEqualTo(201);
    }

    @Test
    void anExpiredRecordIsIgnoredAndReplaced() {
        assertThat(create(user, "{}").json().path("number").asInt()).isEqualTo(1);
        expire(key);

        ApiClient.Response again = create(user, "{\"name\":\"changed\"}");

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEmpty();
        assertThat(again.json().path("number").asInt()).isEqualTo(2);
        assertThat(create(user, "{\"name\":\"changed\"}").header("Idempotent-Replayed")).contains("true");
        assertThat(things.creations(scope)).isEqualTo(2);
    }

    @Test
    void aClaimAbandonedByACrashedRequestIsTakenOver() {
        assertThat(create(user, "{}").status()).isEqualTo(201);
        // As if the instance handling it had died before storing the answer, ten minutes ago.
        jdbc.sql("UPDATE idempotency_records SET state = 'IN_PROGRESS', status = NULL, response_body = NULL, "
                + "created_at = :created WHERE idem_key = :key")
            .param("created", Timestamp.from(Instant.now().minus(10, ChronoUnit.MINUTES)))
            .param("key", key)
            .update();

        ApiClient.Response retried = create(user, "{}");

        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isEmpty();
        assertThat(things.creations(scope)).isEqualTo(2);
        assertThat(create(user, "{}").header("Idempotent-Replayed")).contains("true");
        assertThat(things.creations(scope)).isEqualTo(2);
    }

    @Test
    void aClaimStillRunningIsNotTakenOver() {
        assertThat(create(user, "{}").status()).isEqualTo(201);
        jdbc.sql("UPDATE idempotency_records SET state = 'IN_PROGRESS', created_at = :created WHERE idem_key = :key")
            .param("created", Timestamp.from(Instant.now().minus(10, ChronoUnit.SECONDS)))
            .param("key", key)
            .update();

        ApiClient.Response waiting = create(user, "{}");

        assertThat(waiting.status()).isEqualTo(409);
        assertThat(things.creations(scope)).isEqualTo(1);
    }

    @Test
    void theCleanupDeletesExpiredRecordsOnly() {
        create(user, "{}");
        String otherKey = UUID.randomUUID().toString();
        api.post(path, "{}", headers(user, otherKey));
        expire(otherKey);

        assertThat(records.deleteExpired()).isPositive();

        assertThat(countRecords(key)).isEqualTo(1);
        assertThat(countRecords(otherKey)).isZero();
    }

    @Test
    void serverErrorsAndTooManyRequestsAreNotKept() {
        assertThat(create(user, "{\"status\":500}").status()).isEqualTo(500);
        assertThat(countRecords(key)).isZero();
        assertThat(create(user, "{\"status\":500}").status()).isEqualTo(500);

        String throttled = UUID.randomUUID().toString();
        assertThat(api.post(path, "{\"status\":429}", headers(user, throttled)).status()).isEqualTo(429);
        assertThat(api.post(path, "{\"status\":429}", headers(user, throttled)).header("Idempotent-Replayed"))
            .isEmpty();
        assertThat(things.creations(scope)).isEqualTo(4);
    }

    @Test
    void clientErrorsAreKeptAndReplayed() {
        ApiClient.Response first = create(user, "{\"status\":409}");
        ApiClient.Response second = create(user, "{\"status\":409}");

        assertThat(first.status()).isEqualTo(409);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.header("Idempotent-Replayed")).contains("true");
        assertThat(things.creations(scope)).isEqualTo(1);
    }

    @Test
    void withoutTheHeaderEveryRequestRuns() {
        api.post(path, "{}", user.bearer());
        api.post(path, "{}", user.bearer());

        assertThat(things.creations(scope)).isEqualTo(2);
    }

    @Test
    void anonymousCallersAreRefusedBeforeAnythingIsRecorded() {
        ApiClient.Response response = api.post(path, "{}", "Idempotency-Key", key);

        assertProblem(response, 401, "UNAUTHENTICATED");
        assertThat(countRecords(key)).isZero();
    }

    private ApiClient.Response create(TestUsers.SignedIn caller, String body) {
        return api.post(path, body, headers(caller, key));
    }

    private static String[] headers(TestUsers.SignedIn caller, String idempotencyKey) {
        return new String[] { "Authorization", "Bearer " + caller.accessToken(), "Idempotency-Key", idempotencyKey };
    }

    private void expire(String idempotencyKey) {
        jdbc.sql("UPDATE idempotency_records SET expires_at = :past WHERE idem_key = :key")
            .param("past", Timestamp.from(Instant.now().minus(1, ChronoUnit.MINUTES)))
            .param("key", idempotencyKey)
            .update();
    }

    private long countRecords(String idempotencyKey) {
        return jdbc.sql("SELECT COUNT(*) FROM idempotency_records WHERE idem_key = :key")
            .param("key", idempotencyKey)
            .query(Long.class)
            .single();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
