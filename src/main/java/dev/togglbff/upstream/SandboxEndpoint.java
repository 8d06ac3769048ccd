package dev.togglbff.upstream;

import java.net.URI;

import org.springframework.modulith.NamedInterface;

/**
 * Where the built-in sandbox (a stand-in for Maton and Toggl served by this application) listens.
 * Present as a bean only while the sandbox is enabled; {@link MatonRouting} sends the calls of
 * sandbox keys there and nowhere else.
 */
@NamedInterface("sandbox")
public interface SandboxEndpoint {

    /** The base URL that stands in for {@code https://api.maton.ai}. */
    URI baseUrl();
}
