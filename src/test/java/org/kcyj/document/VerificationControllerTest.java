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
import org.junit.jupiter.api.Tag;
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
 * to everyone; this slice uses Boot's default security, hence the mock user.) The service's answers are
 * stubbed here: which documents need a code and how it is compared is {@link DocumentVerificationTest}'s
 * and {@code PublicVerificationTest}'s.
 */
@WebMvcTest(useDefaultFilters = false)
// A slice of the web layer; the demo profile spares it the production start-up checks.
@org.springframework.test.context.ActiveProfiles("demo")
@Import({DocumentController.class, VerificationController.class, VerificationThrottle.class})
@WithMockUser
@Tag("integration") // starts a Spring context: the integration lane (mvn verify)
class VerificationControllerTest {

    static final IssuedDocument DOCUMENT = DocumentControllerTest.DOCUMENT;

    @Autowired
    MockMvc mvc;
    @MockitoBean
    DocumentService documents;
    @MockitoBean
    DocumentAccessPolicy policy;

    static final String CODE = "7KQ2M9XD4T";

    @BeforeEach
    void oneDocument() {
        when(documents.findVerifiable(eq(DOCUMENT.number()), any())).thenReturn(Optional.empty());
        when(documents.findVerifiable(DOCUMENT.number(), CODE)).thenReturn(Optional.of(DOCUMENT));
        when(documents.findVerifiable(eq("KCYJ2026-XCL-0007-SBS-2"), any())).thenReturn(Optional.empty());
        when(documents.status(DOCUMENT)).thenReturn(DocumentService.Status.CURRENT);
    }

    @Test
    void showsWhatIsPublicAboutARegisteredDocumentWithItsStatus() throws Exception {
        String html = mvc.perform(get("/verify/{number}", DOCUMENT.number()).param("code", CODE)
                        .accept(MediaType.TEXT_HTML))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("<html lang=\"zh-CN\">", "文档核验", "Document verification",
                "申报书", "(Application form)", DOCUMENT.number(), "2026-03-01 10:30:00", "北京时间",
                "宁波市科学技术局", DOCUMENT.sha256(), "/webjars/bootstrap/", "/css/bootstrap.min.css",
                "现行有效", "Current", "enctype=\"multipart/form-data\"", "action=\"/verify\"", "name=\"file\"",
                "name=\"code\"");
        assertThat(html).doesNotContain("applicant01", "<script", " th:", "xmlns:th", CODE);
        assertThat(html.split("name=\"_csrf\"", -1)).as("exactly one CSRF field").hasSize(2);
    }

