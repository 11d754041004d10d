package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The public verification page. (The application's security configuration permits /verify/**
 * to everyone; this slice uses Boot's default security, hence the mock user.)
 */
@WebMvcTest(useDefaultFilters = false)
// A slice of the web layer; the demo profile spares it the production start-up checks.
@org.springframework.test.context.ActiveProfiles("demo")
@Import({DocumentController.class, VerificationController.class})
@WithMockUser
class VerificationControllerTest {

    static final IssuedDocument DOCUMENT = DocumentControllerTest.DOCUMENT;

    @Autowired
    MockMvc mvc;
    @MockitoBean
    DocumentService documents;
    @MockitoBean
    DocumentAccessPolicy policy;

    @BeforeEach
    void oneDocument() {
        when(documents.find(DOCUMENT.number())).thenReturn(Optional.of(DOCUMENT));
        when(documents.find("KCYJ2026-XCL-0007-SBS-2")).thenReturn(Optional.empty());
    }

    @Test
    void showsWhatIsPublicAboutARegisteredDocument() throws Exception {
        String html = mvc.perform(get("/verify/{number}", DOCUMENT.number()).accept(MediaType.TEXT_HTML))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("<html lang=\"zh-CN\">", "文档核验", "Document verification",
                "申报书", "(Application form)", DOCUMENT.number(), "2026-03-01 10:30:00", "北京时间",
                "宁波市科学技术局", DOCUMENT.sha256(), "/webjars/bootstrap/", "/css/bootstrap.min.css",
                "enctype=\"multipart/form-data\"", "action=\"/verify/KCYJ2026-XCL-0007-SBS-1\"", "name=\"file\"");
        assertThat(html).doesNotContain("applicant01", "<script", " th:", "xmlns:th");
        assertThat(html.split("name=\"_csrf\"", -1)).as("exactly one CSRF field").hasSize(2);
    }

    @Test
    void browsersGetTheHtmlPage() throws Exception {
        mvc.perform(get("/verify/{number}", DOCUMENT.number())
                        .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML));
    }

    @Test
    void unknownNumberShowsNotFoundWith404() throws Exception {
        String html = mvc.perform(get("/verify/{number}", "KCYJ2026-XCL-0007-SBS-2"))
                .andExpect(status().isNotFound())
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("未找到该文档", "No document registered with this number", "KCYJ2026-XCL-0007-SBS-2")
                .doesNotContain("name=\"file\"");
    }

    @Test
    void numberIsEscapedOnThePage() throws Exception {
        String html = mvc.perform(get("/verify/{number}", "<svg onload=alert(1)>"))
                .andExpect(status().isNotFound())
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("&lt;svg onload=alert(1)&gt;").doesNotContain("<svg");
        verify(documents, never()).find(any());
    }

    @Test
    void matchingUploadIsConfirmed() throws Exception {
        byte[] pdf = {1, 2, 3};
        when(documents.verify(eq(DOCUMENT.number()), eq(pdf))).thenReturn(Optional.of(
                new VerificationResult(DOCUMENT.number(), true, DOCUMENT.sha256(), DOCUMENT.sha256())));

        String html = mvc.perform(multipart("/verify/{number}", DOCUMENT.number())
                        .file(new MockMultipartFile("file", "a.pdf", "application/pdf", pdf)).with(csrf()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("一致", "matches the registered document").doesNotContain("不一致", "does NOT match");
    }

    @Test
    void differentUploadIsRejected() throws Exception {
        byte[] pdf = {9, 9, 9};
        String uploaded = "cd".repeat(32);
        when(documents.verify(eq(DOCUMENT.number()), eq(pdf))).thenReturn(Optional.of(
                new VerificationResult(DOCUMENT.number(), false, DOCUMENT.sha256(), uploaded)));

        String html = mvc.perform(multipart("/verify/{number}", DOCUMENT.number())
                        .file(new MockMultipartFile("file", "a.pdf", "application/pdf", pdf)).with(csrf()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("不一致", "does NOT match", uploaded).doesNotContain("matches the registered document");
    }

    @Test
    void missingFileAsksForOne() throws Exception {
        String html = mvc.perform(multipart("/verify/{number}", DOCUMENT.number()).with(csrf()))
                .andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("请选择要核验的 PDF 文件");
    }

    @Test
    void uploadForUnknownNumberIs404() throws Exception {
        mvc.perform(multipart("/verify/{number}", "KCYJ2026-XCL-0007-SBS-2")
                        .file(new MockMultipartFile("file", "a.pdf", "application/pdf", new byte[] {1})).with(csrf()))
                .andExpect(status().isNotFound());
        verify(documents, never()).verify(any(), any());
    }

    @Test
    void jsonForApiClients() throws Exception {
        mvc.perform(get("/verify/{number}", DOCUMENT.number()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.number").value(DOCUMENT.number()))
                .andExpect(jsonPath("$.typeName").value("申报书"))
                .andExpect(jsonPath("$.issuer").value("宁波市科学技术局"))
                .andExpect(jsonPath("$.sha256").value(DOCUMENT.sha256()))
                .andExpect(jsonPath("$.issuedAtDisplay").value("2026-03-01 10:30:00"))
                .andExpect(jsonPath("$.ownerUsername").doesNotExist());
        mvc.perform(get("/verify/{number}", "KCYJ2026-XCL-0007-SBS-2").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
