package org.kcyj.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.kcyj.attachment.PdfFixtures.bytes;
import static org.kcyj.attachment.PdfFixtures.objects;
import static org.kcyj.attachment.PdfFixtures.pages;
import static org.kcyj.attachment.PdfFixtures.raw;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDJavascriptNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDSimpleFileSpecification;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.interactive.action.PDAction;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionGoTo;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.action.PDDocumentCatalogAdditionalActions;
import org.apache.pdfbox.pdmodel.interactive.action.PDFormFieldAdditionalActions;
import org.apache.pdfbox.pdmodel.interactive.action.PDPageAdditionalActions;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.apache.pdfbox.pdmodel.interactive.form.PDXFAResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kcyj.attachment.PdfInspector.Inspection;
import org.kcyj.attachment.PdfInspector.Limits;
import org.kcyj.attachment.PdfInspector.Reason;
import org.kcyj.attachment.PdfInspector.Refusal;
import org.kcyj.attachment.PdfInspector.Result;
import org.kcyj.shared.DomainException;
import org.springframework.http.HttpStatus;

class PdfInspectorTest {

    private static final long TWENTY_MB = 20L << 20;
    private static final int PAGES = 500;
    /** The default limits but a generous timeout, so that a busy machine cannot turn a refusal into a timeout. */
    private static final PdfInspector INSPECTOR = new PdfInspector(new Limits(Duration.ofSeconds(60),
            Limits.defaults().maxMainMemoryBytes(), Limits.defaults().maxAllocatedBytes()));
    /** Half the default allocation budget, far below what the bombs below would need. */
    private static final PdfInspector FRUGAL = new PdfInspector(new Limits(Duration.ofSeconds(60), 50L << 20, 256L << 20));

    @AfterAll
    static void stopWorkers() {
        INSPECTOR.close();
        FRUGAL.close();
    }

    // --- files that pass

