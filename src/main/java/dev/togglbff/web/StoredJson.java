package dev.togglbff.web;

import java.util.Arrays;
import java.util.Base64;
import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;

/**
 * A JSON answer serialised once, with its entity tag: what a cached read keeps so that a repeat
 * answers without serialising or hashing anything. The tag is the one {@link EtagFilter} computes
 * for a body ({@code "} + base64url of the first 16 bytes of its SHA-256 + {@code "}), so a stored
 * answer and one tagged by the filter agree on the same bytes.
 * <p>
 * A handler that answers from stored JSON marks its request ({@link #markTagged}) after setting
 * {@code ETag} and {@code Cache-Control} and deciding {@code If-None-Match} itself: the filter then
 * neither buffers nor hashes the body.
 *
 * @param json the body, UTF-8 JSON
 * @param etag its entity tag, quoted ({@code W/} in front when weak)
 */
public record StoredJson(byte[] json, String etag) {

    /** Request attribute of a request whose answer carries its own entity tag and conditional handling. */
    static final String TAGGED = StoredJson.class.getName() + ".TAGGED";

    /** {@code Cache-Control} of every tagged API read: browsers revalidate, shared caches keep out. */
    public static final String CACHE_CONTROL = "private, no-cache";

    private static final int TAG_BYTES = 16;

    /** The JSON with its strong tag. */
    public static StoredJson of(byte[] json) {
        return new StoredJson(json, strongTag(json));
    }

    /** The strong entity tag of a body. */
    public static String strongTag(byte[] body) {
        return '"' + digest(body) + '"';
    }

    /** A weak entity tag from the given bytes ({@code W/"…"}). */
    public static String weakTag(byte[] data) {
        return "W/\"" + digest(data) + '"';
    }

    private static String digest(byte[] body) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(Sha256.digest(body), TAG_BYTES));
    }

    /**
     * Whether an {@code If-None-Match} of the request matches the tag (weak comparison, lists and
     * {@code *} as RFC 9110 says).
     */
    public static boolean notModified(HttpServletRequest request, String etag) {
        Enumeration<String> headers = request.getHeaders(HttpHeaders.IF_NONE_MATCH);
        if (headers == null || !headers.hasMoreElements()) {
            return false;
        }
        ETag current = ETag.create(etag);
        while (headers.hasMoreElements()) {
            for (ETag candidate : ETag.parse(headers.nextElement())) {
                if (candidate.isWildcard() || candidate.compare(current, false)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Tells {@link EtagFilter} that the answer to this request is tagged and decided already. */
    public static void markTagged(HttpServletRequest request) {
        request.setAttribute(TAGGED, Boolean.TRUE);
    }
}
