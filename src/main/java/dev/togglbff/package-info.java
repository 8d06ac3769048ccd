/**
 * toggl-bff: one subpackage per feature module; modules meet only through their public root types.
 */
@NullMarked
package dev.togglbff;

import org.jspecify.annotations.NullMarked;