    @Test
    void eachStatusIsNamedInBothLanguages() throws Exception {
        when(documents.status(DOCUMENT)).thenReturn(DocumentService.Status.SUPERSEDED);
        assertThat(page(DOCUMENT.number(), CODE)).contains("已被新版本取代", "Superseded by a later version")
                .doesNotContain("现行有效");
        when(policy.subjectWithdrawn(DOCUMENT.subjectNumber())).thenReturn(true);
        assertThat(page(DOCUMENT.number(), CODE)).contains("已撤回", "Withdrawn").doesNotContain("已被新版本取代");
        mvc.perform(get("/verify/{number}", DOCUMENT.number()).param("code", CODE).accept(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.status").value("WITHDRAWN"));
    }

    private String page(String number, String code) throws Exception {
        return mvc.perform(get("/verify/{number}", number).param("code", code).accept(MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void browsersGetTheHtmlPage() throws Exception {
        mvc.perform(get("/verify/{number}", DOCUMENT.number()).param("code", CODE)
                        .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML));
    }

    @Test
    void theFormOnThePageAsksByQueryParameters() throws Exception {
        mvc.perform(get("/verify").param("number", DOCUMENT.number()).param("code", CODE))
                .andExpect(status().isOk());
        String empty = mvc.perform(get("/verify")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(empty).contains("name=\"number\"", "name=\"file\"").doesNotContain("未找到该文档");
    }

    /** Unknown number, internal number without a code, wrong code: the same status and the same page. */
    @Test
    void unknownNumberMissingCodeAndWrongCodeGetTheSameAnswer() throws Exception {
        String unknown = notFound("KCYJ2026-XCL-0007-SBS-2", CODE);
        assertThat(unknown).contains("name=\"_csrf\" value=\"…\"", "未找到该文档", "No document matches this number and check code",
                "KCYJ2026-XCL-0007-SBS-2").doesNotContain("此文档已登记");
        String withoutCode = notFound(DOCUMENT.number(), null);
        String wrongCode = notFound(DOCUMENT.number(), "AAAAAAAAAA");
        assertThat(wrongCode).isEqualTo(withoutCode).isEqualTo(unknown.replace("KCYJ2026-XCL-0007-SBS-2", DOCUMENT.number()));
    }

    private String notFound(String number, String code) throws Exception {
        var request = get("/verify/{number}", number).accept(MediaType.TEXT_HTML);
        if (code != null) {
            request = request.param("code", code);
        }
        return withoutCsrfToken(mvc.perform(request).andExpect(status().isNotFound()).andReturn().getResponse()
                .getContentAsString());
    }

    /** Each answer carries a CSRF token of its own for the upload form; everything else must be alike. */
    static String withoutCsrfToken(String html) {
        return html.replaceAll("(name=\"_csrf\" value=\")[^\"]*\"", "$1…\"");
    }

    @Test
    void numberIsEscapedOnThePage() throws Exception {
        String html = mvc.perform(get("/verify/{number}", "<svg onload=alert(1)>"))
                .andExpect(status().isNotFound())
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("&lt;svg onload=alert(1)&gt;").doesNotContain("<svg");
        verify(documents, never()).findVerifiable(any(), any());
    }

    @Test
    void anUploadedFileIsFoundByItsFingerprintWithoutANumber() throws Exception {
        byte[] pdf = {1, 2, 3};
        when(documents.identify(pdf)).thenReturn(Optional.of(DOCUMENT));

        String html = mvc.perform(multipart("/verify")
                        .file(new MockMultipartFile("file", "a.pdf", "application/pdf", pdf)).with(csrf()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("一致", "matches the registered document", DOCUMENT.number(), "现行有效")
                .doesNotContain("不一致", "does NOT match");
    }

    @Test
    void anUploadSentFromAnotherDocumentsPageStillNamesTheFilesOwnDocument() throws Exception {
        byte[] pdf = {1, 2, 3};
        when(documents.identify(pdf)).thenReturn(Optional.of(DOCUMENT));

        String html = mvc.perform(multipart("/verify/{number}", "KCYJ2026-XCL-0007-SBS-2")
                        .file(new MockMultipartFile("file", "a.pdf", "application/pdf", pdf)).with(csrf()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("matches the registered document", DOCUMENT.number());
    }

    @Test
    void anUnregisteredFileIsRejected() throws Exception {
        byte[] pdf = {9, 9, 9};
        when(documents.identify(pdf)).thenReturn(Optional.empty());

        String html = mvc.perform(multipart("/verify/{number}", DOCUMENT.number())
                        .file(new MockMultipartFile("file", "a.pdf", "application/pdf", pdf)).with(csrf()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("不一致", "does NOT match", DocumentService.sha256Hex(pdf))
                .doesNotContain("matches the registered document", "此文档已登记");
    }

    @Test
    void missingFileAsksForOne() throws Exception {
        String html = mvc.perform(multipart("/verify/{number}", DOCUMENT.number()).with(csrf()))
                .andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("请选择要核验的 PDF 文件");
    }

    @Test
    void jsonForApiClients() throws Exception {
        mvc.perform(get("/verify/{number}", DOCUMENT.number()).param("code", CODE).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.number").value(DOCUMENT.number()))
                .andExpect(jsonPath("$.typeName").value("申报书"))
                .andExpect(jsonPath("$.issuer").value("宁波市科学技术局"))
                .andExpect(jsonPath("$.sha256").value(DOCUMENT.sha256()))
                .andExpect(jsonPath("$.issuedAtDisplay").value("2026-03-01 10:30:00"))
                .andExpect(jsonPath("$.status").value("CURRENT"))
                .andExpect(jsonPath("$.ownerUsername").doesNotExist());
        String unknown = mvc.perform(get("/verify/{number}", "KCYJ2026-XCL-0007-SBS-2").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andReturn().getResponse().getContentAsString();
        String wrongCode = mvc.perform(get("/verify/{number}", DOCUMENT.number()).param("code", "AAAAAAAAAA")
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andReturn().getResponse().getContentAsString();
        assertThat(wrongCode).isEqualTo(unknown.replace("KCYJ2026-XCL-0007-SBS-2", DOCUMENT.number()));
    }

    /** Past the limit of wrong codes, an address is refused look-ups with a code (429), even with the right one. */
    @Test
    void wrongCodesFromOneAddressAreThrottled() throws Exception {
        for (int i = 0; i < 30; i++) {
            mvc.perform(get("/verify/{number}", DOCUMENT.number()).param("code", "AAAAAAAAAA")
                            .with(r -> { r.setRemoteAddr("203.0.113.9"); return r; }))
                    .andExpect(status().isNotFound());
        }
        mvc.perform(get("/verify/{number}", DOCUMENT.number()).param("code", CODE)
                        .with(r -> { r.setRemoteAddr("203.0.113.9"); return r; }).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isTooManyRequests());
        mvc.perform(get("/verify/{number}", DOCUMENT.number()).param("code", CODE)
                        .with(r -> { r.setRemoteAddr("203.0.113.10"); return r; }))
                .andExpect(status().isOk());
    }
}
