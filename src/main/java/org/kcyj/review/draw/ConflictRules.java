package org.kcyj.review.draw;

import org.kcyj.review.DeclaredRelative;
import org.kcyj.review.DeclaredCollaboration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds every conflict of interest between an expert and a proposal, each with the fact that causes it.
 *
 * <p>People are matched by name only, after normalisation (NFKC, trimmed, white space collapsed, Latin
 * letters case-insensitive); units and calls by their code. Matching by name over-flags namesakes: two
 * different people called 王伟 conflict. That errs on the safe side; a manager will be able to waive a
 * conflict with a written reason (later work), which is why every conflict carries its evidence.
 *
 * <p>Collaboration window: a relation declared for year Y counts when {@code today.year - Y <= window},
 * so with the default of 3 in 2025 the years 2022 and later count (exactly N years ago counts) and 2021
 * does not. A year after today's year also counts. Not covered here: the expert's "similar" proposals in
 * other calls, which need text similarity.
 */
public final class ConflictRules {

    /** All conflicts, in rule order then declaration order; empty when the expert may review. */
    public List<Conflict> conflicts(Expert expert, Application application, ConflictPolicy policy, LocalDate today) {
        Objects.requireNonNull(expert, "expert");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(today, "today");
        List<Conflict> found = new ArrayList<>();
        sameEntity(expert, application, found);
        collaborations(expert, application, policy, today, found);
        relatives(expert, application, found);
        exclusions(expert, application, found);
        ownProposals(expert, application, found);
        return List.copyOf(found);
    }

    private static void sameEntity(Expert expert, Application app, List<Conflict> found) {
        String unit = expert.unitCreditCode();
        if (Names.sameCode(unit, app.leadUnitCreditCode())) {
            found.add(new Conflict(ConflictRule.SAME_ENTITY,
                    "专家所在单位（统一社会信用代码 " + Names.code(unit) + "）为本项目牵头单位"));
            return;
        }
        for (String partner : app.partnerUnitCreditCodes()) {
            if (Names.sameCode(unit, partner)) {
                found.add(new Conflict(ConflictRule.SAME_ENTITY,
                        "专家所在单位（统一社会信用代码 " + Names.code(unit) + "）为本项目合作单位"));
                return;
            }
        }
        if (Names.sameCode(unit, app.principalInvestigator().unitCreditCode())) {
            found.add(new Conflict(ConflictRule.SAME_ENTITY,
                    "专家所在单位（统一社会信用代码 " + Names.code(unit) + "）为项目负责人所在单位"));
        }
    }

    private static void collaborations(Expert expert, Application app, ConflictPolicy policy, LocalDate today,
                                       List<Conflict> found) {
        int window = policy.collaborationWindowYears();
        for (DeclaredCollaboration c : expert.collaborations()) {
            boolean inWindow = today.getYear() - c.year() <= window;
            boolean advisorOrStudent = c.kind().isAdvisorOrStudent();
            if (!inWindow && !(advisorOrStudent && policy.advisorStudentAnyYear())) {
                continue;
            }
            if (advisorOrStudent) {
                String role = roleOf(c.counterpart(), app);
                if (role != null) {
                    found.add(new Conflict(ConflictRule.ADVISOR_STUDENT, "专家申报" + role + c.counterpart().strip()
                            + "为其" + c.kind().label() + "（" + c.year() + " 年）"));
                }
                continue;
            }
            String when = c.year() + " 年（" + window + " 年内）";
            String role = roleOf(c.counterpart(), app);
            if (role != null) {
                found.add(new Conflict(ConflictRule.CO_AUTHOR_OR_COLLABORATOR, "专家申报于 " + when + "与" + role
                        + c.counterpart().strip() + "存在" + c.kind().label() + "关系"));
            } else if (Names.sameCode(c.counterpart(), app.leadUnitCreditCode())) {
                found.add(new Conflict(ConflictRule.CO_AUTHOR_OR_COLLABORATOR, "专家申报于 " + when
                        + "与本项目牵头单位（统一社会信用代码 " + Names.code(c.counterpart()) + "）存在"
                        + c.kind().label() + "关系"));
            }
        }
    }

    private static void relatives(Expert expert, Application app, List<Conflict> found) {
        for (DeclaredRelative r : expert.relatives()) {
            String role = roleOf(r.name(), app);
            if (role != null) {
                String relation = r.relation().isBlank() ? "" : "（" + r.relation().strip() + "）";
                found.add(new Conflict(ConflictRule.RELATIVE,
                        "专家申报的亲属" + r.name().strip() + relation + "为" + role));
            }
        }
    }

    private static void exclusions(Expert expert, Application app, List<Conflict> found) {
        for (ExclusionRequest e : app.exclusions()) {
            if (Names.same(e.expertName(), expert.name())) {
                String reason = e.reason().isBlank() ? "未说明理由" : "理由：" + e.reason().strip();
                found.add(new Conflict(ConflictRule.APPLICANT_EXCLUSION,
                        "申请人要求专家" + e.expertName().strip() + "回避，" + reason));
                return;
            }
        }
    }

    private static void ownProposals(Expert expert, Application app, List<Conflict> found) {
        for (OwnProposal p : expert.ownProposals()) {
            if (Names.sameCode(p.proposalNumber(), app.proposalNumber())) {
                found.add(new Conflict(ConflictRule.OWN_PROPOSAL_IN_CALL,
                        "专家本人参与申报了本项目（" + p.proposalNumber().strip() + "）"));
            } else if (Names.sameCode(p.callId(), app.callId())) {
                found.add(new Conflict(ConflictRule.OWN_PROPOSAL_IN_CALL, "专家本人在同一申报指南（"
                        + p.callId().strip() + "）中申报了项目 " + p.proposalNumber().strip()));
            }
        }
    }

    /** "项目负责人" or "项目组成员" when the name is the PI's or a team member's, else null. */
    private static String roleOf(String name, Application app) {
        if (Names.same(name, app.principalInvestigator().name())) {
            return "项目负责人";
        }
        for (String member : app.teamMemberNames()) {
            if (Names.same(name, member)) {
                return "项目组成员";
            }
        }
        return null;
    }
}
