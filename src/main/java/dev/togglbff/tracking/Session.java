package dev.togglbff.tracking;

import java.util.UUID;

import dev.togglbff.upstream.MatonCredentials;

/** The caller of a Toggl-backed request with their unlocked Maton key and its cache identity. */
record Session(UUID userId, MatonCredentials credentials, String keyHash) {
}
