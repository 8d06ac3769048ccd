/**
 * Shared web concerns: problem details, request ids, request-size limits, CORS, ETags and conditional
 * reads, Idempotency-Key on creates, and the OpenAPI description.
 */
@NullMarked
package dev.togglbff.web;

import org.jspecify.annotations.NullMarked;