    @Test
    void aMultiPagePdfWithChineseTextPassesWithItsPageCountAndHash() throws Exception {
        byte[] pdf = PdfFixtures.chinese();

        Result result = INSPECTOR.inspect(pdf, TWENTY_MB, PAGES);

        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf));
        assertThat(result).isEqualTo(new Inspection(3, sha256));
        assertThat(INSPECTOR.require(pdf, TWENTY_MB, PAGES).pages()).isEqualTo(3);
        assertThat(result.inspection()).contains(new Inspection(3, sha256));
        assertThat(result.refusal()).isEmpty();
    }

    @Test
    void harmlessLinksBookmarksAndFormFieldsPass() {
        byte[] pdf = pages(2, document -> {
            PDPage page = document.getPage(0);
            PDActionURI web = new PDActionURI();
            web.setURI("https://kjj.ningbo.gov.cn/");
            PDActionGoTo goTo = new PDActionGoTo();
            PDPageFitDestination destination = new PDPageFitDestination();
            destination.setPage(document.getPage(1));
            goTo.setDestination(destination);
            addAnnotation(page, link(web));
            addAnnotation(page, link(goTo));
            outline(document, goTo);
            textField(document, null);
        });
        assertThat(INSPECTOR.inspect(pdf, TWENTY_MB, PAGES)).isInstanceOf(Inspection.class);
    }

    @Test
    void exactlyThePageLimitPassesAndOneMoreIsRefused() {
        assertThat(INSPECTOR.inspect(pages(20), TWENTY_MB, 20)).isInstanceOfSatisfying(Inspection.class,
                inspection -> assertThat(inspection.pages()).isEqualTo(20));
        assertRefused(INSPECTOR.inspect(pages(21), TWENTY_MB, 20), Reason.TOO_MANY_PAGES, 20);
    }

    @Test
    void sixHundredPagesAreOverALimitOfFiveHundred() {
        assertThat(INSPECTOR.inspect(pages(500), TWENTY_MB, PAGES)).isInstanceOf(Inspection.class);
        assertRefused(INSPECTOR.inspect(pages(600), TWENTY_MB, PAGES), Reason.TOO_MANY_PAGES, 500);
    }

    @Test
    void aPageTreeThatUnderstatesItsCountIsCountedPageByPage() {
        byte[] pdf = pages(600, document -> PdfFixtures.setRootCount(document, 1));
        assertRefused(INSPECTOR.inspect(pdf, TWENTY_MB, PAGES), Reason.TOO_MANY_PAGES, 500);
    }

    // --- refused before parsing

    @Test
    void emptyContentIsRefused() {
        assertRefused(INSPECTOR.inspect(new byte[0], TWENTY_MB, PAGES), Reason.EMPTY);
        assertRefused(INSPECTOR.inspect(null, TWENTY_MB, PAGES), Reason.EMPTY);
    }

    @Test
    void contentOverTheCallersLimitIsRefusedWithStatus413() {
        byte[] pdf = pages(1);
        assertThat(INSPECTOR.inspect(pdf, pdf.length, PAGES)).isInstanceOf(Inspection.class);
        Result result = INSPECTOR.inspect(pdf, pdf.length - 1, PAGES);
        assertRefused(result, Reason.TOO_LARGE, "0");

        Refusal twoMegabytes = (Refusal) INSPECTOR.inspect(new byte[(2 << 20) + 1], 2 << 20, PAGES);
        assertThat(twoMegabytes.args()).containsExactly("2");
        assertThat(twoMegabytes.toException().status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    }

    static Stream<Arguments> notPdfs() throws IOException {
        byte[] elf = new byte[4096];
        System.arraycopy(bytes("\u007fELF\u0002\u0001\u0001"), 0, elf, 0, 7);
        byte[] windowsExecutable = new byte[4096];
        System.arraycopy(bytes("MZ\u0090\u0000"), 0, windowsExecutable, 0, 4);
        // a header hidden after the first 1024 bytes does not count
        System.arraycopy(bytes("%PDF-1.7"), 0, windowsExecutable, 2048, 8);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("申报书.docx"));
            out.write(bytes("not a pdf ".repeat(200)));
            out.closeEntry();
        }
        return Stream.of(Arguments.of("ELF executable", elf), Arguments.of("Windows executable", windowsExecutable),
                Arguments.of("ZIP archive", zip.toByteArray()), Arguments.of("text", bytes("%PD-1.7 almost")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notPdfs")
    void filesWithoutAPdfHeaderAreRefusedWithStatus415(String kind, byte[] content) {
        Result result = INSPECTOR.inspect(content, TWENTY_MB, PAGES);
        assertRefused(result, Reason.NOT_PDF);
        assertThat(((Refusal) result).toException().status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    // --- broken files

    @Test
    void aTruncatedFileIsRefused() {
        byte[] pdf = pages(40);
        byte[] half = Arrays.copyOf(pdf, pdf.length / 2);
        assertRefused(INSPECTOR.inspect(half, TWENTY_MB, PAGES), Reason.MALFORMED);

        // even with an end-of-file marker put back, the pages in the lost half are missing
        byte[] patched = concat(half, bytes("\n%%EOF\n"));
        assertRefused(INSPECTOR.inspect(patched, TWENTY_MB, PAGES), Reason.MALFORMED);
    }

    @Test
    void garbageAfterAPdfHeaderIsRefused() {
        byte[] garbage = new byte[10_000];
        new Random(2035).nextBytes(garbage);
        byte[] withHeader = concat(bytes("%PDF-1.7\n"), garbage);
        assertRefused(INSPECTOR.inspect(withHeader, TWENTY_MB, PAGES), Reason.MALFORMED);
        assertRefused(INSPECTOR.inspect(concat(withHeader, bytes("\n%%EOF\n")), TWENTY_MB, PAGES), Reason.MALFORMED);
    }

    @Test
    void encryptedFilesAreRefusedWhetherOrNotTheyNeedAPasswordToOpen() {
        assertRefused(INSPECTOR.inspect(encrypted("owner-secret", "open-sesame"), TWENTY_MB, PAGES), Reason.ENCRYPTED);
        assertRefused(INSPECTOR.inspect(encrypted("owner-secret", ""), TWENTY_MB, PAGES), Reason.ENCRYPTED);
    }

    // --- active content

    interface Hostility {
        void add(PDDocument document) throws IOException;
    }

    static Stream<Arguments> hostileDocuments() {
        return Stream.of(
                hostile("JavaScript as the open action", Reason.JAVASCRIPT,
                        d -> d.getDocumentCatalog().setOpenAction(script())),
                hostile("JavaScript in the names tree", Reason.JAVASCRIPT, d -> {
                    PDJavascriptNameTreeNode scripts = new PDJavascriptNameTreeNode();
                    scripts.setNames(Map.of("init", script()));
                    PdfFixtures.nameTrees(d, scripts, null);
                }),
                hostile("JavaScript when the document closes", Reason.JAVASCRIPT, d -> {
                    PDDocumentCatalogAdditionalActions actions = d.getDocumentCatalog().getActions();
                    actions.setWC(script());
                }),
                hostile("JavaScript when a page opens", Reason.JAVASCRIPT, d -> {
                    PDPageAdditionalActions actions = new PDPageAdditionalActions();
                    actions.setO(script());
                    d.getPage(1).setActions(actions);
                }),
                hostile("JavaScript behind a link", Reason.JAVASCRIPT,
                        d -> addAnnotation(d.getPage(0), link(script()))),
                hostile("JavaScript chained after a web link", Reason.JAVASCRIPT, d -> {
                    PDActionURI web = new PDActionURI();
                    web.setURI("https://example.org/");
                    web.setNext(List.of(script()));
                    addAnnotation(d.getPage(0), link(web));
                }),
                hostile("JavaScript behind a bookmark", Reason.JAVASCRIPT, d -> outline(d, script())),
                hostile("JavaScript on a form field's keystrokes", Reason.JAVASCRIPT, d -> {
                    PDFormFieldAdditionalActions actions = new PDFormFieldAdditionalActions();
                    actions.setK(script());
                    textField(d, actions);
                }),
                hostile("a Launch action on opening", Reason.LAUNCH_ACTION,
                        d -> d.getDocumentCatalog().setOpenAction(launch())),
                hostile("a Launch action behind a link", Reason.LAUNCH_ACTION,
                        d -> addAnnotation(d.getPage(1), link(launch()))),
                hostile("an embedded file", Reason.EMBEDDED_FILE,
                        d -> PdfFixtures.nameTrees(d, null, PdfFixtures.filesTree(PdfFixtures.embeddedFile(d, "setup.exe")))),
                hostile("a file attachment annotation", Reason.EMBEDDED_FILE, d -> {
                    PDAnnotationFileAttachment attachment = new PDAnnotationFileAttachment();
                    attachment.setRectangle(new PDRectangle(100, 100, 20, 20));
                    attachment.setFile(PdfFixtures.embeddedFile(d, "data.xlsm"));
                    addAnnotation(d.getPage(0), attachment);
                }),
                hostile("an XFA form", Reason.XFA, d -> {
                    PDAcroForm form = new PDAcroForm(d);
                    COSStream xfa = d.getDocument().createCOSStream();
                    try (OutputStream out = xfa.createOutputStream()) {
                        out.write(bytes("<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"></xdp:xdp>"));
                    }
                    form.setXFA(new PDXFAResource(xfa));
                    d.getDocumentCatalog().setAcroForm(form);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileDocuments")
    void activeContentIsRefused(String what, Reason expected, Hostility hostility) {
        byte[] pdf = pages(2, document -> {
            try {
                hostility.add(document);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertRefused(INSPECTOR.inspect(pdf, TWENTY_MB, PAGES), expected);
    }

    // --- attacks on the inspector itself

    @Test
    void aContentStreamThatInflatesToFourGigabytesIsNeverDecoded() {
        byte[] pdf = pages(1, document -> {
            try {
                COSStream bomb = document.getDocument().createCOSStream();
                try (OutputStream out = bomb.createRawOutputStream()) {
                    out.write(PdfFixtures.zlibOfPrefixAndZeros(bytes("BT /F1 12 Tf ET "), 4096));
                }
                bomb.setItem(COSName.FILTER, COSName.FLATE_DECODE);
                document.getPage(0).setContents(new PDStream(bomb));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(pdf.length).isLessThan(8 << 20);

        // decoding it would cost 16 times the frugal inspector's allocation budget
        assertThat(FRUGAL.inspect(pdf, TWENTY_MB, PAGES)).isInstanceOfSatisfying(Inspection.class,
                inspection -> assertThat(inspection.pages()).isEqualTo(1));
    }

    @Test
    void anObjectStreamThatInflatesToTwoGigabytesIsStoppedByTheAllocationBudget() {
        // the same structure with 1 MB of padding is a valid one-page document
        assertThat(FRUGAL.inspect(PdfFixtures.objectStreamBomb(1), TWENTY_MB, PAGES)).isInstanceOfSatisfying(Inspection.class,
                inspection -> assertThat(inspection.pages()).isEqualTo(1));

        assertRefused(FRUGAL.inspect(PdfFixtures.objectStreamBomb(2048), TWENTY_MB, PAGES), Reason.MALFORMED);
    }

    @Test
    void deeplyNestedArraysAndDictionariesAreRefused() {
        int depth = 100_000;
        String arrays = "[".repeat(depth) + "]".repeat(depth);
        byte[] referenced = raw(objects("<< /Type /Catalog /Pages 2 0 R /Deep 4 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                arrays), true);
        assertRefused(INSPECTOR.inspect(referenced, TWENTY_MB, PAGES), Reason.MALFORMED);

        String dictionaries = "<< /A ".repeat(depth) + ">> ".repeat(depth);
        byte[] inCatalog = raw(objects("<< /Type /Catalog /Pages 2 0 R /Deep " + dictionaries + " >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"),
                true);
        assertRefused(INSPECTOR.inspect(inCatalog, TWENTY_MB, PAGES), Reason.MALFORMED);
    }

    @Test
    void aPageTreeTooDeepForRecursiveReadersIsRefusedWithoutOverflowingTheStack() {
        // with a cross-reference table PDFBox reads it lazily; the inspector refuses the depth
        assertRefused(INSPECTOR.inspect(PdfFixtures.deepPageTree(10_000, true), TWENTY_MB, PAGES), Reason.MALFORMED);
        // without one PDFBox rebuilds it and checks the page tree recursively: 5,000 levels overflow the stack
        assertRefused(INSPECTOR.inspect(PdfFixtures.deepPageTree(10_000, false), TWENTY_MB, PAGES), Reason.MALFORMED);
        // the worker survived the overflow and the inspector still works
        assertThat(INSPECTOR.inspect(PdfFixtures.deepPageTree(10, true), TWENTY_MB, PAGES)).isInstanceOf(Inspection.class);
    }

    @Test
    void aPageTreeThatContainsItselfIsRefused() {
        byte[] cyclic = raw(objects("<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"), true);
        assertRefused(INSPECTOR.inspect(cyclic, TWENTY_MB, PAGES), Reason.MALFORMED);
    }

    @Test
    void aParseThatTakesTooLongIsCancelled() throws InterruptedException {
        byte[] pdf = pages(2000);
        PdfInspector hasty = new PdfInspector(new Limits(Duration.ofMillis(1), 50L << 20, 512L << 20));
        try (hasty) {
            Result result = hasty.inspect(pdf, TWENTY_MB, 5000);

            assertRefused(result, Reason.TIMEOUT, "0.001");
            await("the cancelled worker stops").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(hasty::runningInspections, running -> running == 0);
        }
    }

    // --- API

    @Test
    void requireThrowsTheRefusalAsADomainException() {
        assertThatThrownBy(() -> INSPECTOR.require(bytes("MZ not a pdf"), TWENTY_MB, PAGES))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
                    assertThat(e.code()).isEqualTo("attachment.refused.not-pdf");
                });
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new Limits(Duration.ZERO, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(Duration.ofSeconds(1), 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> INSPECTOR.inspect(pages(1), TWENTY_MB, 0)).isInstanceOf(IllegalArgumentException.class);
        try (PdfInspector defaults = new PdfInspector()) {
            assertThat(defaults.limits()).isEqualTo(Limits.defaults());
        }
    }

    // --- helpers

    private static void assertRefused(Result result, Reason reason, Object... args) {
        assertThat(result.inspection()).isEmpty();
        assertThat(result).isInstanceOfSatisfying(Refusal.class, refusal -> {
            assertThat(refusal.reason()).isEqualTo(reason);
            assertThat(refusal.args()).containsExactly(args);
            assertThat(refusal.messageCode()).isEqualTo(reason.messageCode());
        });
    }

    private static Arguments hostile(String what, Reason reason, Hostility hostility) {
        return Arguments.of(what, reason, hostility);
    }

    private static PDActionJavaScript script() {
        return new PDActionJavaScript("app.alert('科创甬江');");
    }

    private static PDActionLaunch launch() {
        PDActionLaunch launch = new PDActionLaunch();
        PDSimpleFileSpecification program = new PDSimpleFileSpecification();
        program.setFile("C:\\Windows\\System32\\calc.exe");
        launch.setFile(program);
        return launch;
    }

    private static PDAnnotationLink link(PDAction action) {
        PDAnnotationLink link = new PDAnnotationLink();
        link.setRectangle(new PDRectangle(72, 700, 200, 20));
        link.setAction(action);
        return link;
    }

    private static void addAnnotation(PDPage page, PDAnnotation annotation) {
        try {
            page.getAnnotations().add(annotation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void outline(PDDocument document, PDAction action) {
        PDDocumentOutline outline = new PDDocumentOutline();
        PDOutlineItem item = new PDOutlineItem();
        item.setTitle("一、项目概况");
        item.setAction(action);
        outline.addLast(item);
        document.getDocumentCatalog().setDocumentOutline(outline);
    }

    private static void textField(PDDocument document, PDFormFieldAdditionalActions actions) {
        PDAcroForm form = new PDAcroForm(document);
        document.getDocumentCatalog().setAcroForm(form);
        PDTextField field = new PDTextField(form);
        field.setPartialName("projectName");
        if (actions != null) {
            field.setActions(actions);
        }
        field.getWidgets().get(0).setRectangle(new PDRectangle(72, 600, 300, 20));
        field.getWidgets().get(0).setPage(document.getPage(0));
        addAnnotation(document.getPage(0), field.getWidgets().get(0));
        form.getFields().add(field);
    }

    private static byte[] encrypted(String ownerPassword, String userPassword) {
        return pages(1, document -> {
            try {
                StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, userPassword,
                        new AccessPermission());
                policy.setEncryptionKeyLength(256);
                document.protect(policy);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
