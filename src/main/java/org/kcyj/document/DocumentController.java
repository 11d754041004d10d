package org.kcyj.document;

import java.net.URI;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Download and metadata of issued documents for signed-in users. Access is decided by the
 * {@link DocumentAccessPolicy} of the module owning the subject; a refusal looks exactly like a
 * missing document (404) so that nobody learns which numbers exist.
 */
@RestController
@RequestMapping("/api/v1/documents")
@Tag(name = "Documents", description = "Issued documents (申报书, 立项通知书, 任务书 …): PDF download and metadata")
class DocumentController {

    static final String NOT_FOUND_DETAIL = "文档不存在或无权访问";
    static final String SHA256_HEADER = "X-Document-SHA256";
    static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final DocumentService documents;
    private final DocumentAccessPolicy policy;

    DocumentController(DocumentService documents, DocumentAccessPolicy policy) {
        this.documents = documents;
        this.policy = policy;
    }

    @GetMapping("/{number}")
    @Operation(summary = "Download a document as PDF",
            description = "The exact bytes issued; header X-Document-SHA256 carries their registered SHA-256.")
    @ApiResponse(responseCode = "200", description = "The PDF",
            content = @Content(mediaType = MediaType.APPLICATION_PDF_VALUE,
                    schema = @Schema(type = "string", format = "binary")),
            headers = @Header(name = SHA256_HEADER, description = "SHA-256 of the PDF, lowercase hex"))
    @ApiResponse(responseCode = "404", description = "No such document, or the caller may not read it",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<byte[]> download(
            @Parameter(description = "Document number", example = "KCYJ2026-XCL-0007-SBS-1") @PathVariable String number,
            @Parameter(hidden = true) Authentication user) {
        IssuedDocument document = readable(number, user);
        byte[] pdf = documents.content(document.number()).orElseThrow(DocumentNotFound::new);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .contentLength(pdf.length)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(document.number() + ".pdf").build().toString())
                .header(SHA256_HEADER, document.sha256())
                .cacheControl(CacheControl.noStore().cachePrivate())
                .body(pdf);
    }

    @GetMapping(value = "/{number}/metadata", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Metadata of a document", description = "Number, type, version, issuer, owner, SHA-256, size and issue time.")
    @ApiResponse(responseCode = "200", description = "The registry entry",
            content = @Content(schema = @Schema(implementation = IssuedDocument.class)))
    @ApiResponse(responseCode = "404", description = "No such document, or the caller may not read it",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<IssuedDocument> metadata(
            @Parameter(description = "Document number", example = "KCYJ2026-XCL-0007-SBS-1") @PathVariable String number,
            @Parameter(hidden = true) Authentication user) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore().cachePrivate())
                .body(readable(number, user));
    }

    private IssuedDocument readable(String number, Authentication user) {
        if (!NUMBER.matcher(number).matches()) {
            throw new DocumentNotFound();
        }
        return documents.find(number)
                .filter(document -> policy.mayRead(user, document))
                .orElseThrow(DocumentNotFound::new);
    }

    @ExceptionHandler(DocumentNotFound.class)
    ResponseEntity<ProblemDetail> notFound(DocumentNotFound e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(e.getBody());
    }

    /** Missing or not readable — deliberately the same answer. */
    static final class DocumentNotFound extends ErrorResponseException {
        DocumentNotFound() {
            super(HttpStatus.NOT_FOUND, problem(), null);
        }

        private static ProblemDetail problem() {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, NOT_FOUND_DETAIL);
            problem.setType(URI.create("urn:kcyj:problem:not-found"));
            return problem;
        }
    }
}
