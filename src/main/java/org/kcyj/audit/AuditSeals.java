package org.kcyj.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.kcyj.document.DocumentContent;
import org.kcyj.document.DocumentRequest;
import org.kcyj.document.DocumentService;
import org.kcyj.document.DocumentTypes;
import org.kcyj.document.IssuedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Publishes the audit chain's head once a day as a registered, public document (审计链日签, numbered
 * {@code AUDIT-{yyyyMMdd}-SJRQ-1}): the date, the number of events and the hash of the last one. Anyone may
 * verify a seal by its number; {@link AuditLog#verify} checks the recomputed chain against every seal, so an
 * event rewritten before a seal is found even if every later hash was recomputed to match.
 *
 * <p>The job runs every hour (property {@code kcyj.audit.seal-cron}) and seals the day (Beijing time) once:
 * the first run of the day issues the seal, later runs and other nodes find it. The chain's head is locked
 * while sealing, so the seal names a head that every node agrees on and two nodes never seal one day twice;
 * the document's idempotency key {@code SJRQ:{date}} backs this up.
 */
@Service
public class AuditSeals {
    private static final Logger log = LoggerFactory.getLogger(AuditSeals.class);
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;

    private final JdbcClient jdbc;
    private final DocumentService documents;
    private final Clock clock;
    private final String issuer;

    AuditSeals(JdbcClient jdbc, DocumentService documents, Clock clock, @Value("${kcyj.issuer}") String issuer) {
        this.jdbc = jdbc;
        this.documents = documents;
        this.clock = clock;
        this.issuer = issuer;
    }

    /** One day's published head: how many events the chain held and the hash of the last. */
    public record Seal(LocalDate date, long events, long lastId, String headHash, String documentNumber,
                       Instant sealedAt) {
    }

    @Scheduled(cron = "${kcyj.audit.seal-cron:0 5 * * * *}", zone = "Asia/Shanghai")
    void scheduled() {
        try {
            sealToday();
        } catch (RuntimeException e) {
            log.warn("Sealing the audit chain failed; the next run tries again", e);
        }
    }

    /** Seals today (Beijing time), once. */
    public Seal sealToday() {
        return seal(LocalDate.now(clock.withZone(ZONE)));
    }

    /** Seals {@code date} with the chain's head as it stands now, unless that day is sealed already. */
    @Transactional
    public Seal seal(LocalDate date) {
        // the head's lock orders this against writers and against other nodes sealing the same day
        Head head = jdbc.sql("select last_id, last_hash from app.audit_head where id = 1 for update")
                .query((rs, i) -> new Head(rs.getLong(1), rs.getString(2))).single();
        Optional<Seal> existing = find(date);
        if (existing.isPresent()) {
            return existing.get();
        }
        long events = jdbc.sql("select count(*) from app.audit_event where id <= ?").param(head.lastId())
                .query(Long.class).single();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String subject = "AUDIT-" + COMPACT.format(date);
        DocumentContent content = DocumentContent.builder("审计链日签")
                .subtitle("Daily audit chain seal · " + date)
                .paragraph("本签记录本系统审计日志哈希链在下列时刻的链头。任何人可凭文档编号在核验页面核验本签；"
                        + "此后若有任何早于该时刻的审计记录被改写或删除，重新计算的哈希链将与本签不符。")
                .paragraph("This seal records the head of the system's hash-chained audit log at the time below. Anyone "
                        + "can verify it by its number; should any audit record before that time be rewritten or deleted, "
                        + "the recomputed chain will no longer match it.")
                .keyValue("日期 Date", date.toString())
                .keyValue("事件数 Events", Long.toString(events))
                .keyValue("最后事件 Last event", head.lastId() == 0 ? "—" : "#" + head.lastId())
                .keyValue("链头哈希 Head hash (SHA-256)", head.hash())
                .keyValue("封签时间 Sealed at", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZONE)
                        .format(now) + "（北京时间 Beijing time）")
                .build();
        IssuedDocument document = documents.issue(new DocumentRequest(subject, DocumentTypes.SJRQ, issuer, "system",
                content, "SJRQ:" + date));
        jdbc.sql("""
                        insert into app.audit_seal (seal_date, event_count, last_id, head_hash, document_number, sealed_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(date, events, head.lastId(), head.hash(), document.number(), Timestamp.from(now))
                .update();
        log.info("Sealed the audit chain for {}: {} events, head {} ({})", date, events, head.hash(), document.number());
        return new Seal(date, events, head.lastId(), head.hash(), document.number(), now);
    }

    private record Head(long lastId, String hash) {
    }

    public Optional<Seal> find(LocalDate date) {
        return jdbc.sql("select " + COLUMNS + " from app.audit_seal where seal_date = ?").param(date)
                .query((rs, i) -> seal(rs)).optional();
    }

    /** Every seal, in the order of the chain. */
    public List<Seal> all() {
        return jdbc.sql("select " + COLUMNS + " from app.audit_seal order by last_id, seal_date")
                .query((rs, i) -> seal(rs)).list();
    }

    private static final String COLUMNS = "seal_date, event_count, last_id, head_hash, document_number, sealed_at";

    private static Seal seal(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Seal(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getTimestamp(6).toInstant());
    }
}
