package org.kcyj.document;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/** Shared fixtures of the document tests: one parsed font per JVM, like in production. */
public final class PdfTestSupport {

    static final DocumentFont FONT = new DocumentFont();
    static final String NUMBER = "KCYJ2026-XCL-0007-SBS-1";
    static final String ISSUER = "宁波市科学技术局";
    static final Instant ISSUED_AT = Instant.parse("2026-03-01T02:30:00Z"); // 10:30 in Ningbo

    private PdfTestSupport() {
    }

    static PdfRenderer renderer() {
        return new PdfRenderer(FONT);
    }

    static byte[] render(DocumentContent content) {
        return renderer().render(content, NUMBER, ISSUER, ISSUED_AT);
    }

    static PDDocument load(byte[] pdf) {
        try {
            return Loader.loadPDF(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text of all pages. */
    static String text(byte[] pdf) {
        try (PDDocument document = load(pdf)) {
            return new PDFTextStripper().getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text of each page, index 0 = page 1. */
    public static List<String> pageTexts(byte[] pdf) {
        try (PDDocument document = load(pdf)) {
            List<String> pages = new ArrayList<>();
            for (int p = 1; p <= document.getNumberOfPages(); p++) {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                pages.add(stripper.getText(document));
            }
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Page {@code index} (0-based) rasterised in RGB at {@code dpi}. */
    static BufferedImage image(byte[] pdf, int index, float dpi) {
        try (PDDocument document = load(pdf)) {
            return new PDFRenderer(document).renderImageWithDPI(index, dpi, ImageType.RGB);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the QR code ZXing finds in the image, if it finds one. */
    static Optional<String> decodeQr(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels)));
        try {
            return Optional.of(new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
                    .getText());
        } catch (NotFoundException | ChecksumException | FormatException e) {
            return Optional.empty();
        }
    }

    /** Every glyph PDFBox's text extraction sees on page {@code index} (0-based), in stream order. */
    static List<TextPosition> glyphs(byte[] pdf, int index) {
        List<TextPosition> glyphs = new ArrayList<>();
        try (PDDocument document = load(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void processTextPosition(TextPosition text) {
                    glyphs.add(text);
                    super.processTextPosition(text);
                }
            };
            stripper.setStartPage(index + 1);
            stripper.setEndPage(index + 1);
            stripper.getText(document);
            return glyphs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps a rendered PDF under target/document-samples for people to look at; returns its path. */
    static Path writeSample(String name, byte[] pdf) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "document-samples"));
            return Files.write(dir.resolve(name + ".pdf"), pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String withoutWhitespace(String s) {
        return s.replaceAll("\\s+", "");
    }

    /** A realistic application form with Chinese and English text. */
    static DocumentContent applicationForm() {
        return DocumentContent.builder("科创甬江2035重大专项项目申报书")
                .subtitle("Application form · Advanced Materials")
                .heading("一、基本信息 Basic information")
                .keyValue("项目编号 Proposal number", "KCYJ2026-XCL-0007")
                .keyValue("项目名称 Title", "高性能稀土永磁材料关键制备技术研究与产业化示范 "
                        + "(Key preparation technologies of high-performance rare-earth permanent magnets)")
                .keyValue("依托单位 Lead unit", "宁波大学")
                .keyValue("申请经费 Requested budget", "1,200.00 万元")
                .heading("二、项目摘要 Summary")
                .paragraph("本项目面向新能源汽车驱动电机对高矫顽力、低重稀土永磁材料的需求，研究晶界扩散、细晶化及"
                        + "组织调控等关键技术，建立年产千吨级示范线，形成自主知识产权体系。")
                .paragraph("The project develops grain boundary diffusion and microstructure control for "
                        + "high-coercivity magnets with reduced heavy rare-earth content, and builds a pilot line.")
                .heading("三、项目组成员 Team")
                .table(List.of("序号", "姓名 Name", "职称 Title", "分工 Role"), List.of(
                        List.of("1", "张三", "教授", "项目负责人，总体设计"),
                        List.of("2", "李四", "副教授", "晶界扩散工艺 grain boundary diffusion")))
                .signature("项目负责人（签字）", "张三", "日期", "2026-03-01")
                .build();
    }
}
