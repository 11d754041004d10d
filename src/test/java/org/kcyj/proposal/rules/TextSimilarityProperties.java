package org.kcyj.proposal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.kcyj.proposal.rules.TextSimilarity.Match;
import org.kcyj.proposal.rules.TextSimilarity.Passage;

/**
 * Properties of the duplicate-text check over generated Chinese/English text with spaces and
 * punctuation. Each property runs jqwik's default 1,000 tries.
 */
class TextSimilarityProperties {

    private static final TextSimilarity SIMILARITY = new TextSimilarity();
    private static final String PUNCTUATION = " ，。、；：！？“”（）,.;:!?()\n\t\u3000";

    @Property
    void aTextComparedWithItselfScoresOneAndIsOnePassageFromItsFirstToItsLastCountedCharacter(
            @ForAll("paragraphs") String text) {
        Match match = SIMILARITY.compare(text, text);

        assertThat(match.score()).isEqualTo(1.0);
        assertThat(match.passages()).hasSize(1);
        assertThat(match.passages().get(0).text()).isEqualTo(text);
    }

    @Property
    void aReformattedCopyScoresOne(@ForAll("paragraphs") String text, @ForAll("reformatting") long seed) {
        String copy = reformat(text, seed);
        assertThat(SIMILARITY.compare(text, copy).score()).isEqualTo(1.0);
        assertThat(SIMILARITY.compare(copy, text).score()).isEqualTo(1.0);
    }

    @Property
    void textsWithoutACommonCharacterScoreZero(@ForAll("chinese") String chinese, @ForAll("english") String english) {
        Match match = SIMILARITY.compare(chinese, english);
        assertThat(match.score()).isZero();
        assertThat(match.passages()).isEmpty();
    }

    @Property
    void theScoreIsSymmetricAndBetweenZeroAndOne(@ForAll("mixed") String a, @ForAll("mixed") String b) {
        double score = SIMILARITY.compare(a, b).score();
        assertThat(score).isBetween(0.0, 1.0).isEqualTo(SIMILARITY.compare(b, a).score());
    }

    /**
     * A paragraph copied into two otherwise unrelated texts (one surrounded by digits, the other by
     * Greek letters, so that the common run ends exactly at the paragraph) and reformatted in the second
     * is found as a passage quoting the first text's paragraph at its offsets in both texts.
     */
    @Property
    void aCopiedParagraphInsideLongerTextsIsReportedWithItsOriginalText(
            @ForAll("paragraphs") String paragraph, @ForAll("reformatting") long seed,
            @ForAll("digits") String before1, @ForAll("digits") String after1,
            @ForAll("greek") String before2, @ForAll("greek") String after2) {
        String copy = reformat(paragraph, seed);
        String first = before1 + paragraph + after1;
        String second = before2 + copy + after2;

        Match match = SIMILARITY.compare(first, second);

        assertThat(match.score()).isGreaterThan(0);
        assertThat(match.passages()).hasSize(1);
        Passage passage = match.passages().get(0);
        assertThat(passage.text()).isEqualTo(paragraph);
        assertThat(passage.start()).isEqualTo(before1.length());
        assertThat(passage.end()).isEqualTo(before1.length() + paragraph.length());
        assertThat(second.substring(passage.otherStart(), passage.otherEnd())).isEqualTo(copy);
    }

    @Property
    void noPassageIsShorterThanTheMinimumAndTheirCountIsCapped(@ForAll("mixed") String a, @ForAll("mixed") String b,
                                                               @ForAll @IntRange(min = 0, max = 3) int maxPassages) {
        TextSimilarity similarity = new TextSimilarity(3, 5, maxPassages);
        Match match = similarity.compare(a + b, b + a);
        assertThat(match.passages()).hasSizeLessThanOrEqualTo(maxPassages)
                .allSatisfy(p -> assertThat(p.length()).isGreaterThanOrEqualTo(5));
    }

    /**
     * Text of 20 to 300 characters from CJK ideographs, Latin letters and punctuation, beginning and
     * ending with a character that counts; the alphabet has no digits or Greek letters.
     */
    @Provide
    Arbitrary<String> paragraphs() {
        Arbitrary<Character> counted = Arbitraries.chars().range('\u4e00', '\u9fa5').with("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray());
        Arbitrary<String> middle = Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').withCharRange('a', 'z')
                .withChars(PUNCTUATION.toCharArray()).ofMinLength(18).ofMaxLength(298)
                .filter(s -> SIMILARITY.fingerprint(s).normalised().length() >= 18);
        return Combinators.combine(counted, middle, counted).as((first, inner, last) -> first + inner + last);
    }

    /** A seed for {@link #reformat}. */
    @Provide
    Arbitrary<Long> reformatting() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<String> chinese() {
        return Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').withChars(PUNCTUATION.toCharArray())
                .ofMaxLength(300);
    }

    @Provide
    Arbitrary<String> english() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars(PUNCTUATION.toCharArray())
                .ofMaxLength(300);
    }

    /** Few distinct characters, so that common runs and repetitions are frequent. */
    @Provide
    Arbitrary<String> mixed() {
        return Arbitraries.strings().withChars("甬江科创ab1 ，。".toCharArray()).ofMaxLength(200);
    }

    @Provide
    Arbitrary<String> digits() {
        return Arbitraries.strings().numeric().ofMaxLength(100);
    }

    @Provide
    Arbitrary<String> greek() {
        return Arbitraries.strings().withCharRange('α', 'ω').ofMaxLength(100);
    }

    /**
     * Changes what the check ignores: inserts spaces, line breaks and punctuation between characters,
     * writes Latin letters full-width or in upper case. The first and last characters stay where they are.
     */
    static String reformat(String text, long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                int choice = random.nextInt(3);
                c = choice == 0 ? Character.toUpperCase(c) : choice == 1 ? (char) (Character.toLowerCase(c) - 'a' + 'ａ') : c;
            }
            out.append(c);
            if (i < text.length() - 1 && random.nextInt(4) == 0) {
                out.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
            }
        }
        return out.toString();
    }
}
