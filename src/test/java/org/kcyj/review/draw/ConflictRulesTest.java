package org.kcyj.review.draw;

import org.kcyj.review.DeclaredRelative;
import org.kcyj.review.DeclaredCollaboration;
import org.kcyj.review.CollaborationKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConflictRulesTest {

    static final String LEAD = "91330201MA2AXXXX1A";
    static final String PARTNER = "91330206MA2BYYYY2B";
    static final String PI_UNIT = "12330200MB0CZZZZ3C";
    static final String OTHER = "91110000MA0DWWWW4D";
    static final LocalDate TODAY = LocalDate.of(2025, 6, 30);

    private final ConflictRules rules = new ConflictRules();

    static Application application() {
        return new Application("KCYJ2025-0001", "CALL-2025-A", LEAD, List.of(PARTNER),
                new Person("张伟", PI_UNIT), List.of("李娜", "Wang  Fang"),
                List.of(new ExclusionRequest("赵强", "曾公开质疑本团队的研究结论")));
    }

    static Expert expert(String unit, List<DeclaredRelative> relatives, List<DeclaredCollaboration> collaborations,
                         List<OwnProposal> own) {
        return new Expert("E1", "陈静", unit, List.of("430"), false, List.of("zh"), relatives, collaborations, own, true);
    }

    static Expert clean() {
        return expert(OTHER, List.of(), List.of(), List.of());
    }

    private List<Conflict> conflicts(Expert expert) {
        return rules.conflicts(expert, application(), ConflictPolicy.defaults(), TODAY);
    }

    @Test
    void aCleanExpertHasNoConflict() {
        Expert e = expert(OTHER, List.of(new DeclaredRelative("周敏", "配偶")),
                List.of(new DeclaredCollaboration("张伟", CollaborationKind.CO_AUTHOR, 2021),
                        new DeclaredCollaboration("孙立", CollaborationKind.COLLABORATOR, 2025)),
                List.of(new OwnProposal("KCYJ2024-0099", "CALL-2024-A")));
        assertThat(conflicts(e)).isEmpty();
    }

    @Test
    void sameEntityAsLeadUnitNamesTheCode() {
        assertThat(conflicts(expert(" 91330201ma2axxxx1a ", List.of(), List.of(), List.of()))).containsExactly(
                new Conflict(ConflictRule.SAME_ENTITY, "专家所在单位（统一社会信用代码 91330201MA2AXXXX1A）为本项目牵头单位"));
    }

    @Test
    void sameEntityAsPartnerOrPiUnit() {
        assertThat(conflicts(expert(PARTNER, List.of(), List.of(), List.of()))).containsExactly(
                new Conflict(ConflictRule.SAME_ENTITY, "专家所在单位（统一社会信用代码 " + PARTNER + "）为本项目合作单位"));
        assertThat(conflicts(expert(PI_UNIT, List.of(), List.of(), List.of()))).containsExactly(
                new Conflict(ConflictRule.SAME_ENTITY, "专家所在单位（统一社会信用代码 " + PI_UNIT + "）为项目负责人所在单位"));
    }

    @Test
    void coAuthorExactlyNYearsAgoCountsAndNPlusOneDoesNot() {
        // window 3 in 2025: 2022 is exactly 3 years ago and counts; 2021 does not
        Expert inside = expert(OTHER, List.of(), List.of(new DeclaredCollaboration("张伟", CollaborationKind.CO_AUTHOR, 2022)),
                List.of());
        Expert outside = expert(OTHER, List.of(), List.of(new DeclaredCollaboration("张伟", CollaborationKind.CO_AUTHOR, 2021)),
                List.of());
        assertThat(conflicts(inside)).containsExactly(new Conflict(ConflictRule.CO_AUTHOR_OR_COLLABORATOR,
                "专家申报于 2022 年（3 年内）与项目负责人张伟存在合著关系"));
        assertThat(conflicts(outside)).isEmpty();
    }

    @Test
    void theWindowIsAParameter() {
        Expert e = expert(OTHER, List.of(), List.of(new DeclaredCollaboration("张伟", CollaborationKind.CO_AUTHOR, 2020)),
                List.of());
        assertThat(rules.conflicts(e, application(), new ConflictPolicy(5, true), TODAY)).hasSize(1);
        assertThat(rules.conflicts(e, application(), new ConflictPolicy(4, true), TODAY)).isEmpty();
    }

    @Test
    void collaboratorOfATeamMemberMatchesNormalisedNames() {
        // full-width letters, extra spaces and case differ from the application's "Wang  Fang"
        Expert e = expert(OTHER, List.of(), List.of(new DeclaredCollaboration(" ＷＡＮＧ fang ", CollaborationKind.COLLABORATOR, 2024)),
                List.of());
        assertThat(conflicts(e)).containsExactly(new Conflict(ConflictRule.CO_AUTHOR_OR_COLLABORATOR,
                "专家申报于 2024 年（3 年内）与项目组成员ＷＡＮＧ fang存在合作关系"));
    }

    @Test
    void collaborationWithTheLeadUnit() {
        Expert e = expert(OTHER, List.of(), List.of(new DeclaredCollaboration(LEAD, CollaborationKind.COLLABORATOR, 2023)),
                List.of());
        assertThat(conflicts(e)).containsExactly(new Conflict(ConflictRule.CO_AUTHOR_OR_COLLABORATOR,
                "专家申报于 2023 年（3 年内）与本项目牵头单位（统一社会信用代码 " + LEAD + "）存在合作关系"));
    }

    @Test
    void advisorAndStudentCountInAnyYearByDefault() {
        Expert e = expert(OTHER, List.of(), List.of(
                new DeclaredCollaboration("张伟", CollaborationKind.ADVISOR, 1998),
                new DeclaredCollaboration("李娜", CollaborationKind.STUDENT, 2010)), List.of());
        assertThat(conflicts(e)).containsExactly(
                new Conflict(ConflictRule.ADVISOR_STUDENT, "专家申报项目负责人张伟为其导师（1998 年）"),
                new Conflict(ConflictRule.ADVISOR_STUDENT, "专家申报项目组成员李娜为其学生（2010 年）"));
        assertThat(rules.conflicts(e, application(), new ConflictPolicy(3, false), TODAY)).isEmpty();
    }

    @Test
    void relativeInTheTeam() {
        Expert e = expert(OTHER, List.of(new DeclaredRelative("李娜", "配偶")), List.of(), List.of());
        assertThat(conflicts(e)).containsExactly(
                new Conflict(ConflictRule.RELATIVE, "专家申报的亲属李娜（配偶）为项目组成员"));
    }

    @Test
    void relativeIsThePi() {
        Expert e = expert(OTHER, List.of(new DeclaredRelative("张伟", "兄弟")), List.of(), List.of());
        assertThat(conflicts(e)).containsExactly(
                new Conflict(ConflictRule.RELATIVE, "专家申报的亲属张伟（兄弟）为项目负责人"));
    }

    @Test
    void applicantExclusionMatchesByNameAndCitesTheReason() {
        Expert e = new Expert("E2", "\u3000赵强 ", OTHER, List.of("430"), false, List.of(), List.of(), List.of(), List.of(), true);
        assertThat(conflicts(e)).containsExactly(new Conflict(ConflictRule.APPLICANT_EXCLUSION,
                "申请人要求专家赵强回避，理由：曾公开质疑本团队的研究结论"));
    }

    @Test
    void ownProposalInTheSameCall() {
        Expert e = expert(OTHER, List.of(), List.of(), List.of(new OwnProposal("KCYJ2025-0042", "CALL-2025-A")));
        assertThat(conflicts(e)).containsExactly(new Conflict(ConflictRule.OWN_PROPOSAL_IN_CALL,
                "专家本人在同一申报指南（CALL-2025-A）中申报了项目 KCYJ2025-0042"));
    }

    @Test
    void everyFactIsReportedInRuleOrder() {
        Expert e = new Expert("E3", "赵强", LEAD, List.of("430"), true, List.of(),
                List.of(new DeclaredRelative("Wang Fang", "")),
                List.of(new DeclaredCollaboration("李娜", CollaborationKind.CO_AUTHOR, 2025)),
                List.of(new OwnProposal("KCYJ2025-0001", "CALL-2025-A")), true);
        assertThat(conflicts(e)).extracting(Conflict::rule).containsExactly(ConflictRule.SAME_ENTITY,
                ConflictRule.CO_AUTHOR_OR_COLLABORATOR, ConflictRule.RELATIVE, ConflictRule.APPLICANT_EXCLUSION,
                ConflictRule.OWN_PROPOSAL_IN_CALL);
        assertThat(conflicts(e).get(2).evidence()).isEqualTo("专家申报的亲属Wang Fang为项目组成员");
        assertThat(conflicts(e).get(4).evidence()).isEqualTo("专家本人参与申报了本项目（KCYJ2025-0001）");
    }
}
