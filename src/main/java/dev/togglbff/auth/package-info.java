/**
 * Users, password hashing, access and refresh tokens, and the security configuration.
 */
@NullMarked
package dev.togglbff.auth;

import org.jspecify.annotations.NullMarked;
