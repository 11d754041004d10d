package org.kcyj.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * One module owns each table (docs/architecture.md, "Modules"): only the owner's code runs SQL on it, every
 * other module asks the owner's facade. Read from the sources (SQL lives in strings), no Spring context.
 */
class TableOwnershipTest {

    /** Who owns which table of schema {@code app}; a new table gets its owner here. */
    static final Map<String, Set<String>> OWNERS = Map.ofEntries(
            Map.entry("audit", Set.of("audit_event", "audit_head", "audit_seal")),
            Map.entry("award", Set.of("publicity")),
            Map.entry("call", Set.of("programme_call", "call_topic", "call_guide", "call_guide_decision", "demand",
                    "demand_indicator")),
            Map.entry("document", Set.of("document")),
            Map.entry("identity", Set.of("app_user", "user_role", "unit", "affiliation", "staff_programme",
                    "account_token", "privacy_consent", "erasure_request", "sso_link", "request_count")),
            Map.entry("integrity", Set.of("integrity_record")),
            Map.entry("mail", Set.of("mail_outbox")),
            Map.entry("programme", Set.of("programme", "programme_parameter", "programme_parameter_change")),
            Map.entry("project", Set.of("task_book", "milestone", "acceptance")),
            Map.entry("proposal", Set.of("proposal", "proposal_version", "proposal_attachment", "deadline_extension",
                    "formal_check_finding", "stage_decision")),
            Map.entry("review", Set.of("review", "review_draft", "review_draw", "review_invitation", "review_result",
                    "review_rating", "review_panel", "panel_member", "panel_proposal", "panel_vote", "panel_result",
                    "conflict_waiver", "expert", "expert_relative", "expert_collaboration")),
            Map.entry("security", Set.of("login_failure", "login_success")),
            Map.entry("shared", Set.of("calendar_day", "number_sequence")));

    static final Path SOURCES = Path.of("src", "main", "java", "org", "kcyj");
    /** Flyway's migrations: SQL files, and Java ones where a migration differs per database. */
    static final List<Path> MIGRATIONS = List.of(Path.of("src", "main", "resources", "db", "migration"),
            Path.of("src", "main", "java", "db", "migration"));

    /** A table named where SQL names one: after from, join, into, update, table or exists. */
    static final Pattern SQL_TABLE = Pattern.compile("(?i)\\b(?:from|join|into|update|table|exists)\\s+app\\.(\\w+)");

    @Test
    void eachModuleRunsSqlOnItsOwnTablesOnly() throws IOException {
        Map<String, Set<String>> foreign = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String module = relative.getName(0).toString();
                Set<String> own = OWNERS.getOrDefault(module, Set.of());
                Matcher m = SQL_TABLE.matcher(Files.readString(file));
                while (m.find()) {
                    String table = m.group(1).toLowerCase();
                    if (!own.contains(table)) {
                        foreign.computeIfAbsent(relative.toString(), k -> new TreeSet<>()).add(table);
                    }
                }
            }
        }
        assertThat(foreign).as("SQL on tables another module owns (ask the owner's facade instead)").isEmpty();
    }

    @Test
    void everyTableHasExactlyOneOwner() throws IOException {
        Set<String> tables = new TreeSet<>();
        Pattern create = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(?:app\\.)?(\\w+)");
        Pattern drop = Pattern.compile("(?i)drop\\s+table\\s+(?:if\\s+exists\\s+)?(?:app\\.)?(\\w+)");
        List<Path> migrations = new java.util.ArrayList<>();
        for (Path folder : MIGRATIONS) {
            try (Stream<Path> files = Files.list(folder)) {
                migrations.addAll(files.toList());
            }
        }
        // In Flyway's order: V1, V2, ... V10 (a table dropped later is no longer anyone's).
        migrations.sort(java.util.Comparator.comparingInt(TableOwnershipTest::version));
        for (Path file : migrations) {
            String sql = Files.readString(file);
            create.matcher(sql).results().forEach(r -> tables.add(r.group(1).toLowerCase()));
            drop.matcher(sql).results().forEach(r -> tables.remove(r.group(1).toLowerCase()));
        }
        Map<String, Long> owners = OWNERS.values().stream().flatMap(Set::stream)
                .collect(Collectors.groupingBy(t -> t, TreeMap::new, Collectors.counting()));
        assertThat(owners.keySet()).as("tables with an owner = tables the migrations create").isEqualTo(tables);
        assertThat(owners).as("no table has two owners").allSatisfy((table, count) -> assertThat(count).isOne());
    }

    private static int version(Path migration) {
        Matcher m = Pattern.compile("^V(\\d+)__").matcher(migration.getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }
}
