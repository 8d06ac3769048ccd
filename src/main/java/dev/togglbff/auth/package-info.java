/**
 * Users, password hashing, access and refresh tokens, and the security configuration.
 */
@ApplicationModule(displayName = "Auth", allowedDependencies = { "shared" })
@NullMarked
package dev.togglbff.auth;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
