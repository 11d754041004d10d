package org.kcyj.programme;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rules that differ per programme (docs/programme-rules.md marks them "param"), read from the parameter table with
 * the product's defaults; every change is kept with who, when and why.
 */
@Service
public class ProgrammeParameters {
    public static final String PUBLICITY_WORKING_DAYS = "publicity.working-days";
    public static final String REVIEW_MIN_REVIEWERS = "review.min-reviewers";
    public static final String REVIEW_OPINION_MIN_LENGTH = "review.opinion-min-length";
    public static final String CORRECTION_WORKING_DAYS = "correction.working-days";
    public static final String GUIDE_LEAD_DAYS = "guide.lead-days";
    public static final String DEMAND_LOCAL_REQUIRED = "demand.local-required";
    public static final String DEMAND_MIN_RD_SPEND = "demand.min-rd-spend";
    public static final String DEMAND_MAX_ACTIVE_CHALLENGES = "demand.max-active-challenges";
    public static final String FORMAL_CHECK_DAYS = "formal-check.days";
    public static final String PI_MAX_ACTIVE_PROJECTS = "pi.max-active-projects";
    public static final String YOUTH_AGE_LIMIT = "youth.age-limit";
    public static final String YOUTH_AGE_LIMIT_WOMEN = "youth.age-limit-women";
    public static final String LEAD_UNIT_LOCAL_REQUIRED = "lead-unit.local-required";
    public static final String SIMILARITY_THRESHOLD = "similarity.threshold";
    public static final String SIMILARITY_MIN_PASSAGE = "similarity.min-passage";
    public static final String ATTACHMENT_MAX_MEGABYTES = "attachment.max-megabytes";
    public static final String ATTACHMENT_MAX_COUNT = "attachment.max-count";
    public static final String ATTACHMENT_MAX_PAGES = "attachment.max-pages";
    public static final String INDIRECT_CAP_SMALL = "budget.indirect-cap.small";
    public static final String INDIRECT_CAP_MEDIUM = "budget.indirect-cap.medium";
    public static final String INDIRECT_CAP_LARGE = "budget.indirect-cap.large";
    public static final String INDIRECT_TIER_MEDIUM_FROM = "budget.indirect-tier.medium-from";
    public static final String INDIRECT_TIER_LARGE_FROM = "budget.indirect-tier.large-from";
    public static final String MIN_MATCHING_RATIO = "budget.min-matching-ratio";
    public static final String MAX_EXCLUDED_EXPERTS = "exclusion.max-experts";
    public static final String REVIEW_MAX_PER_EXPERT = "review.max-per-expert";
    public static final String REVIEW_MIN_INTERNATIONAL = "review.min-international";
    public static final String REVIEW_COLLABORATION_YEARS = "review.collaboration-years";
    public static final String REVIEW_INVITATION_DAYS = "review.invitation-days";
    public static final String REVIEW_DAYS = "review.days";
    public static final String REVIEW_REMINDER_DAYS = "review.reminder-days";
    public static final String REVIEW_OVERDUE_GRACE_DAYS = "review.overdue-grace-days";
    public static final String REVIEW_CRITERIA = "review.criteria";
    public static final String REVIEW_TRIM_FROM = "review.trim-from";
    public static final String REVIEW_SPREAD_FLAG = "review.spread-flag";
    public static final String PANEL_REQUIRED = "panel.required";
    public static final String PANEL_SIZE = "panel.size";
    public static final String PANEL_ENDORSEMENTS = "panel.endorsements";
    public static final String CALL_MAX_LEAD_DAYS = "call.max-lead-days";
    public static final String CALL_MAX_WINDOW_DAYS = "call.max-window-days";
    public static final String EXTENSION_MAX_DAYS = "extension.max-days";
    public static final String PROJECT_MAX_MONTHS = "project.max-months";
    public static final String TASK_BOOK_START_DAYS = "task-book.start-window-days";

    private static final Map<String, Parameter> DEFINITIONS = new LinkedHashMap<>();

