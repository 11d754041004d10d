package org.kcyj.proposal.rules;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Duplicate-text check (查重) between two texts in Chinese, English or both.
 *
 * <p>Texts are normalised (NFKC, lower case, whitespace, punctuation and invisible characters removed)
 * and cut into overlapping shingles of {@code shingleLength} code points. The {@linkplain Match#score()
 * score} is the containment of the text with fewer distinct shingles in the other: the share of its
 * shingles that the other text also has. It is symmetric, 1 for a text compared with itself or with a
 * reformatted copy, 0 for texts without a common shingle, and 0 when either text is shorter than one
 * shingle once normalised.
 *
 * <p>{@linkplain Passage Passages} are the maximal common runs of normalised text at least
 * {@code minPassageLength} long, longest first, not overlapping in the first text, each mapped back to
 * the original characters of both texts so that a manager reads the real passage.
 *
 * <p>For a call with many proposals take a {@link #fingerprint(String)} of each text once; then
 * {@link #score(Fingerprint, Fingerprint)} is a merge of two sorted hash arrays (linear in the text
 * lengths), and {@link #compare(Fingerprint, Fingerprint)} finds the passages from the same merge,
 * extending only the pairs of equal shingles that start a run. The worst case is text repeating one
 * short pattern, where every shingle pairs with every other: quadratic, about 0.4 s for two copies of
 * 4,000 identical characters. Shingle hashes only select candidates: passages are verified
 * character by character, so a hash collision can at worst lift a score, never invent a passage.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TextSimilarity {

    public static final int DEFAULT_SHINGLE_LENGTH = 8;
    public static final int DEFAULT_MIN_PASSAGE_LENGTH = 20;
    public static final int DEFAULT_MAX_PASSAGES = 10;

    private final int shingleLength;
    private final int minPassageLength;
    private final int maxPassages;

    /** Result of a comparison: the score in [0, 1] and the common passages, longest first. */
    public record Match(double score, List<Passage> passages) {
        public Match {
            passages = List.copyOf(passages);
        }
    }

    /**
     * A common passage.
     *
     * @param text        the passage as it appears in the first text
     * @param start       offset of the passage in the first text (UTF-16 index, inclusive)
     * @param end         end offset in the first text (exclusive)
     * @param otherStart  offset of the same passage in the second text
     * @param otherEnd    end offset in the second text (exclusive)
     * @param length      length in normalised code points, the measure used to rank passages
     */
    public record Passage(String text, int start, int end, int otherStart, int otherEnd, int length) {
    }

    /**
     * A text prepared for comparison: its normalised code points, where each came from in the original,
     * and its shingle hashes in ascending order with the position each shingle starts at.
     */
    public static final class Fingerprint {
        private final String original;
        private final int shingleLength;
        private final int[] codePoints;
        private final int[] originalStart;
        private final int[] originalEnd;
        private final long[] sortedHashes;
        private final int[] positions;
        private final int distinctShingles;

        private Fingerprint(String original, int shingleLength, Normalised normalised) {
            this.original = original;
            this.shingleLength = shingleLength;
            this.codePoints = normalised.codePoints();
            this.originalStart = normalised.start();
            this.originalEnd = normalised.end();
            long[] hashes = shingleHashes(codePoints, shingleLength);
            // stable sort: equal shingles keep their positions in ascending order
            this.positions = IntStream.range(0, hashes.length).boxed()
                    .sorted(Comparator.comparingLong(i -> hashes[i])).mapToInt(Integer::intValue).toArray();
            this.sortedHashes = new long[hashes.length];
            int distinct = 0;
            for (int k = 0; k < hashes.length; k++) {
                sortedHashes[k] = hashes[positions[k]];
                if (k == 0 || sortedHashes[k] != sortedHashes[k - 1]) {
                    distinct++;
                }
            }
            this.distinctShingles = distinct;
        }

        public String original() {
            return original;
        }

        /** The normalised text the shingles are taken from. */
        public String normalised() {
            return new String(codePoints, 0, codePoints.length);
        }

        /** Number of distinct shingles; 0 when the normalised text is shorter than one shingle. */
        public int shingleCount() {
            return distinctShingles;
        }
    }

    public TextSimilarity() {
        this(DEFAULT_SHINGLE_LENGTH, DEFAULT_MIN_PASSAGE_LENGTH, DEFAULT_MAX_PASSAGES);
    }

    /**
     * @param shingleLength    code points per shingle, at least 1
     * @param minPassageLength shortest passage reported, in normalised code points; at least the shingle length
     * @param maxPassages      most passages reported
     */
    public TextSimilarity(int shingleLength, int minPassageLength, int maxPassages) {
        if (shingleLength < 1 || minPassageLength < shingleLength || maxPassages < 0) {
            throw new IllegalArgumentException("need 1 <= shingleLength <= minPassageLength and maxPassages >= 0");
        }
        this.shingleLength = shingleLength;
        this.minPassageLength = minPassageLength;
        this.maxPassages = maxPassages;
    }

    public Fingerprint fingerprint(String text) {
        String original = text == null ? "" : text;
        return new Fingerprint(original, shingleLength, normalise(original));
    }

    /** Compares two texts; passages are quoted from {@code first}. */
    public Match compare(String first, String second) {
        return compare(fingerprint(first), fingerprint(second));
    }

    public Match compare(Fingerprint first, Fingerprint second) {
        double score = score(first, second);
        if (score == 0 || maxPassages == 0) {
            return new Match(score, List.of());
        }
        return new Match(score, passages(first, second));
    }

    /** The containment score alone, for ranking many pairs. */
    public double score(Fingerprint first, Fingerprint second) {
        requireOwn(first);
        requireOwn(second);
        int smaller = Math.min(first.distinctShingles, second.distinctShingles);
        if (smaller == 0) {
            return 0;
        }
        long[] a = first.sortedHashes;
        long[] b = second.sortedHashes;
        int common = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) {
                i++;
            } else if (a[i] > b[j]) {
                j++;
            } else {
                common++;
                i = endOfGroup(a, i);
                j = endOfGroup(b, j);
            }
        }
        return (double) common / smaller;
    }

    /** The index after the run of hashes equal to {@code hashes[from]}. */
    private static int endOfGroup(long[] hashes, int from) {
        int end = from + 1;
        while (end < hashes.length && hashes[end] == hashes[from]) {
            end++;
        }
        return end;
    }

    private void requireOwn(Fingerprint fingerprint) {
        if (fingerprint.shingleLength != shingleLength) {
            throw new IllegalArgumentException("fingerprint taken with another shingle length");
        }
    }

    /**
     * Every maximal common run starts where the shingles at (i, j) are equal but the characters before
     * them are not. Equal shingles are paired by merging the two sorted hash arrays; from each start the
     * run is extended character by character.
     */
    private List<Passage> passages(Fingerprint first, Fingerprint second) {
        int[] a = first.codePoints;
        int[] b = second.codePoints;
        long[] aHashes = first.sortedHashes;
        long[] bHashes = second.sortedHashes;
        List<int[]> runs = new ArrayList<>();
        int x = 0;
        int y = 0;
        while (x < aHashes.length && y < bHashes.length) {
            if (aHashes[x] < bHashes[y]) {
                x++;
            } else if (aHashes[x] > bHashes[y]) {
                y++;
            } else {
                int xEnd = endOfGroup(aHashes, x);
                int yEnd = endOfGroup(bHashes, y);
                for (int p = x; p < xEnd; p++) {
                    for (int q = y; q < yEnd; q++) {
                        int i = first.positions[p];
                        int j = second.positions[q];
                        if (i > 0 && j > 0 && a[i - 1] == b[j - 1]) {
                            continue; // inside a run that started earlier
                        }
                        int length = 0;
                        while (i + length < a.length && j + length < b.length && a[i + length] == b[j + length]) {
                            length++;
                        }
                        if (length >= minPassageLength) {
                            runs.add(new int[] {i, j, length});
                        }
                    }
                }
                x = xEnd;
                y = yEnd;
            }
        }
        runs.sort(Comparator.<int[]>comparingInt(r -> -r[2]).thenComparingInt(r -> r[0]).thenComparingInt(r -> r[1]));
        List<int[]> chosen = new ArrayList<>();
        for (int[] run : runs) {
            if (chosen.size() == maxPassages) {
                break;
            }
            boolean overlaps = chosen.stream().anyMatch(c -> run[0] < c[0] + c[2] && c[0] < run[0] + run[2]);
            if (!overlaps) {
                chosen.add(run);
            }
        }
        List<Passage> passages = new ArrayList<>(chosen.size());
        for (int[] run : chosen) {
            int last = run[2] - 1;
            int start = first.originalStart[run[0]];
            int end = first.originalEnd[run[0] + last];
            passages.add(new Passage(first.original.substring(start, end), start, end,
                    second.originalStart[run[1]], second.originalEnd[run[1] + last], run[2]));
        }
        return passages;
    }

    /**
     * One hash per shingle. Each code point is mixed in non-linearly (a multiply-rotate step and a
     * final avalanche), so crafted texts cannot make distinct shingles collide as they can with a
     * plain polynomial hash modulo 2^64.
     */
    static long[] shingleHashes(int[] codePoints, int n) {
        int count = Math.max(0, codePoints.length - n + 1);
        long[] hashes = new long[count];
        for (int i = 0; i < count; i++) {
            long h = 0x9E3779B97F4A7C15L;
            for (int k = 0; k < n; k++) {
                h = Long.rotateLeft((h ^ codePoints[i + k]) * 0xBF58476D1CE4E5B9L, 27);
            }
            h ^= h >>> 33;
            h *= 0xFF51AFD7ED558CCDL;
            h ^= h >>> 33;
            hashes[i] = h;
        }
        return hashes;
    }

    private record Normalised(int[] codePoints, int[] start, int[] end) {
    }

    /**
     * Normalises each base character together with its combining marks, so that every normalised code
     * point can be traced to the original characters it came from.
     */
    static Normalised normalise(String text) {
        int[] codePoints = new int[text.length()];
        int[] start = new int[text.length()];
        int[] end = new int[text.length()];
        int size = 0;
        int i = 0;
        while (i < text.length()) {
            int clusterEnd = i + Character.charCount(text.codePointAt(i));
            while (clusterEnd < text.length() && isCombiningMark(text.codePointAt(clusterEnd))) {
                clusterEnd += Character.charCount(text.codePointAt(clusterEnd));
            }
            String cluster = text.substring(i, clusterEnd);
            if (cluster.length() > 1 || cluster.charAt(0) >= 0x80) {
                cluster = Normalizer.normalize(cluster, Normalizer.Form.NFKC);
            }
            for (int k = 0; k < cluster.length(); ) {
                int cp = cluster.codePointAt(k);
                k += Character.charCount(cp);
                if (!isIgnored(cp)) {
                    if (size == codePoints.length) {
                        // NFKC can expand a character (㎏ -> kg)
                        codePoints = Arrays.copyOf(codePoints, size * 2 + 1);
                        start = Arrays.copyOf(start, codePoints.length);
                        end = Arrays.copyOf(end, codePoints.length);
                    }
                    codePoints[size] = Character.toLowerCase(cp);
                    start[size] = i;
                    end[size] = clusterEnd;
                    size++;
                }
            }
            i = clusterEnd;
        }
        return new Normalised(Arrays.copyOf(codePoints, size), Arrays.copyOf(start, size), Arrays.copyOf(end, size));
    }

    private static boolean isCombiningMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** Whitespace, punctuation, control and format characters do not count. */
    private static boolean isIgnored(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.CONTROL,
                    Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
