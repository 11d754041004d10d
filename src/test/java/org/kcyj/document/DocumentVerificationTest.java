package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * What the public verification page may learn from {@link DocumentService}: internal documents only with
 * the check code printed on them, public ones by number, any registered file by its bytes; and each
 * document's status. Against a real database (H2, or PostgreSQL in the "postgres" run).
 */
@Tag("db")
class DocumentVerificationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T02:30:00Z");
    private static final String SUBJECT = "KCYJ2026-XCL-0008";

    private static TestDatabase database;
    private static JdbcClient jdbc;
    private static DocumentService service;

    @BeforeAll
    static void startDatabase() {
        database = TestDatabase.create().migrateDocumentsOnly();
        DataSource dataSource = database.dataSource();
        jdbc = JdbcClient.create(dataSource);
        service = new DocumentService(new DocumentRepository(jdbc), PdfTestSupport.renderer(),
                Clock.fixed(NOW, ZoneId.of("Asia/Shanghai")), new DataSourceTransactionManager(dataSource),
                "https://kcyj.kjj.ningbo.example");
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void emptyTable() {
        jdbc.sql("delete from app.document").update();
    }

    private static IssuedDocument issue(String subject, DocumentType type) {
        return service.issue(new DocumentRequest(subject, type, "宁波市科学技术局", "applicant01",
                DocumentContent.builder("科创甬江2035重大专项" + type.name()).paragraph("正文 " + subject).build(), null));
    }

    private static String code(IssuedDocument document) {
        return jdbc.sql("select check_code from app.document where number = ?").param(document.number())
                .query(String.class).optional().orElse(null);
    }

    @Test
    void anInternalDocumentIsFoundOnlyWithItsCheckCode() {
        for (DocumentType type : DocumentTypes.all()) {
            if (DocumentTypes.isPublic(type.code())) {
                continue;
            }
            IssuedDocument internal = issue(SUBJECT, type);
            String code = code(internal);
            assertThat(code).as(type.code()).matches("[0-9A-HJKMNP-TV-Z]{10}");

            assertThat(service.findVerifiable(internal.number(), null)).as(type.code()).isEmpty();
            assertThat(service.findVerifiable(internal.number(), "")).as(type.code()).isEmpty();
            assertThat(service.findVerifiable(internal.number(), code)).as(type.code()).contains(internal);
            // as printed (grouped) or typed carelessly
            assertThat(service.findVerifiable(internal.number(), code.substring(0, 5).toLowerCase() + "-" + code.substring(5)))
                    .as(type.code()).contains(internal);
            String wrong = (code.charAt(0) == 'A' ? "B" : "A") + code.substring(1);
            assertThat(service.findVerifiable(internal.number(), wrong)).as(type.code()).isEmpty();
            assertThat(service.findVerifiable(internal.number(), code + "0")).as(type.code()).isEmpty();
            // the right code of another document opens nothing
            assertThat(service.findVerifiable(SUBJECT + "-" + type.code() + "-2", code)).as(type.code()).isEmpty();
        }
    }

    @Test
    void codesAreRandomPerDocument() {
        java.util.Set<String> codes = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            codes.add(code(issue(SUBJECT, DocumentTypes.TZS)));
        }
        assertThat(codes).hasSize(20);
    }

    @Test
    void publicDocumentsAreFoundByNumberAlone() {
        IssuedDocument guide = issue("CALL-7", DocumentTypes.ZN);
        assertThat(code(guide)).isNull();
        assertThat(service.findVerifiable(guide.number(), null)).contains(guide);
        assertThat(service.findVerifiable(guide.number(), "WHATEVER00")).contains(guide);
        assertThat(service.findVerifiable("CALL-7-ZN-2", null)).isEmpty();
        assertThat(PdfTestSupport.decodeQr(PdfTestSupport.image(service.content(guide.number()).orElseThrow(), 0, 200)))
                .contains("https://kcyj.kjj.ningbo.example/verify/CALL-7-ZN-1");
        assertThat(PdfTestSupport.text(service.content(guide.number()).orElseThrow()))
                .doesNotContain(PdfRenderer.CHECK_CODE_LABEL);
    }

    @Test
    void theQrCodeCarriesTheCodeAndTheCodeIsPrintedBesideIt() {
        IssuedDocument notice = issue(SUBJECT, DocumentTypes.XSSC);
        byte[] pdf = service.content(notice.number()).orElseThrow();
        String code = code(notice);
        PdfTestSupport.writeSample("issued-with-check-code", pdf);

        String url = PdfTestSupport.decodeQr(PdfTestSupport.image(pdf, 0, 200)).orElseThrow();
        assertThat(url).isEqualTo("https://kcyj.kjj.ningbo.example/verify/" + notice.number() + "?code=" + code);
        assertThat(PdfTestSupport.text(pdf)).contains(PdfRenderer.CHECK_CODE_LABEL + CheckCodes.display(code));
    }

    @Test
    void anyRegisteredFileIsIdentifiedByItsBytesWithoutANumber() {
        IssuedDocument internal = issue(SUBJECT, DocumentTypes.PSYJ);
        IssuedDocument guide = issue("CALL-7", DocumentTypes.ZN);
        IssuedDocument older = issue(SUBJECT, DocumentTypes.SBS);
        // a document issued before check codes existed has none: it remains verifiable by upload only
        jdbc.sql("update app.document set check_code = null where number = ?").param(older.number()).update();

        for (IssuedDocument document : new IssuedDocument[] {internal, guide, older}) {
            byte[] pdf = service.content(document.number()).orElseThrow();
            assertThat(service.identify(pdf)).as(document.number()).contains(document);
            byte[] changed = pdf.clone();
            changed[changed.length / 2] ^= 1;
            assertThat(service.identify(changed)).as(document.number()).isEmpty();
        }
        assertThat(service.findVerifiable(older.number(), null)).isEmpty();
        assertThat(service.findVerifiable(older.number(), "0000000000")).isEmpty();
    }

    @Test
    void aDocumentIsSupersededOnceALaterVersionExists() {
        IssuedDocument first = issue(SUBJECT, DocumentTypes.SBS);
        IssuedDocument receipt = issue(SUBJECT, DocumentTypes.HZ);
        assertThat(service.status(first)).isEqualTo(DocumentService.Status.CURRENT);

        IssuedDocument second = issue(SUBJECT, DocumentTypes.SBS);

        assertThat(service.status(first)).isEqualTo(DocumentService.Status.SUPERSEDED);
        assertThat(service.status(second)).isEqualTo(DocumentService.Status.CURRENT);
        assertThat(service.status(receipt)).as("another type is not superseded").isEqualTo(DocumentService.Status.CURRENT);
    }
}
