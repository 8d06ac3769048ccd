package dev.togglbff.teams;

import java.util.UUID;

/**
 * Published by {@link TeamRepository} inside the transaction that changes a team or its members;
 * what was remembered about the team's memberships is forgotten once that transaction has
 * committed (at once when there is none).
 *
 * @param teamId the team whose memberships changed
 */
record MembershipChanged(UUID teamId) {
}
