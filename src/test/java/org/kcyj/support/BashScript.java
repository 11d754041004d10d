package org.kcyj.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a bash script (a doc's blocks) with a time limit. A script that hangs (a request that never answers, a
 * loop that never ends) fails the test instead of holding the build: at the limit it is killed with every process
 * it started, and the failure shows what it printed so far.
 */
public final class BashScript {
    private BashScript() {
    }

    /** What a finished script returned and printed (standard output and error, interleaved). */
    public record Result(int exitCode, String output) {
    }

    public static Result run(Path script, Map<String, String> environment, Duration limit) throws IOException, InterruptedException {
        Path log = Files.createTempFile("bash-script", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                // the children first: once bash is gone they would be nobody's and keep running
                List<ProcessHandle> children = process.descendants().toList();
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(script.getFileName() + " did not finish within " + limit
                        + " and was killed; its output so far:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
