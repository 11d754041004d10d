package org.kcyj.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A script run by a doc test ends, one way or the other: a hanging one fails in time, with its output. */
class BashScriptTest {
    @TempDir
    Path dir;

    @Test
    void aFinishedScriptGivesItsExitCodeAndOutput() throws Exception {
        Path script = script("echo \"hello $WHO\"; echo oops >&2; exit 3");

        BashScript.Result result = BashScript.run(script, Map.of("WHO", "world"), Duration.ofSeconds(30));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).contains("hello world", "oops");
    }

    @Test
    void aHangingScriptIsKilledWithItsChildrenAndFailsWithItsOutput() throws Exception {
        Path pid = dir.resolve("child.pid");
        Path script = script("echo before the hang; sleep 300 & echo $! > " + pid + "; wait");

        long started = System.nanoTime();
        assertThatThrownBy(() -> BashScript.run(script, Map.of(), Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not finish within PT2S")
                .hasMessageContaining("before the hang");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        long child = Long.parseLong(Files.readString(pid, StandardCharsets.UTF_8).trim());
        ProcessHandle.of(child).ifPresent(handle -> handle.onExit().completeOnTimeout(handle, 10, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).as("the script's child").isEmpty();
    }

    private Path script(String text) throws Exception {
        Path script = dir.resolve("script.sh");
        Files.writeString(script, text + "\n", StandardCharsets.UTF_8);
        return script;
    }
}
