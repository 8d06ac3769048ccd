package dev.togglbff.upstream;

import java.net.URI;
import java.util.function.Supplier;

import dev.togglbff.web.ErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.web.util.DefaultUriBuilderFactory;
import org.springframework.web.util.UriBuilderFactory;

/**
 * The one place that decides where a key's calls go: a sandbox key ({@link MatonCredentials#sandbox()})
 * to the built-in sandbox, every other key to Maton. A sandbox key is never sent to Maton: while
 * the sandbox is off, its calls are refused before anything is sent.
 */
final class MatonRouting {

    private final UriBuilderFactory maton;
    private final Supplier<@Nullable SandboxEndpoint> sandbox;
    private volatile @Nullable UriBuilderFactory sandboxUris;

    MatonRouting(URI matonBaseUrl, Supplier<@Nullable SandboxEndpoint> sandbox) {
        this.maton = new DefaultUriBuilderFactory(matonBaseUrl.toString());
        this.sandbox = sandbox;
    }

    /** Maton for every key; sandbox keys are refused. */
    static MatonRouting matonOnly(URI matonBaseUrl) {
        return new MatonRouting(matonBaseUrl, () -> null);
    }

    /**
     * Where the key's calls go.
     *
     * @throws UpstreamException {@code MATON_KEY_INVALID} for a sandbox key while the sandbox is off
     */
    UriBuilderFactory target(MatonCredentials credentials) {
        if (!credentials.sandbox()) {
            return maton;
        }
        UriBuilderFactory uris = sandboxUris;
        if (uris == null) {
            SandboxEndpoint endpoint = sandbox.get();
            if (endpoint == null) {
                throw new UpstreamException(ErrorCode.MATON_KEY_INVALID,
                        "Sandbox keys (sandbox_...) work only while the built-in sandbox is enabled "
                                + "(bff.sandbox.enabled); it is off here, and such keys are never sent to Maton.",
                        0);
            }
            uris = new DefaultUriBuilderFactory(endpoint.baseUrl().toString());
            sandboxUris = uris;
        }
        return uris;
    }
}
