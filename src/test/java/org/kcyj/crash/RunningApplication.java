package org.kcyj.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.kcyj.support.Api;
import org.kcyj.support.TestDatabaseEnvironment.Database;

/**
 * The product running in a JVM of its own, as in production ({@code org.kcyj.KcyjApplication} on the
 * application's class path, profile demo), on a PostgreSQL database that outlives it, with {@link CrashDriver}
 * in front of the database. {@link #arm} chooses where it stops; {@link #killWhenStopped} waits for that point and
 * kills the process with SIGKILL (as {@code kill -9} does): no shutdown hook, no rollback by the application, no flush.
 */
final class RunningApplication {
    static final Path WORK = Path.of("target", "crash");
    private static final Path RULE = WORK.resolve("rule.properties").toAbsolutePath();
    static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    /** Every process started, so that none outlives the test, however it ends. */
    private static final List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RunningApplication::killAll, "kill-crash-test-applications"));
    }

    private final Process process;
    private final Path log;
    private final int port;

    private RunningApplication(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the application and, unless {@code waitUntilReady} is false (it is expected to stop during
     * start-up), waits until it answers. {@code smtpPort} names the mail server, or 0 for none (mail then stays
     * in the outbox).
     */
    static RunningApplication start(String run, Database database, int smtpPort, boolean waitUntilReady) {
        try {
            Files.createDirectories(WORK);
            int port = freePort();
            Path log = WORK.resolve(run + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                    "-D" + CrashDriver.RULE_FILE + "=" + RULE,
                    "-cp", classPath(), "org.kcyj.KcyjApplication",
                    "--server.port=" + port,
                    "--spring.profiles.active=demo",
                    "--spring.datasource.url=" + CrashDriver.PREFIX + database.url().substring("jdbc:".length()),
                    "--spring.datasource.driver-class-name=" + CrashDriver.class.getName(),
                    "--spring.datasource.username=" + database.user(),
                    "--spring.datasource.password=" + database.password(),
                    "--spring.flyway.schemas=app", "--spring.flyway.default-schema=app",
                    "--camunda.bpm.metrics.enabled=false",
                    "--kcyj.mail.dispatch-interval=PT1S",
                    // A job locked by a node that died is taken up again when its lock ends (5 minutes by default).
                    "--camunda.bpm.job-execution.lock-time-in-millis=" + CrashRecoveryTest.JOB_LOCK.toMillis(),
                    "--kcyj.mail.sending-lease=" + CrashRecoveryTest.SENDING_LEASE));
            if (smtpPort > 0) {
                command.add("--spring.mail.host=127.0.0.1");
                command.add("--spring.mail.port=" + smtpPort);
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            STARTED.add(process);
            RunningApplication app = new RunningApplication(process, log, port);
            if (waitUntilReady) {
                try {
                    app.awaitReady();
                } catch (RuntimeException | Error failed) {
                    process.destroyForcibly();
                    throw failed;
                }
            }
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills every application a test started that is still running (after a failure midway). */
    static void killAll() {
        STARTED.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
    }

    int port() {
        return port;
    }

    /** Arms the point where the application stops: the {@code occurrence}-th statement matching {@code sql}. */
    static void arm(String name, String sql, String when, int occurrence) {
        writeRule("name=" + name + "\nsql=" + sql.replace("\\", "\\\\") + "\nwhen=" + when
                + "\noccurrence=" + occurrence + "\n");
    }

    static void disarm() {
        writeRule("");
    }

    private static void writeRule(String text) {
        try {
            Files.createDirectories(WORK);
            Path temporary = Files.createTempFile(WORK, "rule", ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, RULE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the armed point {@code name} is reached, then kills the process with SIGKILL. */
    void killWhenStopped(String name, Duration timeout) {
        String line = CrashDriver.MARKER + " " + name;
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (output().contains(line)) {
                    return true;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("The application ended before reaching " + name + ":\n" + tail());
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("The application did not reach " + name + " in " + timeout + ":\n" + tail(), e);
        }
        disarm();
        // On Linux the JDK sends SIGKILL, as kill -9 does; the exit status below proves it.
        process.destroyForcibly();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("killed").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(process.exitValue()).as("ended by SIGKILL (128 + 9)").isEqualTo(137);
    }

    /** Ends the application normally (SIGTERM), as an operator would. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        try {
            await().atMost(START_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("The application ended during start-up:\n" + tail());
                }
                try {
                    return Api.anonymous(port).get("/actuator/health").status() == 200;
                } catch (RuntimeException notYet) {
                    return false; // not listening yet
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("The application did not start in " + START_TIMEOUT + ":\n" + tail(), e);
        }
    }

    private String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String tail() {
        String text = output();
        return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    }

    /**
     * The application's class path: the test's, without the test classes and resources (no test configuration
     * gets into the product), plus a folder holding only {@link CrashDriver}.
     */
    private static String classPath() throws IOException {
        Path testClasses;
        try {
            testClasses = Path.of(CrashDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path driverOnly = WORK.resolve("driver").toAbsolutePath();
        Path target = driverOnly.resolve("org/kcyj/crash");
        Files.createDirectories(target);
        try (Stream<Path> classes = Files.list(testClasses.resolve("org/kcyj/crash"))) {
            for (Path c : classes.filter(p -> p.getFileName().toString().startsWith("CrashDriver")).toList()) {
                Files.copy(c, target.resolve(c.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String application = Arrays.stream(full.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank() && !Path.of(entry).toAbsolutePath().equals(testClasses.toAbsolutePath()))
                .collect(Collectors.joining(File.pathSeparator));
        return application + File.pathSeparator + driverOnly;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
