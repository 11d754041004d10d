package org.kcyj.attachment;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.kcyj.attachment.PdfInspector.Reason;

/**
 * The checks of {@link PdfInspector} on a parsed document. They read the object graph without
 * decoding any stream: content streams, images and fonts stay compressed, so a stream that inflates
 * to gigabytes costs nothing here. All walks are iterative with a visited set, so cycles and deep
 * nesting cannot loop or overflow the stack.
 */
final class PdfStructure {

    /** A refusal found while reading the structure. */
    static final class Refused extends Exception {
        private final Reason reason;

        Refused(Reason reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }

        Reason reason() {
            return reason;
        }
    }

    /** More containers than this is not a grant application but an attack on the inspector. */
    static final int MAX_OBJECTS = 2_000_000;
    /** Balanced page trees of real documents are a few levels deep. */
    static final int MAX_PAGE_TREE_DEPTH = 64;

    private static final COSName LAUNCH = COSName.getPDFName("Launch");
    private static final COSName ON_INSTANTIATE = COSName.getPDFName("OnInstantiate");
    private static final COSName FILE_ATTACHMENT = COSName.getPDFName("FileAttachment");
    private static final COSName THREAD = COSName.getPDFName("Thread");
    private static final COSName PARENT_ACTION = COSName.getPDFName("PA");
    private static final COSName REFERENCE = COSName.getPDFName("Ref");
    private static final COSName FILE_FILTER = COSName.getPDFName("FFilter");
    private static final COSName FILE_DECODE_PARMS = COSName.getPDFName("FDecodeParms");
    private static final COSName URL = COSName.getPDFName("URL");

    /** Actions that stay inside the file and send nothing anywhere; every other type is refused. */
    private static final Set<String> HARMLESS_ACTIONS = Set.of("GoTo", "Named", "SetOCGState", "Hide", "Trans",
            "GoTo3DView", "ResetForm");
    /** Actions that open, fetch or send to something outside the file (ISO 32000-1, 12.6.4). */
    private static final Set<String> REMOTE_ACTIONS = Set.of("GoToR", "GoToE", "ImportData", "SubmitForm",
            "Rendition", "Movie", "Sound");
    /** Annotations whose content viewers may load from outside the file, or play. */
    private static final Set<String> MEDIA_ANNOTATIONS = Set.of("RichMedia", "Movie", "Sound", "Screen", "3D");
    /** Schemes a link may open on a deliberate click: a browser or a mail program, never a file or a share. */
    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");
    /** A link over more than this share of its page is opened by almost any click on the page. */
    static final double MAX_LINK_SHARE_OF_PAGE = 0.5;

    private final COSDocument document;
    private final ParseBudget budget;
    /** The leaves of the page tree, as {@link #countPages} found them. */
    private final List<COSDictionary> pages = new java.util.ArrayList<>();

    PdfStructure(COSDocument document, ParseBudget budget) {
        this.document = document;
        this.budget = budget;
    }

    COSDictionary catalog() throws Refused, IOException {
        if (resolve(document.getTrailer().getItem(COSName.ROOT)) instanceof COSDictionary catalog) {
            return catalog;
        }
        throw new Refused(Reason.MALFORMED);
    }

    /**
     * The number of pages, counted as the leaves of the page tree rather than trusted from its
     * {@code /Count}; counting stops at {@code limit + 1}. A missing, unreadable or cyclic page tree,
     * one deeper than {@value #MAX_PAGE_TREE_DEPTH} levels (which PDFBox and other readers walk
     * recursively) or one without pages is malformed.
     */
    int countPages(COSDictionary catalog, int limit) throws Refused, IOException {
        if (!(resolve(catalog.getItem(COSName.PAGES)) instanceof COSDictionary root)) {
            throw new Refused(Reason.MALFORMED);
        }
        Set<COSBase> seen = identitySet();
        Deque<COSDictionary> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(1);
        int pages = 0;
        while (!nodes.isEmpty() && pages <= limit) {
            budget.check();
            COSDictionary node = nodes.pop();
            int depth = depths.pop();
            if (!seen.add(node) || seen.size() > MAX_OBJECTS || depth > MAX_PAGE_TREE_DEPTH) {
                throw new Refused(Reason.MALFORMED);
            }
            COSBase kids = resolve(node.getItem(COSName.KIDS));
            if (kids instanceof COSArray array && !COSName.PAGE.equals(node.getCOSName(COSName.TYPE))) {
                for (int i = array.size() - 1; i >= 0; i--) {
                    if (!(resolve(array.get(i)) instanceof COSDictionary kid)) {
                        throw new Refused(Reason.MALFORMED);
                    }
                    nodes.push(kid);
                    depths.push(depth + 1);
                }
            } else {
                pages++;
                this.pages.add(node);
            }
        }
        if (pages == 0) {
            throw new Refused(Reason.MALFORMED);
        }
        return pages;
    }

