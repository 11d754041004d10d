package org.kcyj.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.kcyj.form.FormDefinitions;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.support.Applications;

/**
 * An application saved before single-line fields refused line breaks and tabs still opens: each run of them in
 * a single-line field reads as one space, in list rows too; multi-line fields keep their lines.
 */
class ApplicationContentTest {
    private static final String SUMMARY = "面向新能源汽车驱动电机，研制高矫顽力低重稀土永磁材料。\n".repeat(4) + "并实现中试。";

    @Test
    void contentSavedWithLineBreaksInSingleLineFieldsStillOpens() throws Exception {
        FormDefinitions definitions = new FormDefinitions(new ObjectMapper());
        ApplicationContent content = new ApplicationContent(new ObjectMapper(), definitions, new FormValidator(definitions));
        String stored = """
                {"title":"高性能\\r\\n稀土\\t\\t永磁材料","summary":"%s",
                 "partners":[{"name":"甬江\\n材料研究院","creditCode":"%s","outsideCity":"false","tasks":"中试"}]}"""
                .formatted(SUMMARY.replace("\n", "\\n"), Applications.PARTNER_CODE);

        SubmittedForm read = content.fromJson(stored, Map.of());

        assertThat(read.values()).containsEntry("title", "高性能 稀土 永磁材料").containsEntry("summary", SUMMARY);
        assertThat((List<?>) read.values().get("partners")).singleElement()
                .satisfies(row -> assertThat(((Map<?, ?>) row).get("name")).isEqualTo("甬江 材料研究院"));
    }
}
