package org.kcyj.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kcyj.support.BashScript;
import org.kcyj.support.IntegrationTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.beans.factory.annotation.Autowired;

/** Runs the bash blocks of docs/walkthrough.md, in order, against a fresh product: the doc cannot go stale. */
@IntegrationTest
// Its own context, so its own fresh database: the walkthrough meets only the demo data, as a newcomer does
// (other tests add experts whose passwords it does not know).
@org.springframework.test.context.TestPropertySource(properties = "kcyj.test.context=walkthrough")
class WalkthroughTest {
    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theWalkthroughTakesAProposalFromCallToAcceptance() throws Exception {
        String doc = Files.readString(Path.of("docs/walkthrough.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = BASH_BLOCK.matcher(doc);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(7);
        Path script = Files.createTempFile("walkthrough", ".sh");
        Files.writeString(script, "set -euo pipefail\n" + String.join("\n", blocks) + "\necho \"WALKTHROUGH-DONE $NO\"\n");

        BashScript.Result run = BashScript.run(script, Map.of("BASE", "http://localhost:" + port), Duration.ofMinutes(5));
        String output = run.output();
        assertThat(run.exitCode()).as(output).isZero();

        Matcher done = Pattern.compile("WALKTHROUGH-DONE (\\S+)").matcher(output);
        assertThat(done.find()).as(output).isTrue();
        String number = done.group(1);
        assertThat(jdbc.sql("select status from app.proposal where number = ?").param(number).query(String.class).single())
                .isEqualTo("CLOSED");
        assertThat(jdbc.sql("select type_code from app.document where subject_number = ? order by id").param(number)
                .query(String.class).list())
                .as("申报书, 回执, 形式审查意见, three 专家评审意见表, the applicant's anonymised opinions, 立项通知书, 任务书, 验收意见书")
                .containsExactly("SBS", "HZ", "XSSC", "PSYJ", "PSYJ", "PSYJ", "PSFK", "TZS", "RWS", "YSS");
        assertThat(jdbc.sql("select type_code from app.document where subject_number like 'CALL-%' and type_code in ('PSHZ', 'HPJL')")
                .query(String.class).list()).as("the call's 评审结果汇总表 and 会评表决记录").containsExactlyInAnyOrder("PSHZ", "HPJL");
        Files.deleteIfExists(script);
    }
}
