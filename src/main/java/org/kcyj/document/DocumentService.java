package org.kcyj.document;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The document module's facade: issues numbered, fingerprinted PDF documents and answers
 * questions about them. Every formal output of the programme (申报书, 立项通知书, 任务书 …) goes
 * through {@link #issue}, so each gets a unique number, a stored copy and a SHA-256 that anyone can
 * check on the public verification page, whose address ({@link #verificationUrl}, built from the
 * property {@value #BASE_URL_PROPERTY}) is printed on the document as a QR code. {@link #preview}
 * renders the same layout as an unregistered, watermarked draft.
 *
 * <p>Numbering: {@code {subject}-{type}-{version}}, where version counts the documents of that
 * type for that subject (KCYJ2026-XCL-0007-SBS-1, …-SBS-2 after a resubmission).
 *
 * <p>Transactions: {@link #issue} joins the caller's transaction if there is one (the document
 * disappears if the caller rolls back) and writes in a nested transaction (savepoint), so a
 * numbering race or a repeated idempotency key does not poison the caller's transaction on
 * PostgreSQL. Rendering happens before the insert and holds no database locks.
 */
@Service
public class DocumentService {

    private static final Logger log = LoggerFactory.getLogger(DocumentService.class);
    private static final int MAX_ATTEMPTS = 5;

    /** Used when {@value #BASE_URL_PROPERTY} is not set: right for a developer's machine only. */
    static final String DEFAULT_PUBLIC_BASE_URL = "http://localhost:8080";
    /** Where the public pages are reached from outside, e.g. {@code https://kcyj.example.cn}. */
    static final String BASE_URL_PROPERTY = "kcyj.public-base-url";

    private final DocumentRepository repository;
    private final PdfRenderer renderer;
    private final Clock clock;
    private final TransactionTemplate savepoint;
    private final String publicBaseUrl;

    DocumentService(DocumentRepository repository, PdfRenderer renderer, Clock clock,
                    PlatformTransactionManager transactionManager,
                    @Value("${" + BASE_URL_PROPERTY + ":" + DEFAULT_PUBLIC_BASE_URL + "}") String publicBaseUrl) {
        this.repository = repository;
        this.renderer = renderer;
        this.clock = clock;
        this.savepoint = new TransactionTemplate(transactionManager);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.publicBaseUrl = normaliseBaseUrl(publicBaseUrl);
    }

    /**
     * An absolute http(s) URL without trailing slash, in ASCII (so it fits a QR code as is).
     * Fails at start-up rather than printing unusable QR codes on documents.
     */
    static String normaliseBaseUrl(String raw) {
        String value = raw == null ? "" : raw.strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(BASE_URL_PROPERTY + " is not a URL: " + raw, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(BASE_URL_PROPERTY
                    + " must be an absolute http(s) URL without query or fragment: " + raw);
        }
        return uri.toASCIIString();
    }

    /** An address of this application as reached from outside, e.g. for links in e-mails: {@code {base}{path}}. */
    public String publicUrl(String path) {
        return publicBaseUrl + path;
    }

    /** The public page where anyone can check document {@code number}: {@code {base}/verify/{number}}. */
    public String verificationUrl(String number) {
        Objects.requireNonNull(number, "number");
        return publicBaseUrl + "/verify/" + number;
    }

    /**
     * The verification page with the document's check code, as its QR code carries it:
     * {@code {base}/verify/{number}?code={code}}; without a code (public documents) as {@link #verificationUrl(String)}.
     */
    public String verificationUrl(String number, String checkCode) {
        return checkCode == null ? verificationUrl(number) : verificationUrl(number) + "?code=" + checkCode;
    }

    /**
     * Issues a document: assigns the next version and the number, renders the PDF, fingerprints
     * and stores it.
     *
     * @return the new document, or — if {@code request.idempotencyKey()} was used before — the
     *         document issued then (nothing new is rendered or stored)
     * @throws IllegalArgumentException if the idempotency key was used for a different subject or
     *                                  document type
     */
    public IssuedDocument issue(DocumentRequest request) {
        Objects.requireNonNull(request, "request");
        for (int attempt = 1; ; attempt++) {
            if (request.idempotencyKey() != null) {
                Optional<IssuedDocument> earlier = repository.findByIdempotencyKey(request.idempotencyKey());
                if (earlier.isPresent()) {
                    return sameSubject(earlier.get(), request);
                }
            }
            int version = repository.maxVersion(request.subjectNumber(), request.typeCode()) + 1;
            String number = request.subjectNumber() + "-" + request.typeCode() + "-" + version;
            Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            // internal documents carry a check code, printed and in the QR code; public ones need none
            String checkCode = DocumentTypes.isPublic(request.typeCode()) ? null : CheckCodes.random();
            byte[] pdf = renderer.render(request.content(), number, request.issuer(), issuedAt,
                    verificationUrl(number, checkCode), CheckCodes.display(checkCode));
            IssuedDocument document = new IssuedDocument(number, request.subjectNumber(), request.typeCode(),
                    request.typeName(), version, request.issuer(), request.ownerUsername(), sha256Hex(pdf),
                    pdf.length, issuedAt);
            try {
                savepoint.executeWithoutResult(status -> repository.insert(document, pdf, request.idempotencyKey(),
                        checkCode));
                log.info("Issued document {} ({} bytes, sha256 {})", number, pdf.length, document.sha256());
                return document;
            } catch (DuplicateKeyException e) {
                // another issue for the same subject/type or the same idempotency key won the race
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                log.debug("Document number {} taken concurrently, retrying", number);
            }
        }
    }

    /**
     * Renders what {@link #issue} would issue for this request, as a draft: "草稿 DRAFT" where the
     * number goes, no verification QR code, and a diagonal watermark "草稿 DRAFT · 未提交 Not
     * submitted" on every page. Nothing is registered: no number or version is taken, nothing is
     * stored or fingerprinted, and the idempotency key is ignored.
     *
     * @return the PDF of the draft
     */
    public byte[] preview(DocumentRequest request) {
        Objects.requireNonNull(request, "request");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return renderer.renderDraft(request.content(), request.issuer(), now);
    }

    private static IssuedDocument sameSubject(IssuedDocument earlier, DocumentRequest request) {
        if (!earlier.subjectNumber().equals(request.subjectNumber())
                || !earlier.typeCode().equals(request.typeCode())) {
            throw new IllegalArgumentException("idempotency key " + request.idempotencyKey()
                    + " was already used for document " + earlier.number());
        }
        return earlier;
    }

    /** The registry entry of a document. */
    public Optional<IssuedDocument> find(String number) {
        return repository.findByNumber(number);
    }

    /** The PDF bytes of a document, exactly as issued. */
    public Optional<byte[]> content(String number) {
        return repository.content(number);
    }

    /** All documents of a proposal/project/call, oldest first. */
    public List<IssuedDocument> listFor(String subjectNumber) {
        return repository.findBySubject(subjectNumber);
    }

    /** Where a document stands: the current version, superseded by a later one, or withdrawn with its subject. */
    public enum Status {
        CURRENT, SUPERSEDED, WITHDRAWN
    }

    /**
     * What the public verification page may show for {@code number}: a public document by its number alone,
     * any other only with its check code. An unknown number, an internal document without a code, a wrong
     * code and a document issued before codes existed all answer empty, after the same work (one lookup by
     * number and one constant-time comparison), so the answers cannot be told apart.
     */
    public Optional<IssuedDocument> findVerifiable(String number, String checkCode) {
        Optional<DocumentRepository.Registered> registered = repository.findWithCheckCode(number);
        boolean codeMatches = CheckCodes.matches(checkCode, registered.map(DocumentRepository.Registered::checkCode)
                .orElse(null));
        boolean isPublic = registered.map(r -> DocumentTypes.isPublic(r.document().typeCode())).orElse(false);
        return isPublic || codeMatches ? registered.map(DocumentRepository.Registered::document) : Optional.empty();
    }

    /** The registered document these bytes are (by SHA-256), whatever its number: holding the file proves it. */
    public Optional<IssuedDocument> identify(byte[] file) {
        Objects.requireNonNull(file, "file");
        return repository.findBySha256(sha256Hex(file));
    }

    /** Whether a later version of the same type exists for the document's subject (superseded) or not. */
    public Status status(IssuedDocument document) {
        return repository.maxVersion(document.subjectNumber(), document.typeCode()) > document.version()
                ? Status.SUPERSEDED : Status.CURRENT;
    }

    /**
     * Compares uploaded bytes with the registered document by SHA-256.
     *
     * @return empty if no document has this number
     */
    public Optional<VerificationResult> verify(String number, byte[] uploaded) {
        Objects.requireNonNull(uploaded, "uploaded");
        return repository.findByNumber(number).map(document -> {
            String actual = sha256Hex(uploaded);
            boolean matches = MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
                    document.sha256().getBytes(StandardCharsets.US_ASCII));
            return new VerificationResult(document.number(), matches, document.sha256(), actual);
        });
    }

    /** Lowercase hex SHA-256, the fingerprint recorded for every document. */
    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