    static {
        integer(PUBLICITY_WORKING_DAYS, "5", 1, 30, "立项公示期（工作日）", "Publicity window (working days)");
        integer(REVIEW_MIN_REVIEWERS, "3", 3, 15, "每个项目的函评专家数（重大项目宜为 5）", "Written reviews per proposal (5 for major projects)");
        integer(REVIEW_MAX_PER_EXPERT, "10", 1, 100, "每位专家每批次最多评审项目数", "Most proposals one expert reviews per call");
        integer(REVIEW_MIN_INTERNATIONAL, "0", 0, 15, "每个项目至少的国际专家数", "International experts each proposal needs");
        integer(REVIEW_COLLABORATION_YEARS, "3", 0, 20, "合作、合著回避年限（年）", "Years within which co-authors and collaborators are recused");
        integer(REVIEW_INVITATION_DAYS, "3", 1, 30, "评审邀请有效期（天）", "Days an invitation stays open");
        integer(REVIEW_DAYS, "14", 1, 90, "接受邀请后完成评审的期限（天）", "Days to review after accepting");
        integer(REVIEW_REMINDER_DAYS, "3", 0, 30, "评审截止前提醒（天）", "Days before the review deadline to remind");
        integer(REVIEW_OVERDUE_GRACE_DAYS, "3", 0, 30, "逾期后更换专家前的宽限（天）", "Days after the deadline before an overdue reviewer is replaced");
        criteria(REVIEW_CRITERIA, "创新性:30,可行性与研究基础:25,预期效益与产业化:25,团队:10,经费合理性:10",
                "评审指标及权重（名称:分值，合计 100）", "Review criteria with weights (name:points, total 100)");
        integer(REVIEW_TRIM_FROM, "5", 3, 100, "评分数达到此数时去掉最高分和最低分", "Drop the highest and lowest score from this many scores");
        decimal(REVIEW_SPREAD_FLAG, "20", 0, 100, "评分极差超过此值提交会评讨论", "Score spread that flags a proposal for panel discussion");
        bool(PANEL_REQUIRED, "true", "函评后进行会评（答辩）", "A panel (会评) follows the written reviews");
        integer(PANEL_SIZE, "7", 5, 9, "会评专家人数（单数，含财务专家）", "Panel size (odd, including a finance expert)");
        integer(PANEL_ENDORSEMENTS, "2", 1, 9, "非共识项目进入会评所需专家签名数", "Panel signatures that bring a non-consensus proposal back");
        integer(REVIEW_OPINION_MIN_LENGTH, "200", 0, 5000, "评审意见最少字数", "Minimum length of a review opinion");
        integer(CORRECTION_WORKING_DAYS, "5", 1, 30, "退回修改期限（工作日）", "Correction period (working days)");
        integer(GUIDE_LEAD_DAYS, "30", 0, 180, "指南发布至申报开始的最少天数", "Days between guide publication and window opening");
        bool(DEMAND_LOCAL_REQUIRED, "true", "出题方须在本市注册", "Demand owners must be registered in the city");
        decimal(DEMAND_MIN_RD_SPEND, "300", 0, 1_000_000, "出题方年度研发投入下限（万元）", "Demand owner's minimum annual R&D spend (10k yuan)");
        integer(DEMAND_MAX_ACTIVE_CHALLENGES, "2", 0, 50, "出题方在研榜单项目上限", "Demand owner's maximum active challenges");
        integer(FORMAL_CHECK_DAYS, "45", 1, 365, "申报截止后完成形式审查的天数", "Days after the deadline to finish the formal check");
        integer(PI_MAX_ACTIVE_PROJECTS, "1", 0, 20, "负责人在研项目上限（限项）", "Active projects a PI may lead (限项)");
        integer(YOUTH_AGE_LIMIT, "35", 18, 70, "青年项目负责人年龄上限（截止日未满）", "Youth track: PI under this age on the deadline");
        integer(YOUTH_AGE_LIMIT_WOMEN, "35", 18, 70, "青年项目女性负责人年龄上限", "Youth track: age limit for women");
        bool(LEAD_UNIT_LOCAL_REQUIRED, "false", "牵头单位须在本市注册", "The lead unit must be registered in the city");
        decimal(SIMILARITY_THRESHOLD, "0.3", 0, 1, "文本重复率预警阈值", "Text overlap that raises a duplicate flag");
        integer(SIMILARITY_MIN_PASSAGE, "20", 5, 500, "重复段落最短字数", "Shortest passage reported as duplicated");
        integer(ATTACHMENT_MAX_MEGABYTES, "10", 1, 20, "单个附件大小上限（MB）", "Largest attachment (MB)");
        integer(ATTACHMENT_MAX_COUNT, "10", 0, 50, "附件数量上限", "Most attachments per proposal");
        integer(ATTACHMENT_MAX_PAGES, "500", 1, 5000, "单个附件页数上限", "Most pages per attachment");
        decimal(INDIRECT_CAP_SMALL, "30", 0, 100, "间接费用比例上限（小额，%）", "Indirect-cost cap, small projects (%)");
        decimal(INDIRECT_CAP_MEDIUM, "25", 0, 100, "间接费用比例上限（中额，%）", "Indirect-cost cap, medium projects (%)");
        decimal(INDIRECT_CAP_LARGE, "20", 0, 100, "间接费用比例上限（大额，%）", "Indirect-cost cap, large projects (%)");
        decimal(INDIRECT_TIER_MEDIUM_FROM, "500", 0, 1_000_000, "中额档起点（直接费用，万元）", "Medium tier starts at direct costs of (10k yuan)");
        decimal(INDIRECT_TIER_LARGE_FROM, "1000", 0, 1_000_000, "大额档起点（直接费用，万元）", "Large tier starts at direct costs of (10k yuan)");
        decimal(MIN_MATCHING_RATIO, "0", 0, 10, "自筹与配套经费不低于财政经费的倍数", "Self and co-funding at least this multiple of the grant");
        integer(MAX_EXCLUDED_EXPERTS, "3", 0, 10, "申请回避专家人数上限", "Experts an applicant may ask to exclude");
        integer(CALL_MAX_LEAD_DAYS, "730", 30, 1825, "申报开放（或截止）时间距今最多天数", "Furthest a call may open (or close) from today (days)");
        integer(CALL_MAX_WINDOW_DAYS, "180", 1, 730, "申报窗口最长天数（开放至截止）", "Longest application window, opening to deadline (days)");
        integer(EXTENSION_MAX_DAYS, "30", 1, 180, "单个申请人延期最多天数（自当前期限起）", "Longest extension of one applicant's deadline (days after the current one)");
        integer(PROJECT_MAX_MONTHS, "60", 6, 120, "项目实施周期上限（月）", "Longest project duration (months)");
        integer(TASK_BOOK_START_DAYS, "180", 0, 730, "任务书开始日期距立项批准最多天数（前后）", "Task book starts at most this many days before or after the funding approval");
    }

