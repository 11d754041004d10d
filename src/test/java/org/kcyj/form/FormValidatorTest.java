package org.kcyj.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;

/** The forms in forms/ are the validation rules: every problem at once, values typed. */
class FormValidatorTest {
    private final FormValidator validator;

    FormValidatorTest() throws Exception {
        validator = new FormValidator(new FormDefinitions(new ObjectMapper()));
    }

    @Test
    void everyMissingOrInvalidFieldIsReportedAtOnce() {
        assertThatThrownBy(() -> validator.validate("Form_SubmitProposal", Map.of("title", "x".repeat(201),
                "summary", "太短", "requestedBudget", "abc")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.fieldProblems())
                        .extracting(FieldProblem::field, FieldProblem::code)
                        .contains(
                                org.assertj.core.groups.Tuple.tuple("title", "validation.max-length"),
                                org.assertj.core.groups.Tuple.tuple("summary", "validation.min-length"),
                                org.assertj.core.groups.Tuple.tuple("piName", "validation.required"),
                                org.assertj.core.groups.Tuple.tuple("requestedBudget", "validation.number")));
    }

    @Test
    void valuesAreTypedAndDisabledFieldsIgnored() {
        SubmittedForm form = validator.validatePartial("Form_SubmitProposal", Map.of("title", " 项目 ", "summary",
                "一个足够长的项目摘要，说明目标、内容和预期成果。", "piName", "张明", "requestedBudget", 12.5,
                "unitName", "不应被采纳"));
        assertThat(form.text("title")).isEqualTo("项目");
        assertThat(form.decimal("requestedBudget")).isEqualByComparingTo(new BigDecimal("12.5"));
        assertThat(form.values()).doesNotContainKey("unitName");
    }

    @Test
    void choicesDatesAndRowsAreChecked() {
        assertThatThrownBy(() -> validator.validate("Form_EndorseProposal", Map.of("decision", "MAYBE")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.fieldProblems())
                        .extracting(FieldProblem::code).containsExactly("validation.option"));
        SubmittedForm call = validator.validate("Form_ExtendDeadline", Map.of("until", "2026-12-31T17:00", "reason", "系统故障无法提交"));
        assertThat(call.instant("until")).isEqualTo(Instant.parse("2026-12-31T09:00:00Z"));
        assertThatThrownBy(() -> validator.validate("Form_DraftTaskBook", Map.of("objectives", "目标",
                "startDate", "2027-01-01", "endDate", "2027-13-01", "budget", 1,
                "milestones", List.of(Map.of("title", "m1"), Map.of("dueDate", "2027-05-01")))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.fieldProblems())
                        .extracting(FieldProblem::field)
                        .containsExactlyInAnyOrder("endDate", "milestones[0].dueDate", "milestones[1].title"));
        SubmittedForm book = validator.validate("Form_DraftTaskBook", Map.of("objectives", "目标",
                "startDate", "2027-01-01", "endDate", "2027-12-31", "budget", 1,
                "milestones", List.of(Map.of("title", "m1", "dueDate", "2027-05-01"))));
        assertThat(book.rows("milestones").get(0).date("dueDate")).isEqualTo(LocalDate.of(2027, 5, 1));
    }

    @Test
    void optionsFromDataAndControlCharacters() {
        Map<String, List<FormField.Option>> pool = Map.of("reviewerOptions",
                List.of(new FormField.Option("reviewer1", "A"), new FormField.Option("reviewer2", "B")));
        assertThat(validator.validate("Form_AssignReviewers", Map.of("reviewers", List.of("reviewer1", "reviewer2")), pool)
                .texts("reviewers")).containsExactly("reviewer1", "reviewer2");
        assertThatThrownBy(() -> validator.validate("Form_AssignReviewers", Map.of("reviewers", List.of("mallory")), pool))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> validator.validate("Form_ReportMilestone", Map.of("report", "正常的报告内容\u0000隐藏")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.fieldProblems())
                        .extracting(FieldProblem::code).containsExactly("validation.control-characters"));
    }

    @Test
    void hostileValuesAreRefusedOrKeptAsTheyWillBeStored() {
        assertThatThrownBy(() -> validator.validate("Form_RecordAcceptance", Map.of("conclusion", "PASSED", "comment", "\u0000\u0001 ")))
                .as("nothing left after trimming is missing").isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.fieldProblems())
                        .extracting(FieldProblem::field, FieldProblem::code)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("comment", "validation.required")));
        assertThatThrownBy(() -> validator.validatePartial("Form_SubmitProposal", Map.of("title", "第一行\n第二行")))
                .as("a single-line field").isInstanceOf(DomainException.class);
        assertThat(validator.validatePartial("Form_ReportMilestone", Map.of("report", "第一行内容\n第二行内容\t完")).text("report"))
                .isEqualTo("第一行内容\n第二行内容\t完");
        assertThatThrownBy(() -> validator.validatePartial("Form_SubmitProposal", Map.of("title", "标题\uD800")))
                .as("an unpaired surrogate").isInstanceOf(DomainException.class);
        // A call's budget is at least 0.01 now: a demand's co-funding (from 0) takes the zero with a huge exponent.
        SubmittedForm call = validator.validatePartial("Form_CreateCall", Map.of("callYear", "2.026E+3"));
        assertThat(validator.validatePartial("Form_SubmitDemand", Map.of("coFunding", "0E-999999999")).decimal("coFunding"))
                .isEqualByComparingTo("0").hasToString("0.00");
        assertThat(call.decimal("callYear")).hasToString("2026");
        assertThatThrownBy(() -> validator.validatePartial("Form_CreateCall", Map.of("budget", "1." + "0".repeat(100_000))))
                .isInstanceOf(DomainException.class);
        for (String year : List.of("+10000-01-01", "-0001-01-01", "+999999999-12-31", "0999-12-31")) {
            assertThatThrownBy(() -> validator.validatePartial("Form_DraftTaskBook", Map.of("startDate", year)))
                    .as(year).isInstanceOf(DomainException.class);
        }
        assertThatThrownBy(() -> validator.validatePartial("Form_CreateCall", Map.of("applicationDeadline", "+10000-01-01T00:00")))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> validator.validate("Form_RespondToInvitation", Map.of("response", "ACCEPT", "noConflict", "yes")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.fieldProblems())
                        .extracting(FieldProblem::code).containsExactly("validation.boolean"));
        assertThatThrownBy(() -> validator.validate("Form_CastPanelVotes", Map.of("votes", List.of("x", "y"))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.fieldProblems()).hasSize(1));
    }

    @Test
    void everyUserTaskOfTheProcessesHasItsForm() throws Exception {
        FormDefinitions forms = new FormDefinitions(new ObjectMapper());
        for (var file : new java.io.File("processes").listFiles((d, n) -> n.endsWith(".bpmn"))) {
            String xml = java.nio.file.Files.readString(file.toPath());
            var matcher = java.util.regex.Pattern.compile("camunda:formRef=\"([^\"]+)\"").matcher(xml);
            while (matcher.find()) {
                assertThat(forms.contains(matcher.group(1))).as(file.getName() + " uses " + matcher.group(1)).isTrue();
            }
        }
    }
}
