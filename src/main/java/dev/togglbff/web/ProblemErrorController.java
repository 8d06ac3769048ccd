package dev.togglbff.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}), for failures that happen outside Spring
 * MVC: answers with a problem document carrying only the status and its code.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            // Asked for directly: there is no such resource.
            ProblemDetail problem = Problems.of(ErrorCode.NOT_FOUND, 404, "Not Found", request.getRequestURI());
            return ResponseEntity.status(404).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer code ? code : 500;
        HttpStatus httpStatus = HttpStatus.resolve(status);
        if (httpStatus == null || !httpStatus.isError()) {
            status = 500;
            httpStatus = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ErrorCode code = ErrorCode.forStatus(status);
        String detail = status >= 500 ? "The service failed to handle the request." : httpStatus.getReasonPhrase();
        ProblemDetail problem = Problems.of(code, status, detail, uri instanceof String path ? path : null);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
