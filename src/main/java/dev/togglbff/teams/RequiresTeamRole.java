package dev.togglbff.teams;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The lowest team role that may call a {@code /api/v1/teams/{teamId}/**} handler. Every such
 * handler must carry it: the team guard refuses handlers without one.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresTeamRole {

    TeamRole value();
}
