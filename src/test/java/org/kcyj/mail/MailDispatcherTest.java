package org.kcyj.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kcyj.support.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox and its dispatcher against a real SMTP server (GreenMail), on the test database (H2, and
 * PostgreSQL in the "db" run), with the mail sender Spring Boot makes from spring.mail.host and port. The
 * server listens on a fixed free port so that it can go down and come back where the sender expects it.
 */
@SpringBootTest(classes = MailDispatcherTest.Context.class,
        properties = {"kcyj.mail.max-attempts=3", "kcyj.mail.retry-delay=PT1M", "kcyj.mail.from=noreply@kcyj.example"})
@ActiveProfiles("demo") // as in every test: outside it the configuration check wants a real admin password
@Tag("integration") // starts a Spring context: the integration lane (mvn verify)
@Tag("db")
class MailDispatcherTest {
    private static final ServerSetup SMTP = ServerSetupTest.SMTP.port(freePort());

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(SMTP);

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", SMTP::getPort);
    }

    /** The outbox with what it needs: a database with the migrations, a mail sender, a clock. No scheduling. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
            DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
            MailSenderAutoConfiguration.class})
    @Import({Mailer.class, MailDispatcher.class})
    static class Context {
        @Bean
        MutableClock clock() {
            return new MutableClock();
        }
    }

    @Autowired
    Mailer mailer;
    @Autowired
    MailDispatcher dispatcher;
    @Autowired
    JavaMailSender sender;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void emptyOutbox() {
        jdbc.sql("delete from app.mail_outbox").update();
        clock.reset();
    }

    @Test
    void chineseSubjectAndBodyArriveIntactOverSmtp() throws Exception {
        String body = "张明老师：\n\n您好！诚邀您评审项目《高性能稀土永磁材料》（KCYJ-2025-0001）。\n请于 5 个工作日内登录系统回复。\n\n宁波市科学技术局";
        assertThat(mailer.queue("invitation-1", "zhang.ming@example.cn", "【科创甬江2035】评审邀请：高性能稀土永磁材料", body))
                .isTrue();

        assertThat(dispatcher.flush()).isEqualTo(1);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("【科创甬江2035】评审邀请：高性能稀土永磁材料");
        assertThat(((String) mail.getContent()).replace("\r\n", "\n")).isEqualTo(body);
        assertThat(mail.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("UTF-8");
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("noreply@kcyj.example");
        assertThat(((InternetAddress) mail.getAllRecipients()[0]).getAddress()).isEqualTo("zhang.ming@example.cn");

        OutboxMail row = only("invitation-1");
        assertThat(mail.getMessageID()).as("chosen when queued, sent on every attempt")
                .isEqualTo(jdbc.sql("select message_id from app.mail_outbox where id = ?").param(row.id())
                        .query(String.class).single())
                .matches("<[0-9a-f]{32}\\.invitation-1@kcyj\\.example>");
        assertThat(row.sentAt()).isNotNull();
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.lastError()).isNull();
        assertThat(dispatcher.flush()).as("a sent mail is not sent again").isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void theSameKeyQueuedTwiceIsMailedOnce() {
        assertThat(mailer.queue("invitation-2", "li.hua@example.cn", "评审邀请", "第一次")).isTrue();
        assertThat(mailer.queue("invitation-2", "li.hua@example.cn", "评审邀请", "第二次")).isFalse();
        // also within one transaction, which sees its own first row
        Boolean[] inOneTransaction = transactions.execute(status -> new Boolean[] {
                mailer.queue("invitation-3", "li.hua@example.cn", "评审邀请", "一"),
                mailer.queue("invitation-3", "li.hua@example.cn", "评审邀请", "二")});
        assertThat(inOneTransaction).containsExactly(true, false);

        assertThat(dispatcher.flush()).isEqualTo(2);
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(mailer.recent(10)).extracting(OutboxMail::key).containsExactly("invitation-3", "invitation-2");
    }

    @Test
    void aMailQueuedInARolledBackTransactionIsNeverSent() {
        transactions.executeWithoutResult(status -> {
            assertThat(mailer.queue("decision-7", "wang.fang@example.cn", "立项通知", "恭喜")).isTrue();
            status.setRollbackOnly();
        });

        assertThat(dispatcher.flush()).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(mailer.recent(10)).isEmpty();
    }

    @Test
    void noAddressNoMail() {
        assertThat(mailer.queue("invitation-4", null, "评审邀请", "正文")).isFalse();
        assertThat(mailer.queue("invitation-5", "  ", "评审邀请", "正文")).isFalse();

        assertThat(mailer.recent(10)).isEmpty();
    }

    @Test
    void aServerThatIsDownIsRetriedLaterAndTheMailGoesOutOnce() {
        smtp.stop();
        mailer.queue("invitation-6", "zhao.lei@example.cn", "评审邀请", "请回复");

        assertThat(dispatcher.flush()).isZero();
        OutboxMail failed = only("invitation-6");
        assertThat(failed.sentAt()).isNull();
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isNotBlank().hasSizeLessThanOrEqualTo(MailDispatcher.MAX_ERROR);

        smtp.start();
        assertThat(dispatcher.flush()).as("not due before the retry delay").isZero();
        assertThat(only("invitation-6").attempts()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(dispatcher.flush()).isEqualTo(1);
        assertThat(dispatcher.flush()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        OutboxMail sent = only("invitation-6");
        assertThat(sent.sentAt()).isNotNull();
        assertThat(sent.attempts()).isEqualTo(2);
        assertThat(sent.lastError()).isNull();
    }

    @Test
    void aClaimedMailIsLeasedForTheConfiguredTime() {
        mailer.queue("invitation-11", "zhou.min@example.cn", "评审邀请", "请回复");
        java.time.Instant[] leasedUntil = new java.time.Instant[1];
        org.springframework.mail.javamail.JavaMailSenderImpl watching = new org.springframework.mail.javamail.JavaMailSenderImpl() {
            @Override
            public void send(MimeMessage message) {
                // what another node sees while this one talks to the server
                leasedUntil[0] = jdbc.sql("select next_attempt_at from app.mail_outbox where idempotency_key = 'invitation-11'")
                        .query(java.time.OffsetDateTime.class).single().toInstant();
                super.send(message);
            }
        };
        watching.setHost("127.0.0.1");
        watching.setPort(SMTP.getPort());
        MailDispatcher leasing = new MailDispatcher(jdbc,
                new StaticListableBeanFactory(Map.of("sender", watching)).getBeanProvider(JavaMailSender.class), clock,
                "noreply@kcyj.example", 3, Duration.ofMinutes(1), Duration.ofSeconds(30));

        assertThat(leasing.flush()).isEqualTo(1);
        assertThat(leasedUntil[0]).isCloseTo(clock.instant().plus(Duration.ofSeconds(30)),
                org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void aMailClaimedByANodeThatDiedIsSentWhenItsLeaseEnds() {
        mailer.queue("invitation-12", "zhou.min@example.cn", "评审邀请", "请回复");
        // what a node does when it claims the mail, before it crashes without talking to the server
        assertThat(jdbc.sql("update app.mail_outbox set attempts = attempts + 1, next_attempt_at = ?"
                        + " where idempotency_key = 'invitation-12'")
                .param(java.sql.Timestamp.from(clock.instant().plus(Duration.ofMinutes(10)))).update()).isEqualTo(1);

        assertThat(dispatcher.flush()).as("still leased to the node that claimed it").isZero();
        clock.advance(Duration.ofMinutes(10));
        assertThat(dispatcher.flush()).isEqualTo(1);
        assertThat(dispatcher.flush()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(only("invitation-12").attempts()).isEqualTo(2);
    }

    @Test
    void messageIdsAreValidAndNeverRepeat() {
        // RFC 5322 msg-id: "<" dot-atom-text "@" dot-atom-text ">", atoms of atext without consecutive dots
        String atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
        String msgId = "<" + atom + "(\\." + atom + ")*@" + atom + "(\\." + atom + ")*>";
        for (String key : List.of("panel-3-张明 <x@y>", "a..b.", ".", "x".repeat(200), "review-invitation-42")) {
            assertThat(mailer.messageId(key)).as(key).matches(msgId).hasSizeLessThanOrEqualTo(300);
        }
        assertThat(mailer.messageId("panel-3-张明 <x@y>")).endsWith(".panel-3-____x_y_@kcyj.example>");
        assertThat(mailer.messageId("same")).as("random part").isNotEqualTo(mailer.messageId("same"));
        assertThat(Mailer.domainOf("科创 <noreply@kcyj.example>")).isEqualTo("kcyj.example");
        assertThat(Mailer.domainOf("noreply@科技局.中国")).isEqualTo("kcyj.local");
        assertThat(Mailer.domainOf("noreply@bad..domain")).isEqualTo("kcyj.local");
        assertThat(Mailer.domainOf("no-address")).isEqualTo("kcyj.local");
    }

    @Test
    void afterTheLastAttemptTheMailIsGivenUp() {
        smtp.stop();
        mailer.queue("invitation-8", "sun.li@example.cn", "评审邀请", "请回复");

        dispatcher.flush();
        clock.advance(Duration.ofMinutes(1));
        dispatcher.flush();
        clock.advance(Duration.ofMinutes(2));
        dispatcher.flush();
        assertThat(only("invitation-8").attempts()).isEqualTo(3);

        smtp.start();
        clock.advance(Duration.ofDays(1));
        assertThat(dispatcher.flush()).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(only("invitation-8").sentAt()).isNull();
        assertThat(only("invitation-8").lastError()).isNotBlank();
    }

    @Test
    void anAddressThatCannotBeParsedIsGivenUpAtOnce() {
        mailer.queue("invitation-9", "<zhang.san@example.cn", "评审邀请", "请回复");

        assertThat(dispatcher.flush()).isZero();

        OutboxMail row = only("invitation-9");
        assertThat(row.sentAt()).isNull();
        assertThat(row.attempts()).isEqualTo(3);
        assertThat(row.lastError()).isNotBlank();
    }

    @Test
    void withoutAMailServerMailsStayQueued() {
        MailDispatcher unconfigured = new MailDispatcher(jdbc,
                new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), clock, "noreply@kcyj.example", 3,
                Duration.ofMinutes(1), Duration.ofMinutes(10));
        mailer.queue("invitation-10", "qian.jun@example.cn", "评审邀请", "请回复");

        assertThat(unconfigured.flush()).isZero();
        assertThat(unconfigured.flush()).isZero();

        OutboxMail row = only("invitation-10");
        assertThat(row.sentAt()).isNull();
        assertThat(row.attempts()).isZero();
        assertThat(dispatcher.flush()).as("sent once a server is there").isEqualTo(1);
    }

    @Test
    void twoNodesFlushingTogetherSendEachMailOnce() throws Exception {
        int mails = MailDispatcher.BATCH + 10;
        for (int i = 0; i < mails; i++) {
            mailer.queue("notice-" + i, "reader" + i + "@example.cn", "通知 " + i, "正文 " + i);
        }
        MailDispatcher otherNode = new MailDispatcher(jdbc,
                new StaticListableBeanFactory(Map.of("sender", sender)).getBeanProvider(JavaMailSender.class), clock,
                "noreply@kcyj.example", 3, Duration.ofMinutes(1), Duration.ofMinutes(10));

        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> sent = nodes.invokeAll(List.<Callable<Integer>>of(dispatcher::flush, otherNode::flush));
            assertThat(sent.get(0).get() + sent.get(1).get()).isEqualTo(mails);
        } finally {
            nodes.shutdown();
        }
        assertThat(smtp.getReceivedMessages()).hasSize(mails);
        assertThat(mailer.recent(500)).hasSize(mails).allSatisfy(row -> {
            assertThat(row.sentAt()).isNotNull();
            assertThat(row.attempts()).isEqualTo(1);
        });
    }

    private OutboxMail only(String key) {
        List<OutboxMail> rows = mailer.recent(500).stream().filter(m -> m.key().equals(key)).toList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
