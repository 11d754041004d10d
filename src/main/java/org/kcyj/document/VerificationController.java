package org.kcyj.document;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;

/**
 * The public verification page (no login). A public document (the call guide, the daily audit seal) is
 * shown by its number alone; any other by its number with the check code printed on it (the QR code's
 * URL carries it: {@code /verify/{number}?code=…}), or by uploading the file itself, which is found by its
 * SHA-256 without a number. An unknown number, an internal number without a code and a wrong code get the
 * same answer (404, same body). What is shown is what the document states publicly — type, number,
 * issuer, time, SHA-256 — and whether it is current, superseded by a later version or withdrawn; never its
 * owner or content.
 */
@Controller
@RequestMapping("/verify")
class VerificationController {

    static final String VIEW = "verify";
    static final String NOT_FOUND_DETAIL = "未找到该文档，或核验码不正确 / No document matches this number and check code";
    static final String THROTTLED_DETAIL =
            "核验码错误次数过多，请稍后再试 / Too many wrong check codes from this address; please try again later";

    private final DocumentService documents;
    private final DocumentAccessPolicy policy;
    private final VerificationThrottle throttle;

    VerificationController(DocumentService documents, DocumentAccessPolicy policy, VerificationThrottle throttle) {
        this.documents = documents;
        this.policy = policy;
        this.throttle = throttle;
    }

    /** What the verification page and its JSON show about a document. */
    record PublicDocument(String number, String typeCode, String typeName, String typeEnglishName, int version,
                          String issuer, OffsetDateTime issuedAt, String issuedAtDisplay, String sha256,
                          DocumentService.Status status) {

        static PublicDocument of(IssuedDocument d, DocumentService.Status status) {
            return new PublicDocument(d.number(), d.typeCode(), d.typeName(),
                    DocumentTypes.byCode(d.typeCode()).map(DocumentType::englishName).orElse(null), d.version(),
                    d.issuer(), d.issuedAt().atZone(PdfRenderer.DISPLAY_ZONE).toOffsetDateTime(),
                    PdfRenderer.ISSUED_AT_FORMAT.format(d.issuedAt()), d.sha256(), status);
        }
    }

    /** The outcome of a look-up: found, not found (whatever the reason), or refused for too many wrong codes. */
    private record Lookup(Optional<PublicDocument> document, boolean throttled) {
    }

    /** The page's own form asks here: {@code ?number=…&code=…}; without a number, the empty form. */
    @GetMapping({"", "/"})
    ModelAndView start(@RequestParam(name = "number", required = false) String number,
                       @RequestParam(name = "code", required = false) String code, HttpServletRequest request) {
        if (number != null && !number.isBlank()) {
            return page(number.strip(), code, request);
        }
        ModelAndView mav = new ModelAndView(VIEW);
        mav.addObject("number", "");
        mav.addObject("found", false);
        mav.addObject("asked", false);
        return mav;
    }

    @GetMapping("/{number}")
    ModelAndView page(@PathVariable String number, @RequestParam(name = "code", required = false) String code,
                      HttpServletRequest request) {
        Lookup lookup = lookup(number, code, request);
        ModelAndView mav = view(number, lookup.document(), null, null);
        if (lookup.throttled()) {
            mav.addObject("error", THROTTLED_DETAIL);
            mav.setStatus(HttpStatus.TOO_MANY_REQUESTS);
        }
        return mav;
    }

    @GetMapping(value = "/{number}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> json(@PathVariable String number, @RequestParam(name = "code", required = false) String code,
                           HttpServletRequest request) {
        Lookup lookup = lookup(number, code, request);
        if (lookup.document().isPresent()) {
            return ResponseEntity.ok(lookup.document().get());
        }
        HttpStatus status = lookup.throttled() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.NOT_FOUND;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                lookup.throttled() ? THROTTLED_DETAIL : NOT_FOUND_DETAIL);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Upload a file to find the registered document it is, by its SHA-256; no number needed. */
    @PostMapping({"", "/"})
    ModelAndView identify(@RequestParam(name = "file", required = false) MultipartFile file) throws IOException {
        return upload("", file);
    }

    /** As {@link #identify}; the number of the page the file was sent from plays no part in the answer. */
    @PostMapping("/{number}")
    ModelAndView check(@PathVariable String number, @RequestParam(name = "file", required = false) MultipartFile file)
            throws IOException {
        return upload(number, file);
    }

    private ModelAndView upload(String number, MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) {
            ModelAndView mav = view(number, Optional.empty(), null,
                    "请选择要核验的 PDF 文件 / Please choose the PDF file to check");
            mav.setStatus(HttpStatus.BAD_REQUEST);
            return mav;
        }
        byte[] bytes = file.getBytes();
        Optional<IssuedDocument> identified = documents.identify(bytes);
        VerificationResult result = new VerificationResult(identified.map(IssuedDocument::number).orElse(null),
                identified.isPresent(), identified.map(IssuedDocument::sha256).orElse(null), DocumentService.sha256Hex(bytes));
        ModelAndView mav = view(identified.map(IssuedDocument::number).orElse(number),
                identified.map(this::shown), result, null);
        mav.setStatus(HttpStatus.OK);
        return mav;
    }

    private Lookup lookup(String number, String code, HttpServletRequest request) {
        if (!DocumentController.NUMBER.matcher(number).matches()) {
            return new Lookup(Optional.empty(), false);
        }
        boolean withCode = code != null && !code.isBlank();
        String address = request.getRemoteAddr();
        if (withCode && throttle.blocked(address)) {
            return new Lookup(Optional.empty(), true);
        }
        Optional<PublicDocument> found = documents.findVerifiable(number, code).map(this::shown);
        if (withCode && found.isEmpty()) {
            throttle.failed(address);
        }
        return new Lookup(found, false);
    }

    private PublicDocument shown(IssuedDocument document) {
        DocumentService.Status status = policy.subjectWithdrawn(document.subjectNumber())
                ? DocumentService.Status.WITHDRAWN : documents.status(document);
        return PublicDocument.of(document, status);
    }

    private static ModelAndView view(String number, Optional<PublicDocument> document, VerificationResult result,
                                     String error) {
        ModelAndView mav = new ModelAndView(VIEW);
        mav.addObject("number", number);
        mav.addObject("asked", true);
        mav.addObject("found", document.isPresent());
        mav.addObject("document", document.orElse(null));
        mav.addObject("result", result);
        mav.addObject("error", error);
        if (document.isEmpty()) {
            mav.setStatus(HttpStatus.NOT_FOUND);
        }
        return mav;
    }
}