    /**
     * The first kind of active content reachable from the catalog, wherever it is: JavaScript (actions
     * with /JS in the open action, the names tree, additional actions of the document, pages, annotations
     * and form fields, outlines, chained /Next actions; 3D /OnInstantiate scripts), Launch actions,
     * anything that makes a viewer reach outside the file (remote actions, web addresses opened without a
     * deliberate click, links to files or shares, rich media, external stream data), embedded files (file
     * specifications with /EF, the /EmbeddedFiles names tree, file attachment annotations) and XFA forms.
     * Call {@link #countPages} first: links are judged against the pages it found.
     */
    Optional<Reason> findActiveContent(COSDictionary catalog) throws Refused, IOException {
        Set<Reason> found = EnumSet.noneOf(Reason.class);
        Map<COSBase, Double> linkShares = linkShares();
        Set<COSBase> seen = identitySet();
        Set<COSBase> automatic = identitySet();
        Set<COSBase> clicked = identitySet();
        Deque<COSBase> pending = new ArrayDeque<>();
        pending.push(catalog);
        while (!pending.isEmpty()) {
            budget.check();
            COSBase item = resolve(pending.pop());
            if (!(item instanceof COSDictionary || item instanceof COSArray) || !seen.add(item)) {
                continue;
            }
            if (seen.size() > MAX_OBJECTS) {
                throw new Refused(Reason.MALFORMED);
            }
            Iterable<COSBase> children;
            if (item instanceof COSDictionary dictionary) {
                classify(dictionary, found);
                triggers(dictionary, linkShares.getOrDefault(dictionary, 0.0), automatic, clicked, found);
                children = dictionary.getValues();
            } else {
                children = (COSArray) item;
            }
            for (COSBase child : children) {
                if (child instanceof COSDictionary || child instanceof COSArray || child instanceof COSObject) {
                    pending.push(child);
                }
            }
        }
        return found.stream().findFirst(); // an EnumSet iterates in declaration order
    }

    private static void classify(COSDictionary d, Set<Reason> found) {
        COSBase action = d.getItem(COSName.S);
        if (COSName.JAVA_SCRIPT.equals(action) || d.containsKey(COSName.JS) || d.containsKey(COSName.JAVA_SCRIPT)
                || d.containsKey(ON_INSTANTIATE)) {
            found.add(Reason.JAVASCRIPT);
        }
        if (LAUNCH.equals(action)) {
            found.add(Reason.LAUNCH_ACTION);
        }
        if (d.containsKey(COSName.EF) || d.containsKey(COSName.EMBEDDED_FILES)
                || COSName.EMBEDDED_FILE.equals(d.getItem(COSName.TYPE))
                || FILE_ATTACHMENT.equals(d.getItem(COSName.SUBTYPE))) {
            found.add(Reason.EMBEDDED_FILE);
        }
        if (d.containsKey(COSName.XFA)) {
            found.add(Reason.XFA);
        }
        if (d.getItem(COSName.SUBTYPE) instanceof COSName subtype && MEDIA_ANNOTATIONS.contains(subtype.getName())) {
            found.add(Reason.RICH_MEDIA);
        }
        // Stream data in another file (ISO 32000-1, 7.3.8.2), a reference XObject importing a page of another
        // file (8.10.4), a file specification naming a URL (7.11.5).
        boolean externalStream = d instanceof COSStream
                && (d.containsKey(COSName.F) || d.containsKey(FILE_FILTER) || d.containsKey(FILE_DECODE_PARMS));
        if (externalStream || (COSName.FORM.equals(d.getItem(COSName.SUBTYPE)) && d.containsKey(REFERENCE))
                || URL.equals(d.getItem(COSName.FS))) {
            found.add(Reason.EXTERNAL_CONTENT);
        }
    }

    /**
     * The actions a dictionary holds, judged by how they are set off: the open action and every additional
     * action (/AA: opening or closing a page or the document, the pointer entering an annotation, a field
     * changing…) run without a deliberate click; /A and /PA run when the reader clicks what holds them.
     */
    private void triggers(COSDictionary d, double linkShare, Set<COSBase> automatic, Set<COSBase> clicked,
                          Set<Reason> found) throws Refused, IOException {
        actions(d.getItem(COSName.OPEN_ACTION), true, 0, automatic, found);
        if (resolve(d.getItem(COSName.AA)) instanceof COSDictionary additional) {
            for (COSBase action : additional.getValues()) {
                actions(action, true, 0, automatic, found);
            }
        }
        actions(d.getItem(COSName.A), false, linkShare, clicked, found);
        actions(d.getItem(PARENT_ACTION), false, linkShare, clicked, found);
    }