    private static void integer(String name, String value, long min, long max, String zh, String en) {
        define(name, Parameter.Kind.INTEGER, value, min, max, zh, en);
    }

    private static void decimal(String name, String value, long min, long max, String zh, String en) {
        define(name, Parameter.Kind.DECIMAL, value, min, max, zh, en);
    }

    private static void criteria(String name, String value, String zh, String en) {
        define(name, Parameter.Kind.CRITERIA, value, 0, 0, zh, en);
    }

    private static void bool(String name, String value, String zh, String en) {
        define(name, Parameter.Kind.BOOLEAN, value, 0, 1, zh, en);
    }

    private static void define(String name, Parameter.Kind kind, String value, long min, long max, String zh, String en) {
        DEFINITIONS.put(name, new Parameter(name, kind, value, BigDecimal.valueOf(min), BigDecimal.valueOf(max), zh, en));
    }

    /** One parameter as a programme has it now. */
    public record Setting(Parameter parameter, String value, boolean isDefault, String updatedBy, Instant updatedAt) {
    }

    /** One recorded change. */
    public record Change(String name, String oldValue, String newValue, String reason, String changedBy,
                         Instant changedAt) {
    }

    private final JdbcClient jdbc;

    ProgrammeParameters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static Collection<Parameter> definitions() {
        return DEFINITIONS.values();
    }

    public static Optional<Parameter> definition(String name) {
        return Optional.ofNullable(DEFINITIONS.get(name));
    }

    public int integer(long programmeId, String name) {
        return Integer.parseInt(value(programmeId, name));
    }

    public BigDecimal decimal(long programmeId, String name) {
        return new BigDecimal(value(programmeId, name));
    }

    public boolean flag(long programmeId, String name) {
        return Boolean.parseBoolean(value(programmeId, name));
    }

    public String value(long programmeId, String name) {
        Parameter parameter = definition(name).orElseThrow(() -> new IllegalArgumentException("Unknown parameter " + name));
        return stored(programmeId, name).map(Setting::value).orElse(parameter.defaultValue());
    }

    /** Every parameter of a programme, with its current value and who set it. */
    public List<Setting> settings(long programmeId) {
        return DEFINITIONS.values().stream()
                .map(p -> stored(programmeId, p.name())
                        .orElseGet(() -> new Setting(p, p.defaultValue(), true, null, null)))
                .toList();
    }

    public List<Change> history(long programmeId) {
        return jdbc.sql("""
                        select name, old_value, new_value, reason, changed_by, changed_at
                        from app.programme_parameter_change where programme_id = ? order by changed_at desc, id desc""")
                .param(programmeId)
                .query((rs, i) -> new Change(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant()))
                .list();
    }

    /**
     * Sets a value (already normalised by the caller through {@link Parameter#normalise}) and records
     * the change; the caller checks roles and audits.
     *
     * @return the previous value
     */
    @Transactional
    public String set(long programmeId, String name, String value, String reason, String by, Instant at) {
        String old = value(programmeId, name);
        java.sql.Timestamp when = java.sql.Timestamp.from(at);
        int updated = jdbc.sql("""
                        update app.programme_parameter set param_value = ?, updated_by = ?, updated_at = ?
                        where programme_id = ? and name = ?""")
                .params(value, by, when, programmeId, name).update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into app.programme_parameter (programme_id, name, param_value, updated_by, updated_at)
                            values (?, ?, ?, ?, ?)""")
                    .params(programmeId, name, value, by, when).update();
        }
        jdbc.sql("""
                        insert into app.programme_parameter_change
                            (programme_id, name, old_value, new_value, reason, changed_by, changed_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(programmeId, name, old, value, reason, by, when).update();
        return old;
    }

    private Optional<Setting> stored(long programmeId, String name) {
        return jdbc.sql("""
                        select param_value, updated_by, updated_at from app.programme_parameter
                        where programme_id = ? and name = ?""")
                .params(programmeId, name)
                .query((rs, i) -> new Setting(DEFINITIONS.get(name), rs.getString(1), false, rs.getString(2),
                        rs.getTimestamp(3).toInstant()))
                .optional();
    }
}
