package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.junit.jupiter.api.Test;

/**
 * One parsed {@link DocumentFont} is shared by all renderings. These tests load it into many
 * documents at once and require every PDF to be byte-identical to a single-threaded rendering made
 * with a separately parsed font: a race inside PDFBox (wrong glyph, width or subset) would change
 * the bytes.
 */
class DocumentFontConcurrencyTest {

    @Test
    void sameFontLoadsIntoSeveralDocuments() throws Exception {
        DocumentFont font = new DocumentFont();
        for (int i = 0; i < 3; i++) {
            try (PDDocument document = new PDDocument()) {
                PDType0Font loaded = font.loadInto(document);
                assertThat(loaded.getName()).contains("WenQuanYiMicroHei");
                assertThat(loaded.getStringWidth("科创甬江")).isPositive();
            }
        }
        try (PDDocument a = new PDDocument(); PDDocument b = new PDDocument()) {
            assertThat(font.loadInto(a)).isNotSameAs(font.loadInto(b));
        }
        font.close();
    }

    @Test
    void twoThreadsRenderingAtOnceGiveTheSameBytesAsOne() throws Exception {
        assertConcurrentRenderingIsExact(2, 10);
    }

    @Test
    void eightThreadsOnAColdFontGiveTheSameBytesAsOne() throws Exception {
        assertConcurrentRenderingIsExact(8, 6);
    }

    private static void assertConcurrentRenderingIsExact(int threads, int rendersPerThread) throws Exception {
        List<DocumentContent> contents = List.of(
                PdfTestSupport.applicationForm(),
                PdfRendererTest.longDocument(70),
                DocumentContent.builder("并发测试 Concurrency").paragraph(
                        "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥 ÀÉÎÕÜ ĀĒĪŌŪ αβγδ АБВГД 가나다 かなカナ").build());
        Instant issuedAt = Instant.parse("2026-05-01T00:00:00Z");
        PdfRenderer reference = new PdfRenderer(PdfTestSupport.FONT);
        List<byte[]> expected = contents.stream()
                .map(c -> reference.render(c, "KCYJ2026-XCL-0001-TZS-1", "宁波市科学技术局", issuedAt)).toList();

        try (DocumentFont cold = new DocumentFont()) {
            PdfRenderer shared = new PdfRenderer(cold);
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<byte[]>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t;
                    results.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        List<byte[]> out = new ArrayList<>();
                        for (int i = 0; i < rendersPerThread; i++) {
                            DocumentContent content = contents.get((i + offset) % contents.size());
                            out.add(shared.render(content, "KCYJ2026-XCL-0001-TZS-1", "宁波市科学技术局", issuedAt));
                        }
                        return out;
                    }));
                }
                for (int t = 0; t < threads; t++) {
                    List<byte[]> out = results.get(t).get(120, TimeUnit.SECONDS);
                    for (int i = 0; i < out.size(); i++) {
                        assertThat(out.get(i)).as("thread %d rendering %d", t, i)
                                .isEqualTo(expected.get((i + t) % contents.size()));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
