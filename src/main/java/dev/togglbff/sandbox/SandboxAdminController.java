package dev.togglbff.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.togglbff.sandbox.SandboxAccount.Bucket;
import dev.togglbff.sandbox.SandboxAccount.Spend;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets a developer (or a UI test) steer one sandbox account: choose its plan, spend a quota
 * bucket, queue faults for its next Toggl calls, or start over. The account is chosen by the
 * sandbox key sent as bearer token (never in the URL); every call answers the account's state.
 */
@Hidden
@RestController
@RequestMapping("/sandbox/admin")
@Profile("!prod")
@ConditionalOnBooleanProperty("bff.sandbox.enabled")
class SandboxAdminController {

    private static final int DEFAULT_SERVER_ERROR = 503;

    record PlanRequest(@NotNull Plan plan) {
    }

    record SpendRequest(@NotNull Bucket bucket) {
    }

    /**
     * @param type              the fault
     * @param count             how many of the next Toggl calls it answers (default 1)
     * @param retryAfterSeconds for {@code RATE_LIMIT}: the {@code Retry-After} to send, none when absent
     * @param status            for {@code SERVER_ERROR}: the status (default 503)
     */
    record FaultRequest(@NotNull Fault.Type type, @Nullable @Min(1) @Max(100) Integer count,
            @Nullable @Min(0) @Max(3600) Integer retryAfterSeconds, @Nullable @Min(500) @Max(599) Integer status) {
    }

    private final SandboxAccounts accounts;
    private final Clock clock;

    SandboxAdminController(SandboxAccounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @GetMapping("/state")
    Map<String, Object> state(@RequestHeader HttpHeaders headers) {
        SandboxAccount account = account(headers);
        synchronized (account) {
            return state(account);
        }
    }

    @PutMapping("/plan")
    Map<String, Object> plan(@RequestHeader HttpHeaders headers, @Valid @RequestBody PlanRequest request) {
        SandboxAccount account = account(headers);
        synchronized (account) {
            account.plan(request.plan());
            return state(account);
        }
    }

    @PostMapping("/quota/spend")
    Map<String, Object> spend(@RequestHeader HttpHeaders headers, @Valid @RequestBody SpendRequest request) {
        SandboxAccount account = account(headers);
        synchronized (account) {
            account.exhaust(request.bucket(), clock.instant());
            return state(account);
        }
    }

    @PostMapping("/faults")
    Map<String, Object> fault(@RequestHeader HttpHeaders headers, @Valid @RequestBody FaultRequest request) {
        SandboxAccount account = account(headers);
        Fault fault = new Fault(request.type(), request.retryAfterSeconds(),
                request.status() != null ? request.status() : DEFAULT_SERVER_ERROR);
        synchronized (account) {
            account.queue(fault, request.count() != null ? request.count() : 1);
            return state(account);
        }
    }

    @PostMapping("/reset")
    Map<String, Object> reset(@RequestHeader HttpHeaders headers) {
        SandboxAccount account = account(headers);
        synchronized (account) {
            account.reset(clock.instant());
            return state(account);
        }
    }

    private SandboxAccount account(HttpHeaders headers) {
        SandboxAccount account = accounts.forAuthorization(headers.getFirst(HttpHeaders.AUTHORIZATION));
        if (account == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED,
                    "Send the sandbox key (sandbox_...) as bearer token: Authorization: Bearer sandbox_demo.");
        }
        return account;
    }

    private Map<String, Object> state(SandboxAccount account) {
        Instant now = clock.instant();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("workspaceId", SandboxToggl.WORKSPACE_ID);
        state.put("organizationId", SandboxToggl.ORGANIZATION_ID);
        state.put("plan", account.plan());
        Map<String, Object> quota = new LinkedHashMap<>();
        for (Bucket bucket : Bucket.values()) {
            Spend left = account.peek(bucket, now);
            quota.put(bucket.name(), Map.of("remaining", left.remaining(), "total", account.limit(bucket),
                    "resetsInSeconds", left.resetsInSeconds()));
        }
        state.put("quota", quota);
        state.put("queuedFaults", account.queuedFaults());
        return state;
    }
}
