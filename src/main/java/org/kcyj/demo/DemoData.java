package org.kcyj.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kcyj.identity.Affiliations;
import org.kcyj.identity.Registration;
import org.kcyj.identity.Role;
import org.kcyj.identity.StaffAdministration;
import org.kcyj.identity.UnitRegistry;
import org.kcyj.identity.UserAccount;
import org.kcyj.identity.UserDirectory;
import org.kcyj.integrity.IntegrityRecord;
import org.kcyj.integrity.IntegrityRecords;
import org.kcyj.mail.Mailer;
import org.kcyj.programme.Programmes;
import org.kcyj.shared.CreditCode;
import org.kcyj.shared.ResidentIdNumber;
import org.kcyj.review.ExpertPool;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.WorkingDayCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seeds the demo programme and one user per role, all with the password "demo", so a newcomer can
 * walk the whole lifecycle at once. Only in the demo profile; runs once per database.
 */
@Component
@Profile("demo")
@Order(2)
class DemoData implements ApplicationRunner {
    static final String PASSWORD = "demo";
    /** Who seeds what no person of the demo enters: the expert profiles and the integrity record. */
    private static final UserAccount SYSTEM = new UserAccount("system", "系统", null, null, false, EnumSet.of(Role.ADMIN));
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final UserDirectory users;
    private final Registration registration;
    private final UnitRegistry units;
    private final Affiliations affiliations;
    private final StaffAdministration staff;
    private final Programmes programmes;
    private final ExpertPool experts;
    private final IntegrityRecords integrity;
    private final WorkingDayCalendar calendar;
    private final Mailer mailer;
    private final Clock clock;

    DemoData(UserDirectory users, Registration registration, UnitRegistry units, Affiliations affiliations,
             StaffAdministration staff, Programmes programmes, ExpertPool experts, IntegrityRecords integrity,
             WorkingDayCalendar calendar, Mailer mailer, Clock clock) {
        this.integrity = integrity;
        this.calendar = calendar;
        this.mailer = mailer;
        this.users = users;
        this.registration = registration;
        this.units = units;
        this.affiliations = affiliations;
        this.staff = staff;
        this.programmes = programmes;
        this.experts = experts;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (users.exists("manager1")) {
            return;
        }
        // The first administrator comes from AdminBootstrap, as in production; everything else goes through the
        // services people use: the demo proves them.
        UserAccount admin = users.require("admin");
        programmes.register(admin, "XCL", "新材料");
        programmes.register(admin, "ZNZZ", "智能制造");
        staff.createStaffWithChosenPassword(admin, new StaffAdministration.StaffInput("director", "分管领导（演示）",
                "director@demo.kcyj.example", List.of("DIRECTOR"), List.of(), PASSWORD, "演示数据 demo data"));
        staff.createStaffWithChosenPassword(admin, new StaffAdministration.StaffInput("manager1", "项目主管处室（演示）",
                "manager1@demo.kcyj.example", List.of("PROGRAM_MANAGER"), List.of("XCL", "ZNZZ"), PASSWORD,
                "演示数据 demo data"));

        person("unitadmin1", "示范大学科研管理员", "33020319800101", "副研究员", "MASTER", "870");
        person("applicant1", "张明（演示申报人）", "33020319820315", "教授", "DOCTORATE", "430");
        person("applicant2", "李华（演示申报人）", "33020319880720", "副教授", "DOCTORATE", "430");
        person("enterprise1", "示范新材料公司（出题方）", "33020319790909", "高级工程师", "MASTER", "430");

        // 宁波甬江示范大学 registers itself, naming its research office's administrator; the bureau approves it.
        UnitRegistry.Unit university = units.register(users.require("unitadmin1"), unit("宁波甬江示范大学",
                UNIVERSITY_CODE, "UNIVERSITY", "宁波市鄞州区示范路 1 号", "鄞州区", "科研院 王老师"));
        units.approve(admin, university.id());
        // The institute and the enterprise applied on paper: the bureau enters them and confirms their people.
        UnitRegistry.Unit institute = units.registerByBureau(admin, unit("甬江新材料研究院", INSTITUTE_CODE, "INSTITUTE",
                "宁波市镇海区庄市大道 2 号", "镇海区", "综合办 陈老师"));
        UnitRegistry.Unit enterprise = units.registerByBureau(admin, unit("宁波示范新材料有限公司", ENTERPRISE_CODE,
                "ENTERPRISE", "宁波市北仑区示范工业园 3 号", "北仑区", "技术部 刘工"));
        units.recordRdSpend(admin, enterprise.id(), new java.math.BigDecimal("1200"));

        UserAccount unitAdmin = users.require("unitadmin1");
        for (String applicant : List.of("applicant1", "applicant2")) {
            Affiliations.Affiliation request = affiliations.request(users.require(applicant), university.id(), "APPLICANT");
            affiliations.confirm(unitAdmin, request.id());
        }
        affiliations.confirm(admin, affiliations.request(users.require("enterprise1"), enterprise.id(), "DEMAND_OWNER").id());

        // Reviewers come from the expert pool (expertProfiles below); their accounts are the pool's.
        for (int i = 1; i <= REVIEWERS; i++) {
            users.createUser("reviewer" + i, PASSWORD, reviewerName(i), "reviewer" + i + "@demo.kcyj.example",
                    i % 2 == 0 ? institute.id() : null, international(i), EnumSet.of(Role.REVIEWER));
        }

        holiday(LocalDate.of(2027, 1, 1), "元旦 New Year's Day");
        integrityRecord();
        expertProfiles();
        // The demo's own people need no welcome mail: what the seeding queued is dropped, not sent.
        int dropped = mailer.discardFor("demo.kcyj.example");
        log.info("Demo data seeded: users admin, director, manager1, applicant1, applicant2, unitadmin1, "
                + "enterprise1, reviewer1..reviewer{} (expert pool) with password '{}' ({} seeding mails dropped)",
                REVIEWERS, PASSWORD, dropped);
    }

