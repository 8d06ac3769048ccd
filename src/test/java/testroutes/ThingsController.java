package testroutes;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import dev.togglbff.web.IdempotentCreate;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A route that exists only in tests, for the shared HTTP behaviours (ETag, Idempotency-Key on its
 * {@link IdempotentCreate} create). It lives
 * outside {@code dev.togglbff} so that component scanning never picks it up; tests register it with
 * {@code @Import}. It is not under {@code /teams/{teamId}}, whose guard wants a real team. Each test uses
 * a fresh {@code scope}, so the counters of tests never mix.
 */
@RestController
@RequestMapping("/api/v1/test-things/{scope}")
public class ThingsController {

    /** A short wait for a running first request, so that the give-up case is quick to observe. */
    public static final String SHORT_WAIT = "bff.web.idempotency.wait=2s";

    private final Map<String, AtomicInteger> creations = new ConcurrentHashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

    /** How many times a create for the scope reached this handler. */
    public int creations(String scope) {
        AtomicInteger count = creations.get(scope);
        return count != null ? count.get() : 0;
    }

    /** Lets the creates of the scope that were asked to {@code hold} finish. */
    public void release(String scope) {
        hold(scope).countDown();
    }

    private CountDownLatch hold(String scope) {
        return holds.computeIfAbsent(scope, id -> new CountDownLatch(1));
    }

    /** Changes what {@code GET} answers for the scope. */
    public void rename(String scope, String name) {
        names.put(scope, name);
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String scope, HttpServletResponse response) {
        response.setHeader("Cache-Status", "toggl-bff; hit");
        response.setHeader("X-Toggl-Quota-Remaining", "42");
        return Map.of("scope", scope, "name", names.getOrDefault(scope, "first"));
    }

    @GetMapping("/missing")
    Map<String, Object> missing() {
        throw new ApiException(ErrorCode.NOT_FOUND, "No such thing.");
    }

    /**
     * Counts the call and answers {@code 201} with the call's number; the body may ask for another
     * {@code status}, for a {@code sleepMillis} pause first, or to {@code hold} until the test
     * {@linkplain #release releases} the scope (at most 10 s).
     */
    @PostMapping
    @IdempotentCreate
    ResponseEntity<Map<String, Object>> create(@PathVariable String scope, @RequestBody Map<String, Object> body,
            Principal caller) throws InterruptedException {
        int number = creations.computeIfAbsent(scope, id -> new AtomicInteger()).incrementAndGet();
        if (body.get("sleepMillis") instanceof Number sleep) {
            Thread.sleep(sleep.longValue());
        }
        if (Boolean.TRUE.equals(body.get("hold"))) {
            hold(scope).await(10, TimeUnit.SECONDS);
        }
        int status = body.get("status") instanceof Number code ? code.intValue() : 201;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("number", number);
        answer.put("caller", caller.getName());
        answer.put("received", body);
        return ResponseEntity.status(status).body(answer);
    }
}
