package org.kcyj.shared;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/** Turns refusals on /api/** into problem documents; unexpected failures never leak details. */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private final ProblemResponses problems;

    ApiExceptionHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @ExceptionHandler(DomainException.class)
    ProblemDetail domain(DomainException e) {
        return problems.of(e);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        return problems.of(HttpStatus.FORBIDDEN, "error.forbidden");
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class,
            MissingServletRequestParameterException.class})
    ProblemDetail unreadable(Exception e) {
        return problems.of(HttpStatus.BAD_REQUEST, "error.unreadable");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        return problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "error.too-large");
    }

    @ExceptionHandler({OptimisticLockingException.class, DataIntegrityViolationException.class,
            org.camunda.bpm.engine.exception.NullValueException.class})
    ProblemDetail concurrent(RuntimeException e) {
        log.info("Concurrent change refused: {}", e.getMessage());
        return problems.of(HttpStatus.CONFLICT, "error.concurrent-change");
    }
}
