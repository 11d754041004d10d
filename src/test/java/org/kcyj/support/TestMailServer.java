package org.kcyj.support;

import static org.awaitility.Awaitility.await;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.core.ConditionTimeoutException;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * One real SMTP server (GreenMail) per test JVM, on a free port, started when first needed. Every integration
 * test context sends its mail there ({@link Config}), so tests read what people would have received.
 * Contexts share the server: look for your own recipients. The application's scheduled dispatcher sends too;
 * a test that needs its mail now calls {@code MailDispatcher.flush()} and then {@link #awaitMessagesTo}.
 */
public final class TestMailServer {
    private static GreenMail server;

    private TestMailServer() {
    }

    /** A received mail, decoded: the recipient it was delivered to, subject and plain-text body (line ends \n). */
    public record Message(String recipient, String subject, String body) {
    }

    /** Sends the context's mail to the test server instead of a configured one. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        JavaMailSender testMailSender() {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost(host());
            sender.setPort(port());
            sender.setDefaultEncoding("UTF-8");
            return sender;
        }
    }

    public static String host() {
        String bound = server().getSmtp().getServerSetup().getBindAddress();
        return bound == null || bound.equals("0.0.0.0") ? "127.0.0.1" : bound;
    }

    public static int port() {
        return server().getSmtp().getPort();
    }

    /** Every mail received so far, in the order received. */
    public static List<Message> all() {
        return Arrays.stream(server().getReceivedMessages()).map(TestMailServer::decode).toList();
    }

    public static List<Message> messagesTo(String recipient) {
        return all().stream().filter(m -> m.recipient().equalsIgnoreCase(recipient)).toList();
    }

    /** Waits until at least {@code count} mails to the recipient have arrived, then returns them all. */
    public static List<Message> awaitMessagesTo(String recipient, int count, Duration timeout) {
        return awaitMessagesTo(recipient, received -> received.size() >= count, count + " mail(s)", timeout);
    }

    /**
     * Waits for a mail to the recipient that matches (the dispatcher's scheduled run may be the one sending it,
     * a moment after a test's own flush), and returns it.
     */
    public static Message awaitMessage(String recipient, java.util.function.Predicate<Message> matching, Duration timeout) {
        return awaitMessagesTo(recipient, received -> received.stream().anyMatch(matching), "a matching mail", timeout)
                .stream().filter(matching).findFirst().orElseThrow();
    }

    private static List<Message> awaitMessagesTo(String recipient, java.util.function.Predicate<List<Message>> done,
                                                 String what, Duration timeout) {
        try {
            return await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> messagesTo(recipient), done);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Expected " + what + " to " + recipient + " within " + timeout
                    + ", got " + messagesTo(recipient).size() + "; all mail: " + all(), e);
        }
    }

    private static synchronized GreenMail server() {
        if (server == null) {
            GreenMail started = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-mail-server-stop"));
            server = started;
        }
        return server;
    }

    private static Message decode(MimeMessage message) {
        try {
            InternetAddress[] to = (InternetAddress[]) message.getRecipients(RecipientType.TO);
            String recipient = to == null || to.length == 0 ? "" : to[0].getAddress();
            return new Message(recipient, message.getSubject(), text(message.getContent()).replace("\r\n", "\n"));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Cannot decode a received mail", e);
        }
    }

    private static String text(Object content) throws MessagingException, IOException {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return text(part.getContent());
                }
            }
            return "";
        }
        return String.valueOf(content);
    }
}
