/**
 * Shared web concerns: problem details, request ids, request-size limits, CORS, ETags and conditional
 * reads, Idempotency-Key on creates, and the OpenAPI description.
 * <p>
 * The shared module: every other module may use it without declaring it, and it uses none.
 */
@ApplicationModule(displayName = "Web", allowedDependencies = {}, type = ApplicationModule.Type.OPEN)
@NullMarked
package dev.togglbff.web;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
