package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link DocumentService} against a real database (H2, or PostgreSQL in the "postgres" run). */
@Tag("db")
class DocumentServiceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T02:30:00.123456789Z");
    private static final String SUBJECT = "KCYJ2026-XCL-0007";
    private static final String BASE_URL = "https://kcyj.kjj.ningbo.example";

    private static TestDatabase database;
    private static DataSource dataSource;
    private static JdbcClient jdbc;
    private static DataSourceTransactionManager transactions;

    private DocumentService service;

    @BeforeAll
    static void startDatabase() {
        database = TestDatabase.create().migrateDocumentsOnly();
        dataSource = database.dataSource();
        jdbc = JdbcClient.create(dataSource);
        transactions = new DataSourceTransactionManager(dataSource);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void emptyTable() {
        jdbc.sql("delete from app.document").update();
        service = service(new DocumentRepository(jdbc));
    }

    private static DocumentService service(DocumentRepository repository) {
        return new DocumentService(repository, PdfTestSupport.renderer(),
                Clock.fixed(NOW, ZoneId.of("Asia/Shanghai")), transactions, BASE_URL + "/");
    }

    private static DocumentRequest request(String subject, DocumentType type, String key) {
        return new DocumentRequest(subject, type, "宁波市科学技术局", "applicant01",
                DocumentContent.builder("科创甬江2035重大专项" + type.name()).paragraph("正文 " + subject).build(), key);
    }

    @Test
    void versionsCountPerSubjectAndType() {
        IssuedDocument first = service.issue(request(SUBJECT, DocumentTypes.SBS, null));
        IssuedDocument second = service.issue(request(SUBJECT, DocumentTypes.SBS, null));
        IssuedDocument notice = service.issue(request(SUBJECT, DocumentTypes.TZS, null));
        IssuedDocument other = service.issue(request("KCYJ2026-XCL-0008", DocumentTypes.SBS, null));

        assertThat(first.number()).isEqualTo("KCYJ2026-XCL-0007-SBS-1");
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.number()).isEqualTo("KCYJ2026-XCL-0007-SBS-2");
        assertThat(second.version()).isEqualTo(2);
        assertThat(notice.number()).isEqualTo("KCYJ2026-XCL-0007-TZS-1");
        assertThat(other.number()).isEqualTo("KCYJ2026-XCL-0008-SBS-1");
        assertThat(first.typeName()).isEqualTo("申报书");
        assertThat(notice.typeName()).isEqualTo("立项通知书");
        assertThat(first.sha256()).isNotEqualTo(second.sha256()); // the number is printed in the PDF
    }

    @Test
    void issuedDocumentIsStoredAndFoundAgain() {
        IssuedDocument issued = service.issue(request(SUBJECT, DocumentTypes.SBS, "SBS:" + SUBJECT + ":1"));

        assertThat(issued.issuedAt()).isEqualTo(Instant.parse("2026-03-01T02:30:00Z"));
        assertThat(issued.ownerUsername()).isEqualTo("applicant01");
        assertThat(issued.issuer()).isEqualTo("宁波市科学技术局");
        assertThat(service.find(issued.number())).contains(issued);
        assertThat(service.listFor(SUBJECT)).containsExactly(issued);
        assertThat(service.find("KCYJ2026-XCL-0007-SBS-9")).isEmpty();
        assertThat(service.content("KCYJ2026-XCL-0007-SBS-9")).isEmpty();
        assertThat(service.listFor("KCYJ2026-XCL-9999")).isEmpty();
    }

    @Test
    void storedBytesHashToTheRecordedSha256() {
        IssuedDocument issued = service.issue(request(SUBJECT, DocumentTypes.RWS, null));
        byte[] pdf = service.content(issued.number()).orElseThrow();

        assertThat(DocumentService.sha256Hex(pdf)).isEqualTo(issued.sha256()).matches("[0-9a-f]{64}");
        assertThat((long) pdf.length).isEqualTo(issued.sizeBytes());
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(PdfTestSupport.text(pdf)).contains(issued.number(), "项目任务书", "2026-03-01 10:30:00");
        Long stored = jdbc.sql("select size_bytes from app.document where number = ?").param(issued.number())
                .query(Long.class).single();
        assertThat(stored).isEqualTo(issued.sizeBytes());
    }

    @Test
    void verifyMatchesTheStoredBytesAndRejectsOneFlippedByte() {
        IssuedDocument issued = service.issue(request(SUBJECT, DocumentTypes.TZS, null));
        byte[] pdf = service.content(issued.number()).orElseThrow();
        byte[] tampered = pdf.clone();
        tampered[tampered.length / 2] ^= 0x01;

        VerificationResult genuine = service.verify(issued.number(), pdf).orElseThrow();
        assertThat(genuine.matches()).isTrue();
        assertThat(genuine.uploadedSha256()).isEqualTo(issued.sha256());
        assertThat(genuine.registeredSha256()).isEqualTo(issued.sha256());

        VerificationResult forged = service.verify(issued.number(), tampered).orElseThrow();
        assertThat(forged.matches()).isFalse();
        assertThat(forged.registeredSha256()).isEqualTo(issued.sha256());
        assertThat(forged.uploadedSha256()).isNotEqualTo(issued.sha256());

        assertThat(service.verify(issued.number(), new byte[0]).orElseThrow().matches()).isFalse();
        assertThat(service.verify("KCYJ2026-XCL-0007-TZS-2", pdf)).isEmpty();
    }

    @Test
    void sameIdempotencyKeyReturnsTheFirstDocument() {
        String key = "SBS:" + SUBJECT + ":1";
        IssuedDocument first = service.issue(request(SUBJECT, DocumentTypes.SBS, key));
        DocumentRequest again = new DocumentRequest(SUBJECT, DocumentTypes.SBS, "宁波市科学技术局", "applicant01",
                DocumentContent.builder("内容不同 Different content").build(), key);
        IssuedDocument second = service.issue(again);

        assertThat(second).isEqualTo(first);
        assertThat(service.listFor(SUBJECT)).hasSize(1);
        IssuedDocument withoutKey = service.issue(request(SUBJECT, DocumentTypes.SBS, null));
        assertThat(withoutKey.version()).isEqualTo(2);
        IssuedDocument otherKey = service.issue(request(SUBJECT, DocumentTypes.SBS, "SBS:" + SUBJECT + ":2"));
        assertThat(otherKey.version()).isEqualTo(3);
    }

    @Test
    void idempotencyKeyOfAnotherSubjectOrTypeIsRefused() {
        service.issue(request(SUBJECT, DocumentTypes.SBS, "shared-key"));

        assertThatThrownBy(() -> service.issue(request(SUBJECT, DocumentTypes.TZS, "shared-key")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KCYJ2026-XCL-0007-SBS-1");
        assertThatThrownBy(() -> service.issue(request("KCYJ2026-XCL-0008", DocumentTypes.SBS, "shared-key")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(service.listFor(SUBJECT)).hasSize(1);
    }

    @Test
    void concurrentIssuesGetDistinctVersions() throws Exception {
        int threads = 3;
        int each = 2;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<IssuedDocument>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    List<IssuedDocument> out = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        out.add(service.issue(request(SUBJECT, DocumentTypes.YSS, null)));
                    }
                    return out;
                }));
            }
            Set<Integer> versions = new HashSet<>();
            for (Future<List<IssuedDocument>> future : futures) {
                future.get(60, TimeUnit.SECONDS).forEach(d -> versions.add(d.version()));
            }
            assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentIssuesWithTheSameKeyStoreOneDocument() throws Exception {
        int threads = 3;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<IssuedDocument>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return service.issue(request(SUBJECT, DocumentTypes.ZN, "ZN:once"));
                }));
            }
            Set<String> numbers = new HashSet<>();
            for (Future<IssuedDocument> future : futures) {
                numbers.add(future.get(60, TimeUnit.SECONDS).number());
            }
            assertThat(numbers).containsExactly("KCYJ2026-XCL-0007-ZN-1");
            assertThat(service.listFor(SUBJECT)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Losing the numbering race inside the caller's transaction must not break that transaction
     * (on PostgreSQL a failed statement aborts the whole transaction unless a savepoint is used).
     */
    @Test
    void lostNumberingRaceInsideCallersTransactionIsRetried() {
        service.issue(request(SUBJECT, DocumentTypes.XSSC, null));
        AtomicBoolean stale = new AtomicBoolean(true);
        DocumentService racing = service(new DocumentRepository(jdbc) {
            @Override
            int maxVersion(String subjectNumber, String typeCode) {
                // the first time, answer as if the concurrent version 1 were not there yet
                return stale.getAndSet(false) ? 0 : super.maxVersion(subjectNumber, typeCode);
            }
        });

        IssuedDocument issued = new TransactionTemplate(transactions).execute(status -> {
            IssuedDocument d = racing.issue(request(SUBJECT, DocumentTypes.XSSC, null));
            // the caller's transaction is still usable after the duplicate-key failure
            jdbc.sql("select count(*) from app.document").query(Long.class).single();
            return d;
        });

        assertThat(issued.number()).isEqualTo("KCYJ2026-XCL-0007-XSSC-2");
        assertThat(service.listFor(SUBJECT)).extracting(IssuedDocument::version).containsExactly(1, 2);
    }

    @Test
    void rollbackOfTheCallersTransactionRemovesTheDocument() {
        TransactionTemplate caller = new TransactionTemplate(transactions);
        caller.executeWithoutResult(status -> {
            service.issue(request(SUBJECT, DocumentTypes.SBS, "rolled-back"));
            status.setRollbackOnly();
        });

        assertThat(service.listFor(SUBJECT)).isEmpty();
        assertThat(service.issue(request(SUBJECT, DocumentTypes.SBS, "rolled-back")).version()).isEqualTo(1);
    }

    @Test
    void issuedDocumentCarriesTheQrCodeOfItsVerificationPage() {
        IssuedDocument issued = service.issue(request(SUBJECT, DocumentTypes.HZ, null));
        byte[] pdf = service.content(issued.number()).orElseThrow();

        assertThat(issued.number()).isEqualTo("KCYJ2026-XCL-0007-HZ-1");
        assertThat(issued.typeName()).isEqualTo("申报回执");
        String code = jdbc.sql("select check_code from app.document where number = ?").param(issued.number())
                .query(String.class).single();
        assertThat(service.verificationUrl(issued.number())).isEqualTo(BASE_URL + "/verify/KCYJ2026-XCL-0007-HZ-1");
        // configured with a trailing slash; a receipt is internal, so its QR code carries its check code
        String expected = BASE_URL + "/verify/KCYJ2026-XCL-0007-HZ-1?code=" + code;
        assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{10}");
        assertThat(PdfTestSupport.decodeQr(PdfTestSupport.image(pdf, 0, 200))).contains(expected);
        String text = PdfTestSupport.text(pdf);
        assertThat(text).contains("科创甬江2035重大专项申报回执\n", PdfRenderer.QR_CAPTION, "文档编号：" + issued.number(),
                PdfRenderer.CHECK_CODE_LABEL + code.substring(0, 5) + "-" + code.substring(5));
        PdfTestSupport.writeSample("issued-receipt", pdf);
    }

    @Test
    void previewRegistersNothing() {
        DocumentRequest request = request(SUBJECT, DocumentTypes.SBS, "SBS:" + SUBJECT + ":preview");
        DocumentContent threePages = DraftRenderingTest.threePages();
        DocumentRequest multiPage = new DocumentRequest(SUBJECT, DocumentTypes.SBS, "宁波市科学技术局", "applicant01",
                threePages, "SBS:" + SUBJECT + ":long");

        byte[] draft = service.preview(request);
        List<String> pages = PdfTestSupport.pageTexts(service.preview(multiPage));

        assertThat(jdbc.sql("select count(*) from app.document").query(Long.class).single()).isZero();
        assertThat(service.listFor(SUBJECT)).isEmpty();
        String text = PdfTestSupport.text(draft);
        assertThat(text).contains("文档编号：草稿 DRAFT", "科创甬江2035重大专项申报书", "正文 " + SUBJECT, "预览时间：2026-03-01 10:30:00")
                .doesNotContain("SBS-1", PdfRenderer.QR_CAPTION);
        assertThat(PdfTestSupport.withoutWhitespace(text)).contains("草稿DRAFT·未提交Notsubmitted");
        assertThat(PdfTestSupport.decodeQr(PdfTestSupport.image(draft, 0, 200))).isEmpty();
        assertThat(pages).hasSize(3).allSatisfy(page ->
                assertThat(PdfTestSupport.withoutWhitespace(page)).contains("草稿DRAFT·未提交Notsubmitted"));
        // the idempotency key was not consumed and no version was taken
        IssuedDocument issued = service.issue(request);
        assertThat(issued.version()).isEqualTo(1);
        assertThat(service.issue(multiPage).version()).isEqualTo(2);
    }

    /**
     * The Info dictionary holds exactly the intended keys, none of them names a person or a
     * machine path, and there is no XMP stream.
     */
    @Test
    void issuedPdfCarriesNoUserOrMachineNames() throws Exception {
        IssuedDocument issued = service.issue(request(SUBJECT, DocumentTypes.SBS, null));
        byte[] pdf = service.content(issued.number()).orElseThrow();

        try (PDDocument document = PdfTestSupport.load(pdf)) {
            COSDictionary info = document.getDocumentInformation().getCOSObject();
            assertThat(info.keySet()).extracting(COSName::getName)
                    .containsExactlyInAnyOrder("Title", "Subject", "Creator", "Producer", "CreationDate", "ModDate");
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo("科创甬江2035重大专项申报书");
            assertThat(document.getDocumentInformation().getSubject()).isEqualTo(issued.number());
            assertThat(document.getDocumentInformation().getCreator()).isEqualTo(PdfRenderer.PRODUCER);
            assertThat(document.getDocumentInformation().getProducer()).isEqualTo(PdfRenderer.PRODUCER);
            assertThat(document.getDocumentCatalog().getMetadata()).isNull();
            for (int i = 0; i < document.getNumberOfPages(); i++) {
                assertThat(document.getPage(i).getMetadata()).isNull();
            }
        }
        String raw = new String(pdf, StandardCharsets.ISO_8859_1);
        List<String> forbidden = new ArrayList<>(List.of("applicant01", "/Author", "x:xmpmeta",
                DocumentFont.RESOURCE, System.getProperty("user.dir")));
        String home = System.getProperty("user.home");
        if (home != null && home.length() > 1) {
            forbidden.add(home + "/");
        }
        String user = System.getProperty("user.name");
        if (user != null && user.length() >= 3) {
            forbidden.add("(" + user + ")");
        }
        assertThat(raw).doesNotContain(forbidden);
        assertThat(PdfTestSupport.text(pdf)).doesNotContain("applicant01");
    }

    @Test
    void migrationAppliesAfterTheOtherModulesMigrations() throws Exception {
        try (TestDatabase full = TestDatabase.create().migrateAll()) {
            JdbcClient client = JdbcClient.create(full.dataSource());
            DocumentService onFullSchema = new DocumentService(new DocumentRepository(client), PdfTestSupport.renderer(),
                    Clock.fixed(NOW, ZoneId.of("UTC")), new DataSourceTransactionManager(full.dataSource()),
                    DocumentService.DEFAULT_PUBLIC_BASE_URL);
            IssuedDocument issued = onFullSchema.issue(request(SUBJECT, DocumentTypes.SBS, null));
            assertThat(onFullSchema.find(issued.number())).contains(issued);
        }
    }
}
