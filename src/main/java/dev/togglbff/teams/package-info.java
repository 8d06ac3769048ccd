/**
 * Teams, memberships and roles, and the guard every team-scoped route goes through.
 */
@NullMarked
package dev.togglbff.teams;

import org.jspecify.annotations.NullMarked;
