package org.kcyj.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFTable;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.springframework.stereotype.Component;

/**
 * The CJK font of all generated PDFs, WenQuanYi Micro Hei (see {@code fonts/README.md}), parsed
 * once per JVM: parsing the 5 MB collection per document would cost time and memory for nothing.
 *
 * <p><b>Thread safety.</b> PDFBox does not promise that a {@link TrueTypeFont} may be shared by
 * threads, so this was checked: the one unsynchronised mutation in fontbox 3.0.8 is lazy table
 * parsing ({@code TrueTypeFont.readTable} seeks the shared data stream without a lock); glyph reads
 * and raw table copies are synchronised, and the subsetter reads from its own copy of the font
 * data. The constructor therefore parses every table eagerly (and fails if one is left), after
 * which loading the font into documents, measuring text and subsetting on save only read immutable
 * state — no lock is needed. {@code DocumentFontConcurrencyTest} renders from 2 and 8 threads on a
 * freshly parsed font and requires every PDF to be byte-identical to a single-threaded rendering.
 */
@Component
class DocumentFont implements AutoCloseable {

    static final String RESOURCE = "fonts/wqy-microhei.ttc";
    /** PostScript name of the face we use (the family name is "WenQuanYi Micro Hei"). */
    static final String POSTSCRIPT_NAME = "WenQuanYiMicroHei";
    static final String FAMILY_NAME = "WenQuanYi Micro Hei";

    private final TrueTypeCollection collection;
    private final TrueTypeFont font;
    private final CmapLookup cmap;

    DocumentFont() {
        try (InputStream in = DocumentFont.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("font resource missing from classpath: " + RESOURCE);
            }
            this.collection = new TrueTypeCollection(in);
            this.font = find(collection);
            parseAllTables(font);
            this.cmap = font.getUnicodeCmapLookup();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static TrueTypeFont find(TrueTypeCollection collection) throws IOException {
        TrueTypeFont byName = collection.getFontByName(POSTSCRIPT_NAME);
        if (byName != null) {
            return byName;
        }
        AtomicReference<TrueTypeFont> byFamily = new AtomicReference<>();
        collection.processAllFonts(f -> {
            if (byFamily.get() == null && f.getNaming() != null && FAMILY_NAME.equals(f.getNaming().getFontFamily())) {
                byFamily.set(f);
            }
        });
        if (byFamily.get() == null) {
            throw new IllegalStateException(RESOURCE + " contains no font named " + FAMILY_NAME);
        }
        return byFamily.get();
    }

    /** Forces PDFBox to parse every table now, so that no lazy parsing races later. */
    private static void parseAllTables(TrueTypeFont font) throws IOException {
        font.getHeader();
        font.getHorizontalHeader();
        font.getMaximumProfile();
        font.getHorizontalMetrics();
        font.getIndexToLocation();
        font.getGlyph();
        font.getCmap();
        font.getNaming();
        font.getPostScript();
        font.getOS2Windows();
        font.getKerning();
        font.getGsub();
        font.getVerticalHeader();
        font.getVerticalMetrics();
        font.getVerticalOrigin();
        font.getGsubData();
        font.getName();
        font.getFontBBox();
        font.nameToGID(".notdef"); // builds the PostScript name index
        for (TTFTable table : font.getTables()) {
            // Tables PDFBox does not interpret (fpgm, prep, cvt, GPOS …) are plain TTFTable; they are
            // only ever copied with getTableBytes, which is synchronised.
            if (table.getClass() != TTFTable.class && !table.getInitialized()) {
                throw new IllegalStateException("font table not parsed eagerly: " + table.getTag());
            }
        }
    }

    /** Loads the shared font into {@code document}, to be embedded as a subset when it is saved. */
    PDType0Font loadInto(PDDocument document) throws IOException {
        return PDType0Font.load(document, font, true);
    }

    /** Whether the font has a glyph for this Unicode code point. */
    boolean canDisplay(int codePoint) {
        return cmap.getGlyphId(codePoint) > 0;
    }

    @Override
    public void close() throws IOException {
        collection.close();
    }
}
