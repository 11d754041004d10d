package org.kcyj.proposal.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.kcyj.proposal.rules.TextSimilarity.Match;
import org.kcyj.proposal.rules.TextSimilarity.Passage;

class TextSimilarityTest {

    private static final String COPIED = "本项目拟研发面向新能源汽车的高性能稀土永磁材料，突破晶界扩散与"
            + "低重稀土配方等关键技术，使磁体矫顽力提高20%以上，实现年产500吨的示范生产线。";

    private final TextSimilarity similarity = new TextSimilarity();

    @Test
    void aParagraphCopiedWithOtherLineBreaksAndPunctuationIsQuotedAsItStandsInTheFirstText() {
        String first = "一、研究目标\n" + COPIED + "\n二、研究内容\n围绕宁波市产业需求开展攻关。";
        String reformatted = "本项目拟研发面向新能源汽车的高性能\n稀土永磁材料, 突破晶界扩散与低重稀土配方等"
                + "关键技术，使磁体矫顽力提高２０%以上;实现年产500吨的示范生产线.";
        String second = "（一）项目概述：Our team proposes the following. " + reformatted + " 预期成果见附件。";

        Match match = similarity.compare(first, second);

        assertThat(match.passages()).hasSize(1);
        Passage passage = match.passages().get(0);
        // the trailing 。 is punctuation, so the passage ends at the last character that counts
        assertThat(passage.text()).isEqualTo(COPIED.substring(0, COPIED.length() - 1));
        assertThat(first.substring(passage.start(), passage.end())).isEqualTo(passage.text());
        assertThat(second.substring(passage.otherStart(), passage.otherEnd()))
                .isEqualTo(reformatted.substring(0, reformatted.length() - 1));
        assertThat(match.score()).isGreaterThan(0.5).isLessThan(1);
    }

    @Test
    void unrelatedTextsScoreZeroAndHaveNoPassages() {
        Match match = similarity.compare(COPIED,
                "A wearable sensor network for early warning of flooding in the Yongjiang river basin.");
        assertThat(match.score()).isZero();
        assertThat(match.passages()).isEmpty();
    }

    @Test
    void theScoreIsTheShareOfTheShorterTextsShinglesFoundInTheLongerOne() {
        String longer = COPIED + "此外还将建立完整的质量追溯体系并培养一支高水平的研发团队。";
        assertThat(similarity.compare(COPIED, longer).score()).isEqualTo(1.0);
        assertThat(similarity.compare(longer, COPIED).score()).isEqualTo(1.0);
    }

    @Test
    void widthCaseAndCombiningAccentsDoNotMatter() {
        TextSimilarity small = new TextSimilarity(4, 4, 10);
        assertThat(small.compare("ＡＩ大模型ｖ２", "ai 大 模 型 V2").score()).isEqualTo(1.0);
        assertThat(small.compare("café crème", "cafe\u0301 cre\u0300me").score()).isEqualTo(1.0);
    }

    @Test
    void textsShorterThanOneShingleScoreZero() {
        assertThat(similarity.compare("稀土永磁", "稀土永磁").score()).isZero();
        assertThat(similarity.compare("", null).score()).isZero();
    }

    @Test
    void runsShorterThanTheMinimumCountInTheScoreButAreNotQuoted() {
        String common = "晶界扩散与低重稀土配方等关键技术"; // 16 characters
        Match match = similarity.compare("甲方案：" + common + "。", "乙方案采用" + common + "！");
        assertThat(match.score()).isGreaterThan(0);
        assertThat(match.passages()).isEmpty();
    }

    @Test
    void passagesComeLongestFirstWithoutOverlapAndUpToTheLimit() {
        String shortCopy = "基于深度学习的港口集装箱调度优化方法研究"; // 20 characters
        String first = COPIED + "ABCDEFGHIJ" + shortCopy + "abcdefghij" + COPIED.substring(0, 30);
        String second = shortCopy + "0123456789" + COPIED;

        Match match = similarity.compare(first, second);

        assertThat(match.passages()).extracting(Passage::length).isSortedAccordingTo((a, b) -> b - a);
        assertThat(match.passages()).extracting(Passage::text)
                .containsExactly(COPIED.substring(0, COPIED.length() - 1), COPIED.substring(0, 30), shortCopy);
        assertThat(new TextSimilarity(8, 20, 1).compare(first, second).passages()).hasSize(1);
    }

    @Test
    void aRepeatedPassageOfTheSecondTextIsQuotedOnceFromTheFirst() {
        Match match = similarity.compare("前言" + COPIED + "结语", COPIED + "——" + COPIED);
        assertThat(match.passages()).hasSize(1);
        assertThat(match.passages().get(0).start()).isEqualTo(2);
    }

    @Test
    void fingerprintsOfAnotherShingleLengthAreRefused() {
        TextSimilarity.Fingerprint four = new TextSimilarity(4, 20, 10).fingerprint(COPIED);
        assertThatThrownBy(() -> similarity.score(similarity.fingerprint(COPIED), four))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TextSimilarity(8, 7, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFingerprintKeepsTheNormalisedText() {
        assertThat(similarity.fingerprint("Ｈｅｌｌｏ，  World！\n你好。").normalised()).isEqualTo("helloworld你好");
    }
}
