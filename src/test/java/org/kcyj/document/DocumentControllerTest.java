package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The REST endpoints, with only this module's controllers and a mocked service and policy. */
@WebMvcTest(useDefaultFilters = false)
// A slice of the web layer; the demo profile spares it the production start-up checks.
@org.springframework.test.context.ActiveProfiles("demo")
@Import({DocumentController.class, VerificationController.class, VerificationThrottle.class})
@WithMockUser(username = "applicant01")
@Tag("integration") // starts a Spring context: the integration lane (mvn verify)
class DocumentControllerTest {

    static final IssuedDocument DOCUMENT = new IssuedDocument("KCYJ2026-XCL-0007-SBS-1", "KCYJ2026-XCL-0007",
            "SBS", "申报书", 1, "宁波市科学技术局", "applicant01", "ab".repeat(32), 3, Instant.parse("2026-03-01T02:30:00Z"));
    static final byte[] PDF = {'%', 'P', 'D'};

    @Autowired
    MockMvc mvc;
    @MockitoBean
    DocumentService documents;
    @MockitoBean
    DocumentAccessPolicy policy;

    @BeforeEach
    void oneDocument() {
        when(documents.find(DOCUMENT.number())).thenReturn(Optional.of(DOCUMENT));
        when(documents.content(DOCUMENT.number())).thenReturn(Optional.of(PDF));
        when(documents.find("KCYJ2026-XCL-0007-SBS-2")).thenReturn(Optional.empty());
    }

    @Test
    void downloadsThePdfWhenThePolicyAllows() throws Exception {
        when(policy.mayRead(any(), eq(DOCUMENT))).thenReturn(true);

        mvc.perform(get("/api/v1/documents/{number}", DOCUMENT.number()))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_PDF))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"KCYJ2026-XCL-0007-SBS-1.pdf\""))
                .andExpect(header().string("X-Document-SHA256", DOCUMENT.sha256()))
                .andExpect(header().string("Cache-Control", org.hamcrest.Matchers.containsString("no-store")))
                .andExpect(content().bytes(PDF));
        verify(policy).mayRead(argThat(a -> a != null && "applicant01".equals(a.getName())), eq(DOCUMENT));
    }

    @Test
    void metadataIsJson() throws Exception {
        when(policy.mayRead(any(), eq(DOCUMENT))).thenReturn(true);

        mvc.perform(get("/api/v1/documents/{number}/metadata", DOCUMENT.number()))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.number").value(DOCUMENT.number()))
                .andExpect(jsonPath("$.subjectNumber").value("KCYJ2026-XCL-0007"))
                .andExpect(jsonPath("$.typeCode").value("SBS"))
                .andExpect(jsonPath("$.typeName").value("申报书"))
                .andExpect(jsonPath("$.version").value(1))
                .andExpect(jsonPath("$.sha256").value(DOCUMENT.sha256()))
                .andExpect(jsonPath("$.sizeBytes").value(3))
                .andExpect(jsonPath("$.issuedAt").exists());
    }

    @Test
    void refusedAndMissingDocumentsLookTheSame() throws Exception {
        when(policy.mayRead(any(), eq(DOCUMENT))).thenReturn(false);

        for (String path : new String[] {"/api/v1/documents/{number}", "/api/v1/documents/{number}/metadata"}) {
            MvcResult refused = mvc.perform(get(path, DOCUMENT.number()))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(404))
                    .andExpect(jsonPath("$.detail").value("文档不存在或无权访问"))
                    .andExpect(header().doesNotExist("X-Document-SHA256"))
                    .andReturn();
            MvcResult missing = mvc.perform(get(path, "KCYJ2026-XCL-0007-SBS-2"))
                    .andExpect(status().isNotFound())
                    .andReturn();
            assertThat(withoutInstance(missing.getResponse().getContentAsString()))
                    .isEqualTo(withoutInstance(refused.getResponse().getContentAsString()));
        }
    }

    /** The problem's "instance" is the requested path, which naturally differs. */
    private static String withoutInstance(String json) {
        return json.replaceAll(",?\"instance\":\"[^\"]*\"", "");
    }

    @Test
    void malformedNumbersAreNotFound() throws Exception {
        mvc.perform(get("/api/v1/documents/{number}", "KCYJ2026_XCL'0007"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("文档不存在或无权访问"));
    }

    @Test
    void pdfDownloadStillAnswersProblemJsonWhenTheClientAcceptsOnlyPdf() throws Exception {
        when(policy.mayRead(any(), any())).thenReturn(false);

        mvc.perform(get("/api/v1/documents/{number}", DOCUMENT.number()).accept(MediaType.APPLICATION_PDF))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
