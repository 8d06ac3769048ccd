package dev.togglbff.tracking;

import java.util.concurrent.RejectedExecutionException;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Runs the refreshes that reads start when they answer from a copy that is due (stale while
 * revalidating): a few threads and a bounded queue. A refresh that does not fit is dropped; the
 * next read that finds the copy due starts it again.
 */
@Component
class BackgroundRefreshes implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BackgroundRefreshes.class);

    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

    BackgroundRefreshes(MeterRegistry meters) {
        Gauge.builder("bff.refreshes.pending", this, BackgroundRefreshes::pending)
            .description("Background refreshes of cached Toggl data queued or running")
            .register(meters);
        executor.setThreadNamePrefix("toggl-refresh-");
        executor.setCorePoolSize(4);
        executor.setMaxPoolSize(4);
        executor.setQueueCapacity(10_000);
        executor.setDaemon(true);
        executor.initialize();
    }

    void start(Runnable refresh) {
        try {
            executor.execute(refresh);
        }
        catch (RejectedExecutionException ex) {
            log.debug("Background refresh dropped: the queue is full");
        }
    }

    /** Refreshes queued or running. */
    int pending() {
        return executor.getQueueSize() + executor.getActiveCount();
    }

    @Override
    public void destroy() {
        executor.shutdown();
    }
}
