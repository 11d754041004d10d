package org.kcyj.attachment;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
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

    private final COSDocument document;
    private final ParseBudget budget;

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
     * embedded files (file specifications with /EF, the /EmbeddedFiles names tree, file attachment
     * annotations) and XFA forms.
     */
    Optional<Reason> findActiveContent(COSDictionary catalog) throws Refused, IOException {
        Set<Reason> found = EnumSet.noneOf(Reason.class);
        Set<COSBase> seen = identitySet();
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
