package org.kcyj.attachment;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.kcyj.shared.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks that uploaded bytes are a harmless PDF before anything stores or shows them.
 *
 * <p>In the caller's thread, cheaply: not empty, within the caller's byte limit, "%PDF-" within the
 * first 1024 bytes (so an executable or a ZIP named .pdf is refused) and "%%EOF" within the last 1024
 * bytes, where readers look for it (so most truncated uploads are refused without parsing).
 *
 * <p>In a worker thread, bounded in time and memory: PDFBox parses the file from memory with a stream
 * cache capped at {@link Limits#maxMainMemoryBytes()} and no temporary files; the worker stops when
 * the caller's wait times out or when it has allocated more than {@link Limits#maxAllocatedBytes()}
 * (see {@link ParseBudget}). The document is refused when it is encrypted, has more pages than the
 * caller allows, or holds active content anywhere (see {@link PdfStructure#findActiveContent}). No
 * stream is decoded and no text extracted. A stack overflow in PDFBox is caught in the worker and
 * refuses the file as malformed.
 *
 * <p>Thread-safe; one instance serves all uploads. Workers are daemon threads of a cached pool, so
 * concurrent inspections are bounded by the callers (the web server's request threads).
 */
@Component
public class PdfInspector implements AutoCloseable {

    /** Why an upload is refused; each reason has the message code {@code attachment.refused.<reason>}. */
    public enum Reason {
        EMPTY,
        /** Over the caller's byte limit: HTTP 413. */
        TOO_LARGE,
        /** No "%PDF-" header in the first 1024 bytes, e.g. an executable or a ZIP named .pdf. */
        NOT_PDF,
        /** Truncated, corrupt, or too deep or too big to read within the limits. */
        MALFORMED,
        /** Encrypted, with or without a password to open it. */
        ENCRYPTED,
        JAVASCRIPT,
        LAUNCH_ACTION,
        /**
         * An action that opens or sends to something outside the file: GoToR, GoToE, ImportData, SubmitForm, a
         * thread in another file, Rendition, Movie, Sound, or any action type not known to be harmless.
         */
        REMOTE_ACTION,
        /** A web address opened without a deliberate click: on opening, on any trigger, or by a link over most of a page. */
        AUTOMATIC_LINK,
        /** A link to something other than a web or mail address: a local file, a network share, another scheme. */
        EXTERNAL_LINK,
        /** Rich media, movie, sound, screen or 3D content, which viewers may load from outside the file. */
        RICH_MEDIA,
        /** Content kept outside the file: stream data in an external file, a reference XObject, a URL file system. */
        EXTERNAL_CONTENT,
        EMBEDDED_FILE,
        XFA,
        TOO_MANY_PAGES,
        TIMEOUT;

        /** For example {@code attachment.refused.launch-action}. */
        public String messageCode() {
            return "attachment.refused." + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** 413 for {@link #TOO_LARGE}, 415 for everything else. */
        public HttpStatus status() {
            return this == TOO_LARGE ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.UNSUPPORTED_MEDIA_TYPE;
        }
    }

    /**
     * What one inspection may spend besides the caller's byte and page limits.
     *
     * @param timeout            the worker is cancelled after this long
     * @param maxMainMemoryBytes cap of PDFBox's stream cache
     * @param maxAllocatedBytes  allocation budget of the worker thread (garbage included)
     */
    public record Limits(Duration timeout, long maxMainMemoryBytes, long maxAllocatedBytes) {

        public Limits {
            if (timeout == null || timeout.isNegative() || timeout.isZero() || maxMainMemoryBytes < 1
                    || maxAllocatedBytes < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }

        /**
         * 10 s, 50 MB of stream cache and 512 MB of allocation (checking a 500-page document made by
         * PDFBox allocates about 6 MB, a 5,000-page one 150 MB).
         */
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), 50L << 20, 512L << 20);
        }
    }

    /** An {@link Inspection} or a {@link Refusal}. */
    public sealed interface Result permits Inspection, Refusal {

        default Optional<Inspection> inspection() {
            return this instanceof Inspection inspection ? Optional.of(inspection) : Optional.empty();
        }

        default Optional<Refusal> refusal() {
            return this instanceof Refusal refusal ? Optional.of(refusal) : Optional.empty();
        }
    }

    /** The file passed: its page count and the lower-case hex SHA-256 of its bytes. */
    public record Inspection(int pages, String sha256) implements Result {
    }

    /**
     * The file was refused.
     *
     * @param args message arguments: the byte limit in MB for {@link Reason#TOO_LARGE}, the page limit for
     *             {@link Reason#TOO_MANY_PAGES}, the timeout in seconds for {@link Reason#TIMEOUT}
     */
    public record Refusal(Reason reason, Object... args) implements Result {

        public String messageCode() {
            return reason.messageCode();
        }

        /** The refusal as an error response with its arguments: 413 for too large, 415 otherwise. */
        public DomainException toException() {
            return new DomainException(reason.status(), reason.messageCode(), args);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PdfInspector.class);
    private static final byte[] HEADER = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_FILE = "%%EOF".getBytes(StandardCharsets.US_ASCII);
    private static final int MARKER_WINDOW = 1024;
    /** Explicit, so that how deep PDFBox may recurse does not depend on the JVM's -Xss. */
    private static final long WORKER_STACK_BYTES = 2L << 20;
    private static final int MAX_WORKERS = 4;
    private static final int MAX_WAITING = 32;

    private final Limits limits;
    private final ExecutorService workers;
    private final AtomicInteger running = new AtomicInteger();

    public PdfInspector() {
        this(Limits.defaults());
    }

    public PdfInspector(Limits limits) {
        this.limits = limits;
        AtomicInteger threads = new AtomicInteger();
        // Bounded: a burst of hostile uploads waits in a short queue (inside its timeout) or is refused,
        // instead of starting one CPU-bound thread per upload.
        this.workers = new java.util.concurrent.ThreadPoolExecutor(MAX_WORKERS, MAX_WORKERS, 60, TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(MAX_WAITING), task -> {
                    Thread thread = new Thread(null, task, "pdf-inspector-" + threads.incrementAndGet(), WORKER_STACK_BYTES);
                    thread.setDaemon(true);
                    return thread;
                });
        ((java.util.concurrent.ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Inspects an upload against the caller's limits (a programme's parameters).
     *
     * @param content  the uploaded bytes
     * @param maxBytes larger content is refused as {@link Reason#TOO_LARGE}
     * @param maxPages more pages than this are refused as {@link Reason#TOO_MANY_PAGES}
     */
    public Result inspect(byte[] content, long maxBytes, int maxPages) {
        if (maxPages < 1) {
            throw new IllegalArgumentException("the page limit must be positive");
        }
        if (content == null || content.length == 0) {
            return new Refusal(Reason.EMPTY);
        }
        if (content.length > maxBytes) {
            return new Refusal(Reason.TOO_LARGE, megabytes(maxBytes));
        }
        if (indexOf(content, HEADER, 0, Math.min(content.length, MARKER_WINDOW)) < 0) {
            return new Refusal(Reason.NOT_PDF);
        }
        if (indexOf(content, END_OF_FILE, Math.max(0, content.length - MARKER_WINDOW), content.length) < 0) {
            return new Refusal(Reason.MALFORMED);
        }
        Future<Result> parse;
        try {
            parse = workers.submit(() -> parse(content, maxPages));
        } catch (java.util.concurrent.RejectedExecutionException busy) {
            log.info("PDF inspection of {} bytes refused: {} inspections running and {} waiting", content.length,
                    MAX_WORKERS, MAX_WAITING);
            return timeout();
        }
        try {
            return parse.get(limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            parse.cancel(true);
            log.info("PDF inspection of {} bytes timed out after {}", content.length, limits.timeout());
            return timeout();
        } catch (InterruptedException e) {
            parse.cancel(true);
            Thread.currentThread().interrupt();
            return timeout();
        } catch (ExecutionException e) {
            log.warn("PDF inspection failed unexpectedly", e.getCause());
            return new Refusal(Reason.MALFORMED);
        }
    }

    /** The inspection of a file that passes; otherwise throws the refusal as a {@link DomainException}. */
    public Inspection require(byte[] content, long maxBytes, int maxPages) {
        Result result = inspect(content, maxBytes, maxPages);
        if (result instanceof Refusal refusal) {
            throw refusal.toException();
        }
        return (Inspection) result;
    }

    /** Inspections whose worker is still running, including ones the caller gave up on. */
    int runningInspections() {
        return running.get();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private Result parse(byte[] content, int maxPages) {
        running.incrementAndGet();
        ParseBudget budget = new ParseBudget(limits.maxAllocatedBytes());
        PDDocument document = null;
        try {
            document = Loader.loadPDF(new GuardedSource(content, budget), "", null, null,
                    MemoryUsageSetting.setupMainMemoryOnly(limits.maxMainMemoryBytes()).streamCache);
            budget.check();
            if (document.isEncrypted()) {
                return new Refusal(Reason.ENCRYPTED);
            }
            PdfStructure structure = new PdfStructure(document.getDocument(), budget);
            COSDictionary catalog = structure.catalog();
            int pages = structure.countPages(catalog, maxPages);
            if (pages > maxPages) {
                return new Refusal(Reason.TOO_MANY_PAGES, maxPages);
            }
            Optional<Reason> active = structure.findActiveContent(catalog);
            if (active.isPresent()) {
                return new Refusal(active.get());
            }
            return new Inspection(pages, sha256(content));
        } catch (InvalidPasswordException e) {
            return new Refusal(Reason.ENCRYPTED);
        } catch (PdfStructure.Refused e) {
            return new Refusal(e.reason());
        } catch (IOException | RuntimeException e) {
            log.debug("PDF refused as malformed: {}", e.toString());
            return new Refusal(Reason.MALFORMED);
        } catch (StackOverflowError e) {
            log.info("PDF refused as malformed: nesting overflowed the parser's stack");
            return new Refusal(Reason.MALFORMED);
        } finally {
            IOUtils.closeQuietly(document);
            running.decrementAndGet();
        }
    }

    private Refusal timeout() {
        return new Refusal(Reason.TIMEOUT,
                BigDecimal.valueOf(limits.timeout().toMillis(), 3).stripTrailingZeros().toPlainString());
    }

    /** The limit in MB (2^20 bytes) as shown to the applicant: "20", or "0.5" when not whole. */
    private static String megabytes(long bytes) {
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1L << 20), 1, RoundingMode.DOWN)
                .stripTrailingZeros().toPlainString();
    }

    private static int indexOf(byte[] content, byte[] marker, int from, int to) {
        for (int i = from; i <= to - marker.length; i++) {
            int k = 0;
            while (k < marker.length && content[i + k] == marker[k]) {
                k++;
            }
            if (k == marker.length) {
                return i;
            }
        }
        return -1;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
