package org.kcyj.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.TestMailServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** In the whole application: queued mail reaches the test mail server, and only administrators see the outbox. */
@IntegrationTest
class MailOutboxApiTest {
    @LocalServerPort
    int port;
    @Autowired
    Mailer mailer;
    @Autowired
    MailDispatcher dispatcher;

    @Test
    void anAdministratorSeesTheOutboxAndOthersDoNot() throws InterruptedException {
        mailer.queue("outbox-api-1", "outbox.reader@example.cn", "立项通知：项目已获资助", "您的项目已获立项。");
        dispatcher.flush();

        List<TestMailServer.Message> received = TestMailServer.awaitMessagesTo("outbox.reader@example.cn", 1, Duration.ofSeconds(10));
        assertThat(received).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("立项通知：项目已获资助");
            assertThat(m.body()).isEqualTo("您的项目已获立项。");
        });
        awaitSent("outbox-api-1");

        Api.Response answer = Api.as(port, "admin").get("/api/v1/admin/mail-outbox");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.jsonList()).filteredOn(row -> "outbox-api-1".equals(row.get("key"))).singleElement()
                .satisfies(row -> {
                    assertThat(row).containsEntry("recipient", "outbox.reader@example.cn")
                            .containsEntry("subject", "立项通知：项目已获资助").containsEntry("attempts", 1)
                            .containsEntry("lastError", null);
                    assertThat(row.get("sentAt")).isNotNull();
                });

        assertThat(Api.as(port, "applicant1").get("/api/v1/admin/mail-outbox").status()).isEqualTo(403);
        assertThat(Api.as(port, "manager1").get("/api/v1/admin/mail-outbox").status()).isEqualTo(403);
        assertThat(Api.anonymous(port).get("/api/v1/admin/mail-outbox").status()).isEqualTo(401);
    }

    /** The scheduled dispatcher may have sent it; it marks the row just after the server took the mail. */
    private void awaitSent(String key) {
        await("mail " + key + " marked sent").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> mailer.recent(500).stream().anyMatch(m -> m.key().equals(key) && m.sentAt() != null));
    }
}
