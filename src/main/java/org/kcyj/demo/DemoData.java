package org.kcyj.demo;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

import org.kcyj.identity.Role;
import org.kcyj.identity.UserDirectory;
import org.kcyj.programme.Programmes;
import org.kcyj.proposal.rules.CreditCode;
import org.kcyj.proposal.rules.ResidentIdNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seeds the demo programme and one user per role, all with the password "demo", so a newcomer can
 * walk the whole lifecycle at once. Only in the demo profile; runs once per database.
 */
@Component
@Profile("demo")
@Order(0)
class DemoData implements ApplicationRunner {
    static final String PASSWORD = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final UserDirectory users;
    private final Programmes programmes;
    private final JdbcClient jdbc;

    DemoData(UserDirectory users, Programmes programmes, JdbcClient jdbc) {
        this.users = users;
        this.programmes = programmes;
        this.jdbc = jdbc;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (users.exists("manager1")) {
            return;
        }
        long university = users.createUnit("宁波甬江示范大学", CreditCode.withCheckCharacter("12330200MB0000001"));
        long institute = users.createUnit("甬江新材料研究院", CreditCode.withCheckCharacter("12330200MB0000002"));
        long enterprise = users.createUnit("宁波示范新材料有限公司", CreditCode.withCheckCharacter("91330200MA0000003"));
        jdbc.sql("update app.unit set rd_spend = 1200 where id = ?").param(enterprise).update();

        user("admin", "系统管理员", null, false, Role.ADMIN);
        user("director", "分管领导（演示）", null, false, Role.DIRECTOR);
        user("manager1", "项目主管处室（演示）", null, false, Role.PROGRAM_MANAGER);
        user("applicant1", "张明（演示申报人）", university, false, Role.APPLICANT);
        user("applicant2", "李华（演示申报人）", university, false, Role.APPLICANT);
        user("unitadmin1", "示范大学科研管理员", university, false, Role.UNIT_ADMIN);
        user("enterprise1", "示范新材料公司（出题方）", enterprise, false, Role.DEMAND_OWNER);
        for (int i = 1; i <= 8; i++) {
            boolean international = i >= 7;
            user("reviewer" + i, (international ? "International Reviewer " : "评审专家") + i,
                    i % 2 == 0 ? institute : null, international, Role.REVIEWER);
        }

        programmes.create("XCL", "新材料");
        programmes.create("ZNZZ", "智能制造");

        holiday(LocalDate.of(2027, 1, 1), "元旦 New Year's Day");
        integrityRecord();
        log.info("Demo data seeded: users admin, director, manager1, applicant1, applicant2, unitadmin1, "
                + "enterprise1, reviewer1..reviewer8 with password '{}'", PASSWORD);
    }

    private void user(String username, String name, Long unit, boolean international, Role role) {
        Set<Role> roles = EnumSet.of(role);
        users.createUser(username, PASSWORD, name, username + "@demo.kcyj.example", unit, international, roles);
    }

    /** A person under a running ban, so that the integrity veto can be seen (README names the ID number). */
    private void integrityRecord() {
        jdbc.sql("""
                        insert into app.integrity_record (party_type, party_name, party_code, misconduct, severity, penalty,
                            deciding_body, legal_basis, effective_from, ban_until, recorded_by, recorded_at)
                        values ('PERSON', '王某（演示）', ?, '申报材料中伪造论文成果', 'SERIOUS', '取消申报资格，5年内不得申报市级科技计划项目',
                                '宁波市科学技术局', '《科研失信行为调查处理规则》第二十八条', ?, ?, 'system', ?)""")
                .params(BANNED_ID_NUMBER, java.sql.Date.valueOf(LocalDate.of(2025, 6, 1)),
                        java.sql.Date.valueOf(LocalDate.of(2030, 5, 31)), java.sql.Timestamp.from(java.time.Instant.now()))
                .update();
    }

    /** The ID number of the demo's banned person (born 1985-03-12). */
    static final String BANNED_ID_NUMBER = ResidentIdNumber.withCheckDigit("33020319850312003");

    private void holiday(LocalDate day, String name) {
        jdbc.sql("insert into app.calendar_day (calendar_date, workday, name) values (?, false, ?)").params(day, name).update();
    }
}
