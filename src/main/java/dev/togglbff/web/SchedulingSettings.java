package dev.togglbff.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on {@code @Scheduled} housekeeping, such as deleting expired idempotency records. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingSettings {
}
