package org.kcyj.document;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Optional;

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
 * The public verification page {@code /verify/{number}} (no login): anyone holding a printed or
 * forwarded document can see that the number is registered, by whom and when it was issued, and
 * upload the PDF to check that it is byte-for-byte the registered one. Shows only what the
 * document itself states publicly — never its owner or its content.
 */
@Controller
@RequestMapping("/verify")
class VerificationController {

    static final String VIEW = "verify";

    private final DocumentService documents;

    VerificationController(DocumentService documents) {
        this.documents = documents;
    }

    /** What the verification page and its JSON show about a document. */
    record PublicDocument(String number, String typeCode, String typeName, String typeEnglishName, int version,
                          String issuer, OffsetDateTime issuedAt, String issuedAtDisplay, String sha256) {

        static PublicDocument of(IssuedDocument d) {
            return new PublicDocument(d.number(), d.typeCode(), d.typeName(),
                    DocumentTypes.byCode(d.typeCode()).map(DocumentType::englishName).orElse(null), d.version(),
                    d.issuer(), d.issuedAt().atZone(PdfRenderer.DISPLAY_ZONE).toOffsetDateTime(),
                    PdfRenderer.ISSUED_AT_FORMAT.format(d.issuedAt()), d.sha256());
        }
    }

    @GetMapping("/{number}")
    ModelAndView page(@PathVariable String number) {
        return view(number, lookup(number), null, null);
    }

    @GetMapping(value = "/{number}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> json(@PathVariable String number) {
        Optional<PublicDocument> document = lookup(number);
        if (document.isPresent()) {
            return ResponseEntity.ok(document.get());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "未找到该文档 / No document registered with this number");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @PostMapping("/{number}")
    ModelAndView check(@PathVariable String number, @RequestParam(name = "file", required = false) MultipartFile file)
            throws IOException {
        Optional<PublicDocument> document = lookup(number);
        if (document.isEmpty()) {
            return view(number, document, null, null);
        }
        if (file == null || file.isEmpty()) {
            ModelAndView mav = view(number, document, null, "请选择要核验的 PDF 文件 / Please choose the PDF file to check");
            mav.setStatus(HttpStatus.BAD_REQUEST);
            return mav;
        }
        VerificationResult result = documents.verify(document.get().number(), file.getBytes()).orElse(null);
        return view(number, document, result, null);
    }

    private Optional<PublicDocument> lookup(String number) {
        if (!DocumentController.NUMBER.matcher(number).matches()) {
            return Optional.empty();
        }
        return documents.find(number).map(PublicDocument::of);
    }

    private static ModelAndView view(String number, Optional<PublicDocument> document, VerificationResult result,
                                     String error) {
        ModelAndView mav = new ModelAndView(VIEW);
        mav.addObject("number", number);
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
