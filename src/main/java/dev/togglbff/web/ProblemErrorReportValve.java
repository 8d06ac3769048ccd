package dev.togglbff.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's last word on an error, for requests it refuses before the application sees them (a
 * malformed request line or path, {@code %00} or {@code %2F} in the path, control characters in
 * a header, headers over the size limit): a problem document with the status's code instead of
 * Tomcat's HTML page. Errors the application handles never get here (their body is written).
 * <p>
 * Installed as the host's error report valve by {@link ContainerErrors}; Tomcat creates it by
 * class name, so it has no Spring dependencies.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, @Nullable Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(Problems.asMap(Problems.of(ErrorCode.forStatus(status), status,
                        detail(status), null))));
            }
            response.finishResponse();
        }
        catch (IOException | IllegalStateException ex) {
            // The connection is gone or the answer already started: nothing more to say.
        }
    }

    static String detail(int status) {
        if (status >= 500) {
            return "The service failed to handle the request.";
        }
        if (status == 400) {
            return "The request is malformed (request line, path, query or headers) and was not processed.";
        }
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() + "." : "The request was refused.";
    }
}
