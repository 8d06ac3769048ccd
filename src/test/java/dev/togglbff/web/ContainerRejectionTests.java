package dev.togglbff.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.togglbff.support.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests no HTTP client library would send, written byte for byte to a socket: whatever Tomcat
 * or the application refuses, the answer is a 4xx problem document with a {@code code}, never
 * Tomcat's HTML page and never a 5xx.
 */
@IntegrationTest
class ContainerRejectionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");

    @LocalServerPort
    int port;

    /** One raw request each; {@code \\r\\n} ends lines, {@code {big}} stands for a 9 KB header value. */
    @ParameterizedTest
    @ValueSource(strings = {
            "GET /api/v1/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/teams/%2F/members HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/teams/a%2Fb HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1\\teams HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/me\\..\\..\\ HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-Note: a\u0001b\r\n\r\n",
            "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer a\u007fb\r\n\r\n",
            "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-Big: {big}\r\n\r\n",
            "GET http://elsewhere.example/api/v1/me HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /actuator/health?x=%zz HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /swagger-ui.html?x=%zz HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /v3/api-docs?x=%e9 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/teams?x=%zz HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n",
            "GET /error HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1//teams HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/teams;x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/%2e%2e/api/v1/me HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/%25%30%30 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nHost: other\r\n\r\n",
            "GET /api/v1/me HTTP/1.1\r\n\r\n",
            "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n",
            "GET /api/v1/teams/../../error HTTP/1.1\r\nHost: localhost\r\n\r\n" })
    void refusedRequestsGetAProblemDocument(String request) throws IOException {
        String raw = request.replace("{big}", "a".repeat(9 * 1024));
        String answer = exchange(raw);

        Matcher status = STATUS.matcher(answer);
        assertThat(status.find()).as(answer).isTrue();
        int code = Integer.parseInt(status.group(1));
        assertThat(code).as(answer).isBetween(400, 499);
        int split = answer.indexOf("\r\n\r\n");
        String head = answer.substring(0, split).toLowerCase(Locale.ROOT);
        assertThat(head).as(answer).contains("content-type: application/problem+json");
        JsonNode problem = JSON.readTree(body(answer.substring(split + 4), head));
        assertThat(problem.path("status").asInt()).isEqualTo(code);
        assertThat(problem.path("code").asString()).isNotEmpty();
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    read.write(buffer, 0, n);
                    if (complete(read.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            }
            catch (SocketTimeoutException ex) {
                // Whatever arrived is the answer.
            }
            return read.toString(StandardCharsets.UTF_8);
        }
    }

    /** Whether a whole answer has arrived (by Content-Length, or the last chunk). */
    private static boolean complete(String answer) {
        int split = answer.indexOf("\r\n\r\n");
        if (split < 0) {
            return false;
        }
        String head = answer.substring(0, split).toLowerCase(Locale.ROOT);
        Matcher length = Pattern.compile("content-length: (\\d+)").matcher(head);
        if (length.find()) {
            return answer.length() - split - 4 >= Integer.parseInt(length.group(1));
        }
        return head.contains("transfer-encoding: chunked") ? answer.endsWith("0\r\n\r\n") : false;
    }

    /** The body, with chunked transfer encoding undone. */
    private static String body(String raw, String head) {
        if (!head.contains("transfer-encoding: chunked")) {
            return raw;
        }
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int end = raw.indexOf("\r\n", at);
            int size = Integer.parseInt(raw.substring(at, end).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(raw, end + 2, end + 2 + size);
            at = end + 2 + size + 2;
        }
    }
}
