package org.kcyj.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.kcyj.attachment.PdfInspector.Reason;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Every refusal an applicant can see has a message in Chinese and in English. */
class AttachmentMessagesTest {

    @Test
    void everyRefusalAndTheFileNameProblemHaveBothMessages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("messages", "messages-rules");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);

        for (Reason reason : Reason.values()) {
            assertMessages(messages, reason.messageCode());
        }
        assertMessages(messages, FileNames.NOT_PDF_CODE);
        assertThat(messages.getMessage("attachment.refused.too-large", new Object[] {"20"}, Locale.SIMPLIFIED_CHINESE))
                .contains("20MB");
    }

    private static void assertMessages(ResourceBundleMessageSource messages, String code) {
        String chinese = messages.getMessage(code, new Object[] {"1"}, Locale.SIMPLIFIED_CHINESE);
        String english = messages.getMessage(code, new Object[] {"1"}, Locale.ENGLISH);
        assertThat(chinese).as(code).containsPattern("\\p{IsHan}").doesNotContain("{0}");
        assertThat(english).as(code).matches("\\p{ASCII}+").doesNotContain("{0}");
    }
}