    private void person(String username, String name, String idPrefix, String title, String degree, String discipline) {
        registration.registerConfirmed(new Registration.PersonInput(username, name, username + "@demo.kcyj.example",
                "0574-87000000", "RESIDENT_ID", ResidentIdNumber.withCheckDigit(idPrefix + "001"), title, degree,
                List.of(discipline), PASSWORD, true));
    }

    private static UnitRegistry.UnitInput unit(String name, String code, String type, String address, String district,
                                               String contact) {
        return new UnitRegistry.UnitInput(name, code, type, address, district, true, contact, "0574-87000001",
                "office@" + code.toLowerCase(java.util.Locale.ROOT) + ".demo.kcyj.example", List.of());
    }

    private static final String ENTERPRISE_CODE = CreditCode.withCheckCharacter("91330200MA0000003");
    private static final String UNIVERSITY_CODE = CreditCode.withCheckCharacter("12330200MB0000001");
    private static final String INSTITUTE_CODE = CreditCode.withCheckCharacter("12330200MB0000002");

    /** reviewer1..reviewer20: enough experts to draw five per proposal for a dozen proposals of discipline 430. */
    static final int REVIEWERS = 20;

    private static boolean international(int reviewer) {
        return List.of(7, 8, 15, 16).contains(reviewer);
    }

    private static String reviewerName(int reviewer) {
        return (international(reviewer) ? "International Reviewer " : "评审专家") + reviewer;
    }

    /**
     * Every demo reviewer's profile: mostly materials (430), a few 520 and 460; four international, three
     * finance experts (18-20), reviewer14 suspended. reviewer9 co-authored with 张明 this year and reviewer6
     * declares 李华 a relative: the PI and team member of the sample application, so the draw has conflicts
     * to show; reviewer11 collaborated with 宁波甬江示范大学, applicant1's unit, last year. The reviewers that
     * the walkthrough and the tests assign by hand (1-5, 7, 8) declare nothing.
     */
    private void expertProfiles() {
        UserAccount system = SYSTEM;
        int year = LocalDate.now(clock.withZone(BusinessTime.ZONE)).getYear();
        Map<Integer, List<String>> disciplines = Map.of(2, List.of("43015"), 4, List.of("430", "460"),
                6, List.of("43015"), 10, List.of("520"), 11, List.of("430", "520"), 12, List.of("460"),
                17, List.of("520"));
        Map<Integer, String> otherUnits = Map.of(1, "宁波大学材料科学与化学工程学院", 3, "浙江大学宁波科创中心",
                5, "中国科学院宁波材料技术与工程研究所", 7, "Fraunhofer IFAM, Germany", 9, "宁波工程学院",
                11, "浙江万里学院", 13, "宁波诺丁汉大学", 15, "University of Tokyo", 17, "宁波财经学院",
                19, "宁波市会计师事务所（演示）");
        Map<Integer, List<String>> languages = Map.of(7, List.of("英语", "德语"), 8, List.of("英语"),
                15, List.of("英语", "日语"), 16, List.of("英语", "法语"));
        Map<Integer, List<Map<String, Object>>> relatives = Map.of(6, List.of(Map.of("name", "李华", "relation", "配偶")));
        Map<Integer, List<Map<String, Object>>> collaborations = Map.of(
                9, List.of(Map.of("counterpart", "张明", "kind", "CO_AUTHOR", "year", year)),
                11, List.of(Map.of("counterpart", UNIVERSITY_CODE, "kind", "COLLABORATOR", "year", year - 1)),
                13, List.of(Map.of("counterpart", "周启明", "kind", "ADVISOR", "year", 2012)));
        for (int i = 1; i <= REVIEWERS; i++) {
            Map<String, Object> profile = new HashMap<>();
            profile.put("name", reviewerName(i));
            profile.put("email", "reviewer" + i + "@demo.kcyj.example");
            if (i % 2 == 0) {
                profile.put("unitName", "甬江新材料研究院");
                profile.put("unitCreditCode", INSTITUTE_CODE);
            } else {
                profile.put("unitName", otherUnits.get(i));
            }
            profile.put("title", i >= 18 ? "高级会计师" : i % 3 == 0 ? "教授" : "研究员");
            profile.put("disciplineCodes", disciplines.getOrDefault(i, List.of("430")));
            profile.put("international", international(i));
            profile.put("languages", languages.getOrDefault(i, List.of()));
            profile.put("finance", i >= 18);
            profile.put("available", i != 14);
            profile.put("relatives", relatives.getOrDefault(i, List.of()));
            profile.put("collaborations", collaborations.getOrDefault(i, List.of()));
            experts.save(system, "reviewer" + i, profile);
        }
    }

    /** A person under a running ban, so that the integrity veto can be seen (README names the ID number). */
    private void integrityRecord() {
        integrity.enter(SYSTEM, new IntegrityRecord(0, "PERSON", "王某（演示）", BANNED_ID_NUMBER, "申报材料中伪造论文成果",
                "SERIOUS", "取消申报资格，5年内不得申报市级科技计划项目", "宁波市科学技术局", "《科研失信行为调查处理规则》第二十八条",
                LocalDate.of(2025, 6, 1), LocalDate.of(2030, 5, 31)));
    }

    /** The ID number of the demo's banned person (born 1985-03-12). */
    static final String BANNED_ID_NUMBER = ResidentIdNumber.withCheckDigit("33020319850312003");

    private void holiday(LocalDate day, String name) {
        calendar.addHoliday(day, name);
    }
}