    /** One action and the ones chained after it (/Next: a dictionary or an array of them), each judged once per trigger. */
    private void actions(COSBase start, boolean automatic, double linkShare, Set<COSBase> judged, Set<Reason> found)
            throws Refused, IOException {
        if (start == null) {
            return;
        }
        Set<COSBase> chain = identitySet();
        Deque<COSBase> pending = new ArrayDeque<>();
        pending.push(start);
        while (!pending.isEmpty()) {
            budget.check();
            COSBase item = resolve(pending.pop());
            if (!(item instanceof COSDictionary || item instanceof COSArray) || !chain.add(item)) {
                continue; // a destination, nothing, or a loop of /Next
            }
            // Judged once per kind of trigger; again only for a link over most of a page, which judges differently.
            if (!judged.add(item) && linkShare <= MAX_LINK_SHARE_OF_PAGE) {
                continue;
            }
            if (judged.size() > MAX_OBJECTS || chain.size() > MAX_OBJECTS) {
                throw new Refused(Reason.MALFORMED);
            }
            if (item instanceof COSArray array) {
                array.forEach(pending::push);
                continue;
            }
            COSDictionary action = (COSDictionary) item;
            if (action.getItem(COSName.S) instanceof COSName type) {
                judge(action, type.getName(), automatic, linkShare, found);
            }
            COSBase next = action.getItem(COSName.NEXT);
            if (next != null) {
                pending.push(next);
            }
        }
    }

    private void judge(COSDictionary action, String type, boolean automatic, double linkShare, Set<Reason> found)
            throws Refused, IOException {
        switch (type) {
            case "JavaScript" -> found.add(Reason.JAVASCRIPT);
            case "Launch" -> found.add(Reason.LAUNCH_ACTION);
            case "URI" -> {
                if (automatic || linkShare > MAX_LINK_SHARE_OF_PAGE) {
                    found.add(Reason.AUTOMATIC_LINK);
                } else if (!webOrMail(resolve(action.getItem(COSName.URI)))) {
                    found.add(Reason.EXTERNAL_LINK);
                }
            }
            case "Thread" -> {
                if (action.containsKey(COSName.F)) {
                    found.add(Reason.REMOTE_ACTION); // a thread in another file
                }
            }
            default -> {
                if (REMOTE_ACTIONS.contains(type) || !HARMLESS_ACTIONS.contains(type)) {
                    found.add(Reason.REMOTE_ACTION);
                }
            }
        }
    }

    /** Whether a URI action's address is an absolute http, https or mailto address. */
    static boolean webOrMail(COSBase uri) {
        if (!(uri instanceof COSString string)) {
            return false;
        }
        String text = string.getString().strip();
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return false; // relative: resolved against a base the file chooses
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!LINK_SCHEMES.contains(scheme)) {
            return false;
        }
        if (scheme.equals("mailto")) {
            return true;
        }
        // "http:host" or an address with backslashes is read by some viewers as a path to a file or a share
        return text.startsWith("//", colon + 1) && text.indexOf('\\') < 0;
    }

    /** For each annotation on a page, the share of the page its rectangle covers (0 where it cannot be read). */
    private Map<COSBase, Double> linkShares() throws Refused, IOException {
        Map<COSBase, Double> shares = new IdentityHashMap<>();
        for (COSDictionary page : pages) {
            budget.check();
            double pageArea = area(inherited(page, COSName.CROP_BOX));
            if (pageArea <= 0) {
                pageArea = area(inherited(page, COSName.MEDIA_BOX));
            }
            if (!(resolve(page.getItem(COSName.ANNOTS)) instanceof COSArray annotations) || pageArea <= 0) {
                continue;
            }
            for (COSBase entry : annotations) {
                if (resolve(entry) instanceof COSDictionary annotation) {
                    shares.put(annotation, Math.min(area(resolve(annotation.getItem(COSName.RECT))), pageArea) / pageArea);
                }
            }
        }
        return shares;
    }

    /** A page attribute, looked up through its parents as readers do (a bounded number of levels). */
    private COSBase inherited(COSDictionary page, COSName key) throws Refused, IOException {
        COSDictionary node = page;
        for (int level = 0; node != null && level <= MAX_PAGE_TREE_DEPTH; level++) {
            COSBase value = resolve(node.getItem(key));
            if (value != null) {
                return value;
            }
            node = resolve(node.getItem(COSName.PARENT)) instanceof COSDictionary parent ? parent : null;
        }
        return null;
    }

    private static double area(COSBase rectangle) {
        if (!(rectangle instanceof COSArray array) || array.size() < 4) {
            return 0;
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!(array.getObject(i) instanceof COSNumber number)) {
                return 0;
            }
            v[i] = number.floatValue();
        }
        double area = Math.abs(v[2] - v[0]) * Math.abs(v[3] - v[1]);
        return Double.isFinite(area) ? area : 0;
    }

    /**
     * Dereferences an indirect object. PDFBox logs and swallows read errors here, so the budget is
     * checked afterwards, and an object the cross-reference table lists but that cannot be read
     * (a truncated file, nesting beyond PDFBox's depth limit) makes the file malformed.
     */
    private COSBase resolve(COSBase item) throws Refused, IOException {
        if (!(item instanceof COSObject reference)) {
            return item;
        }
        COSBase target = reference.getObject();
        budget.check();
        if (target == null && reference.getKey() != null && document.getXrefTable().get(reference.getKey()) != null) {
            throw new Refused(Reason.MALFORMED);
        }
        return target;
    }

    private static Set<COSBase> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
