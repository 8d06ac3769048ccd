package dev.togglbff.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A full application on a random port, backed by the tests' real PostgreSQL, with generated
 * files (keys) under {@code target/test-data}. Test classes that need other settings add them
 * with {@code @TestPropertySource} (and get a context of their own).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "bff.data-dir=target/test-data",
                // Every test signs in from 127.0.0.1: the per-address limit has its own test.
                "bff.auth.throttle.max-failures-per-address=100000",
                "bff.auth.throttle.max-oidc-starts-per-address=100000",
                // Pacing and backoff have their own tests; here they would only slow the run down.
                "bff.maton.pacing.interval=1ms", "bff.maton.backoff.base=10ms", "bff.maton.backoff.cap=50ms",
                // Short enough for the stall tests, long enough for a loaded machine.
                "bff.maton.response-timeout=2s",
                // Quota has its own tests; elsewhere a test's requests must not run into Toggl's Free plan:
                // the tests' users are on Premium (as the sandbox's accounts are by default).
                "bff.quota.user-limit=600", "bff.quota.workspace-limit=600",
                // Test contexts stay cached for the whole run, each with its pool of connections to the
                // PostgreSQL that other builds on the machine share too: a small pool each,
                // and idle connections handed back.
                "spring.datasource.hikari.maximum-pool-size=4", "spring.datasource.hikari.minimum-idle=1",
                "spring.datasource.hikari.idle-timeout=10000" })
@Import(PostgresTestConfiguration.class)
public @interface IntegrationTest {
}
