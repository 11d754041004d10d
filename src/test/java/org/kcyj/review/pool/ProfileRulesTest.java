package org.kcyj.review.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.shared.CreditCode;
import org.kcyj.review.CollaborationKind;
import org.kcyj.review.DeclaredCollaboration;
import org.kcyj.review.DeclaredRelative;
import org.kcyj.shared.FieldProblem;

class ProfileRulesTest {
    private static final int YEAR = 2026;
    private static final String CODE = CreditCode.withCheckCharacter("12330200MB0000002");

    static Map<String, Object> valid() {
        Map<String, Object> input = new HashMap<>();
        input.put("name", "王立");
        input.put("email", "wang.li@example.cn");
        input.put("unitName", "甬江新材料研究院");
        input.put("unitCreditCode", CODE.toLowerCase());
        input.put("title", "研究员");
        input.put("disciplineCodes", List.of("430", "43015"));
        input.put("relatives", List.of(Map.of("name", "王芳", "relation", "配偶")));
        input.put("collaborations", List.of(Map.of("counterpart", "张明", "kind", "CO_AUTHOR", "year", 2025)));
        return input;
    }

    private static List<String> fields(ProfileRules.Checked checked) {
        return checked.problems().stream().map(FieldProblem::field).toList();
    }

    @Test
    void aCompleteProfileIsAcceptedNormalisedAndDefaulted() {
        ProfileRules.Checked checked = ProfileRules.check("wang.li", valid(), YEAR);

        assertThat(checked.problems()).isEmpty();
        ProfileRules.Values v = checked.values();
        assertThat(v.unitCreditCode()).isEqualTo(CODE);
        assertThat(v.disciplineCodes()).containsExactly("430", "43015");
        assertThat(v.international()).isFalse();
        assertThat(v.finance()).isFalse();
        assertThat(v.available()).as("available unless said otherwise").isTrue();
        assertThat(v.relatives()).containsExactly(new DeclaredRelative("王芳", "配偶"));
        assertThat(v.collaborations()).containsExactly(new DeclaredCollaboration("张明", CollaborationKind.CO_AUTHOR, 2025));
    }

    @Test
    void listsMayBeTypedAsOneTextAndBooleansAsWords() {
        Map<String, Object> input = valid();
        input.put("disciplineCodes", "430；520, 430 460");
        input.put("international", "是");
        input.put("languages", "英语; 德语");
        input.put("finance", "true");
        input.put("available", false);
        input.put("collaborations", List.of(Map.of("counterpart", "李华", "kind", "导师", "year", "2010")));

        ProfileRules.Checked checked = ProfileRules.check("wang.li", input, YEAR);

        assertThat(checked.problems()).isEmpty();
        assertThat(checked.values().disciplineCodes()).containsExactly("430", "520", "460");
        assertThat(checked.values().languages()).containsExactly("英语", "德语");
        assertThat(checked.values().international()).isTrue();
        assertThat(checked.values().finance()).isTrue();
        assertThat(checked.values().available()).isFalse();
        assertThat(checked.values().collaborations().get(0).kind()).isEqualTo(CollaborationKind.ADVISOR);
    }

    @Test
    void everyProblemIsReportedOnItsField() {
        Map<String, Object> input = valid();
        input.put("email", "not-an-address");
        input.put("unitCreditCode", CODE.substring(0, 17) + (CODE.charAt(17) == '0' ? '1' : '0'));
        input.put("disciplineCodes", List.of("43", "4301500"));
        input.put("international", "maybe");
        input.put("relatives", List.of(Map.of("name", "王芳")));
        input.put("collaborations", List.of(Map.of("counterpart", "张明", "kind", "FRIEND", "year", 2025),
                Map.of("counterpart", "李华", "kind", "STUDENT", "year", 1949),
                Map.of("counterpart", "赵六", "kind", "COLLABORATOR", "year", YEAR + 1)));
        input.remove("name");

        ProfileRules.Checked checked = ProfileRules.check("x", input, YEAR);

        assertThat(fields(checked)).containsExactlyInAnyOrder("username", "name", "email", "unitCreditCode",
                "disciplineCodes", "international", "relatives[0].relation", "collaborations[0].kind",
                "collaborations[1].year", "collaborations[2].year");
        assertThat(checked.problems()).filteredOn(p -> p.field().equals("unitCreditCode"))
                .extracting(FieldProblem::code).containsExactly("rules.credit-code.check-character");
        assertThat(checked.problems()).filteredOn(p -> p.field().equals("disciplineCodes"))
                .extracting(p -> p.args()[0]).containsExactly("43");
    }

    @Test
    void disciplineCodesNumberOneToTen() {
        Map<String, Object> none = valid();
        none.put("disciplineCodes", List.of());
        assertThat(fields(ProfileRules.check("wang.li", none, YEAR))).containsExactly("disciplineCodes");
        Map<String, Object> eleven = valid();
        eleven.put("disciplineCodes", List.of("401", "402", "403", "404", "405", "406", "407", "408", "409", "410", "411"));
        assertThat(ProfileRules.check("wang.li", eleven, YEAR).problems()).extracting(FieldProblem::code)
                .containsExactly("expert.discipline-count");
    }

    @Test
    void internationalExpertsNeedLanguagesAndACreditCodeNeedsAUnitName() {
        Map<String, Object> input = valid();
        input.put("international", true);
        input.remove("unitName");
        assertThat(ProfileRules.check("wang.li", input, YEAR).problems()).extracting(FieldProblem::code)
                .containsExactlyInAnyOrder("expert.languages-required", "expert.unit-name-with-code");
    }

    @Test
    void usernamesAreShortAndPlainAndMatchTheAddress() {
        assertThat(ProfileRules.validUsername("zhang.san_01-a")).isTrue();
        assertThat(ProfileRules.validUsername("ab")).isFalse();
        assertThat(ProfileRules.validUsername("a".repeat(58))).as("EXPERT-{username} must fit the audit subject").isFalse();
        assertThat(ProfileRules.validUsername("张三")).isFalse();
        assertThat(ProfileRules.validUsername("a b c")).isFalse();
        Map<String, Object> input = valid();
        input.put("username", "someone.else");
        assertThat(fields(ProfileRules.check("wang.li", input, YEAR))).containsExactly("username");
    }

    @Test
    void rowsMustBeObjectsAndTextsSingleValues() {
        Map<String, Object> input = valid();
        input.put("relatives", "王芳");
        input.put("collaborations", List.of("张明"));
        input.put("title", List.of("研究员", "教授"));
        assertThat(fields(ProfileRules.check("wang.li", input, YEAR)))
                .containsExactlyInAnyOrder("relatives", "collaborations", "title");
    }
}
