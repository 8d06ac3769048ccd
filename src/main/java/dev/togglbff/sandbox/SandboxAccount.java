package dev.togglbff.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One sandbox key's account: its Toggl data, its plan, its two quota buckets (a sliding hour
 * each) and the faults queued for its next calls. Callers hold the account's monitor
 * ({@code synchronized (account)}) around every use.
 */
final class SandboxAccount {

    /** Toggl's quota buckets: requests about the user alone, and workspace (organization) requests. */
    enum Bucket {
        USER, WORKSPACE
    }

    /** Requests about the user alone allowed per hour, whatever the plan. */
    static final int USER_REQUESTS_PER_HOUR = 30;
    static final Duration WINDOW = Duration.ofHours(1);

    /** What one call may spend: allowed (with what is left) or not (with when it resets). */
    record Spend(boolean allowed, long remaining, long resetsInSeconds) {
    }

    private record Queued(Fault fault, int left) {
    }

    private final long seed;
    private final long userId;
    private final String connectionId;
    private final Plan defaultPlan;
    private SandboxToggl toggl;
    private Plan plan;
    private final Map<Bucket, Deque<Instant>> spent = new EnumMap<>(Bucket.class);
    private final Deque<Queued> faults = new ArrayDeque<>();
    private final Map<String, Instant> connections = new LinkedHashMap<>();

    SandboxAccount(long seed, String connectionId, Plan defaultPlan, Instant now) {
        this.seed = seed;
        this.userId = 8_000_000 + Math.floorMod(seed, 1_000_000);
        this.connectionId = connectionId;
        this.defaultPlan = defaultPlan;
        this.toggl = new SandboxToggl(userId, seed, now);
        this.plan = defaultPlan;
        reset(now);
    }

    /** Back to the state of a new account: fresh data, the default plan, full quota, no faults. */
    void reset(Instant now) {
        toggl = new SandboxToggl(userId, seed, now);
        plan = defaultPlan;
        spent.clear();
        faults.clear();
        connections.clear();
        connections.put(connectionId, now.minus(Duration.ofDays(30)));
    }

    SandboxToggl toggl() {
        return toggl;
    }

    Plan plan() {
        return plan;
    }

    void plan(Plan newPlan) {
        plan = newPlan;
    }

    /**
     * The key's Maton connections by id, with their creation times; all active (the sandbox
     * authorizes a new one at once).
     */
    Map<String, Instant> connections() {
        return connections;
    }

    // --- quota ---

    int limit(Bucket bucket) {
        return bucket == Bucket.USER ? USER_REQUESTS_PER_HOUR : plan.workspaceRequestsPerHour();
    }

    /** Spends one request of the bucket when any is left. */
    Spend spend(Bucket bucket, Instant now) {
        Deque<Instant> window = window(bucket, now);
        if (window.size() >= limit(bucket)) {
            return new Spend(false, 0, resetsIn(window, now));
        }
        window.addLast(now);
        return new Spend(true, limit(bucket) - window.size(), resetsIn(window, now));
    }

    /** Uses up what is left of the bucket's hour. */
    void exhaust(Bucket bucket, Instant now) {
        Deque<Instant> window = window(bucket, now);
        while (window.size() < limit(bucket)) {
            window.addLast(now);
        }
    }

    /** What is left of the bucket and when its oldest request leaves the window. */
    Spend peek(Bucket bucket, Instant now) {
        Deque<Instant> window = window(bucket, now);
        return new Spend(window.size() < limit(bucket), Math.max(0, limit(bucket) - window.size()),
                resetsIn(window, now));
    }

    private Deque<Instant> window(Bucket bucket, Instant now) {
        Deque<Instant> window = spent.computeIfAbsent(bucket, b -> new ArrayDeque<>());
        Instant start = now.minus(WINDOW);
        while (!window.isEmpty() && !window.peekFirst().isAfter(start)) {
            window.removeFirst();
        }
        return window;
    }

    private static long resetsIn(Deque<Instant> window, Instant now) {
        if (window.isEmpty()) {
            return WINDOW.toSeconds();
        }
        return Math.max(1, Duration.between(now, window.peekFirst().plus(WINDOW)).toSeconds());
    }

    // --- faults ---

    void queue(Fault fault, int count) {
        faults.addLast(new Queued(fault, count));
    }

    /** The fault for this call, if one is queued; each queued fault lasts for its count of calls. */
    @Nullable Fault nextFault() {
        Queued head = faults.pollFirst();
        if (head == null) {
            return null;
        }
        if (head.left() > 1) {
            faults.addFirst(new Queued(head.fault(), head.left() - 1));
        }
        return head.fault();
    }

    /** The faults still queued, in order, each with the calls it has left. */
    List<Map<String, Object>> queuedFaults() {
        List<Map<String, Object>> queued = new ArrayList<>();
        for (Queued item : faults) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", item.fault().type());
            if (item.fault().retryAfterSeconds() != null) {
                entry.put("retryAfterSeconds", item.fault().retryAfterSeconds());
            }
            if (item.fault().type() == Fault.Type.SERVER_ERROR) {
                entry.put("status", item.fault().status());
            }
            entry.put("calls", item.left());
            queued.add(entry);
        }
        return queued;
    }
}
