package org.kcyj.attachment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.Adler32;
import java.util.zip.Deflater;

import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDJavascriptNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Builds the PDFs the inspector tests use: ordinary ones with PDFBox, broken ones by hand. */
final class PdfFixtures {

    private PdfFixtures() {
    }

    /** A document of blank A4 pages with a line of Helvetica text each, changed by {@code change} before saving. */
    static byte[] pages(int count, Consumer<PDDocument> change) {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 1; i <= count; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 12);
                    content.newLineAtOffset(72, 770);
                    content.showText("Page " + i);
                    content.endText();
                }
            }
            change.accept(document);
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] pages(int count) {
        return pages(count, document -> { });
    }

    /** Three pages of Chinese text in the product's own font, embedded as a subset. */
    static byte[] chinese() {
        try (PDDocument document = new PDDocument();
             InputStream in = PdfFixtures.class.getClassLoader().getResourceAsStream("fonts/wqy-microhei.ttc")) {
            TrueTypeCollection collection = new TrueTypeCollection(in);
            TrueTypeFont[] face = new TrueTypeFont[1];
            collection.processAllFonts(font -> {
                if (face[0] == null) {
                    face[0] = font;
                }
            });
            PDType0Font font = PDType0Font.load(document, face[0], true);
            String[] lines = {"科创甬江2035 重大专项申报书", "项目名称：高性能稀土永磁材料关键技术研究", "第三页：经费预算说明"};
            for (String line : lines) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 14);
                    content.newLineAtOffset(72, 770);
                    content.showText(line);
                    content.endText();
                }
            }
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    static PDComplexFileSpecification embeddedFile(PDDocument document, String name) throws IOException {
        PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream("MZ payload".getBytes(StandardCharsets.US_ASCII)));
        PDComplexFileSpecification spec = new PDComplexFileSpecification();
        spec.setFile(name);
        spec.setEmbeddedFile(file);
        return spec;
    }

    static void nameTrees(PDDocument document, PDJavascriptNameTreeNode scripts, PDEmbeddedFilesNameTreeNode files) {
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
        if (scripts != null) {
            names.setJavascript(scripts);
        }
        if (files != null) {
            names.setEmbeddedFiles(files);
        }
        document.getDocumentCatalog().setNames(names);
    }

    static PDEmbeddedFilesNameTreeNode filesTree(PDComplexFileSpecification spec) {
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(Map.of(spec.getFile(), spec));
        return tree;
    }

    static void setRootCount(PDDocument document, int count) {
        document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PAGES).setInt(COSName.COUNT, count);
    }

    /**
     * A PDF written by hand: objects numbered from 1, object 1 the catalog, a classic cross-reference
     * table unless {@code withXref} is false (then PDFBox has to rebuild it by searching the file).
     */
    static byte[] raw(List<byte[]> objects, boolean withXref) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        long[] offsets = new long[objects.size() + 1];
        for (int i = 0; i < objects.size(); i++) {
            offsets[i + 1] = out.size();
            write(out, (i + 1) + " 0 obj\n");
            out.writeBytes(objects.get(i));
            write(out, "\nendobj\n");
        }
        long xref = out.size();
        if (withXref) {
            StringBuilder table = new StringBuilder("xref\n0 " + offsets.length + "\n0000000000 65535 f \n");
            for (int i = 1; i < offsets.length; i++) {
                table.append(String.format("%010d 00000 n \n", offsets[i]));
            }
            write(out, table + "trailer\n<< /Size " + offsets.length + " /Root 1 0 R >>\nstartxref\n" + xref + "\n");
        } else {
            write(out, "trailer\n<< /Size " + offsets.length + " /Root 1 0 R >>\n");
        }
        write(out, "%%EOF\n");
        return out.toByteArray();
    }

    static List<byte[]> objects(String... objects) {
        List<byte[]> list = new ArrayList<>();
        for (String object : objects) {
            list.add(object.getBytes(StandardCharsets.ISO_8859_1));
        }
        return list;
    }

    /** A page tree {@code depth} levels deep with one page at the bottom. */
    static byte[] deepPageTree(int depth, boolean withXref) {
        List<byte[]> objects = new ArrayList<>();
        objects.add(bytes("<< /Type /Catalog /Pages 2 0 R >>"));
        for (int level = 0; level < depth; level++) {
            int self = level + 2;
            objects.add(bytes("<< /Type /Pages /Kids [" + (self + 1) + " 0 R] /Count 1"
                    + (level > 0 ? " /Parent " + (self - 1) + " 0 R" : "") + " >>"));
        }
        objects.add(bytes("<< /Type /Page /Parent " + (depth + 1) + " 0 R /MediaBox [0 0 595 842] >>"));
        return raw(objects, withXref);
    }

    /**
     * A PDF whose catalog sits in an object stream that inflates to {@code megabytes} MB: the catalog
     * followed by zeros. Valid, so only the size of the decoded stream can make it fail. Needs a
     * cross-reference stream, since a classic table cannot point into an object stream.
     */
    static byte[] objectStreamBomb(int megabytes) {
        String catalog = "<< /Type /Catalog /Pages 3 0 R >>";
        String header = "2 0 ";
        byte[] decodedStart = bytes(header + catalog + " ");
        byte[] stream = zlibOfPrefixAndZeros(decodedStart, megabytes);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        long[] offsets = new long[6];
        offsets[1] = out.size();
        write(out, "1 0 obj\n<< /Type /ObjStm /N 1 /First " + header.length() + " /Filter /FlateDecode /Length "
                + stream.length + " >>\nstream\n");
        out.writeBytes(stream);
        write(out, "\nendstream\nendobj\n");
        offsets[3] = out.size();
        write(out, "3 0 obj\n<< /Type /Pages /Kids [4 0 R] /Count 1 >>\nendobj\n");
        offsets[4] = out.size();
        write(out, "4 0 obj\n<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>\nendobj\n");
        offsets[5] = out.size();
        // entries: type (1 byte), offset or object stream number (4 bytes), generation or index (1 byte)
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        xrefEntry(entries, 0, 0, 255);
        xrefEntry(entries, 1, offsets[1], 0);
        xrefEntry(entries, 2, 1, 0);
        xrefEntry(entries, 1, offsets[3], 0);
        xrefEntry(entries, 1, offsets[4], 0);
        xrefEntry(entries, 1, offsets[5], 0);
        write(out, "5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 1] /Root 2 0 R /Length " + entries.size() + " >>\nstream\n");
        out.writeBytes(entries.toByteArray());
        write(out, "\nendstream\nendobj\nstartxref\n" + offsets[5] + "\n%%EOF\n");
        return out.toByteArray();
    }

    private static void xrefEntry(ByteArrayOutputStream out, int type, long field2, int field3) {
        out.write(type);
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (field2 >>> shift) & 0xFF);
        }
        out.write(field3);
    }

    /**
     * A zlib stream of {@code prefix} followed by {@code megabytes} MB of zeros, made without
     * compressing them all: after the first megabyte the deflater's output for each further megabyte
     * of zeros (flushed at a byte boundary) is always the same, so it is repeated. About 1 KB per MB.
     */
    static byte[] zlibOfPrefixAndZeros(byte[] prefix, int megabytes) {
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        deflater.setInput(prefix);
        out.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH));
        byte[] previous = null;
        byte[] unit = null;
        for (int i = 0; i < Math.min(megabytes, 3); i++) {
            deflater.setInput(zeros);
            previous = unit;
            unit = Arrays.copyOf(buffer, deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH));
            out.writeBytes(unit);
        }
        deflater.end();
        if (megabytes > 3 && !Arrays.equals(previous, unit)) {
            throw new IllegalStateException("the deflater's output for zeros does not repeat");
        }
        for (int i = 3; i < megabytes; i++) {
            out.writeBytes(unit);
        }
        out.write(0x03); // an empty final block with fixed codes
        out.write(0x00);
        Adler32 adler = new Adler32();
        adler.update(prefix);
        long a = adler.getValue() & 0xFFFF;
        long b = ((adler.getValue() >>> 16) + a * ((long) megabytes << 20)) % 65521;
        long checksum = (b << 16) | a;
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (checksum >>> shift) & 0xFF);
        }
        return out.toByteArray();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
