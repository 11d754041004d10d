package org.kcyj.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void directoryPartsOfEitherKindAreDropped() {
        assertThat(FileNames.sanitize("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.sanitize("C:\\Users\\张三\\Desktop\\申报书.pdf")).isEqualTo("申报书.pdf");
        assertThat(FileNames.sanitize("..\\..\\windows/system32\\evil.pdf")).isEqualTo("evil.pdf");
    }

    @Test
    void emptyDotAndDotDotBecomeTheFallbackName() {
        assertThat(FileNames.sanitize(null)).isEqualTo("unnamed");
        assertThat(FileNames.sanitize("")).isEqualTo("unnamed");
        assertThat(FileNames.sanitize(".")).isEqualTo("unnamed");
        assertThat(FileNames.sanitize("..")).isEqualTo("unnamed");
        assertThat(FileNames.sanitize("uploads/")).isEqualTo("unnamed");
        assertThat(FileNames.sanitize(" \u0000\u202E ")).isEqualTo("unnamed");
        assertThat(FileNames.sanitize(".pdf")).isEqualTo("unnamed.pdf");
    }

    @Test
    void hiddenNamesLoseTheirLeadingDots() {
        assertThat(FileNames.sanitize(".bashrc")).isEqualTo("unnamed.bashrc");
        assertThat(FileNames.sanitize("...报告 .pdf")).isEqualTo("报告.pdf");
    }

    @Test
    void aRightToLeftOverrideCannotDisguiseTheExtension() {
        // displayed as "申报书fdp.exe" by a vulnerable viewer; what is stored shows its real extension
        assertThat(FileNames.sanitize("申报书\u202Eexe.pdf")).isEqualTo("申报书exe.pdf");
        assertThat(FileNames.sanitize("a\u2066b\u2069c\u200F.pdf")).isEqualTo("abc.pdf");
    }

    @Test
    void controlCharactersAreDroppedAndWhitespaceCollapsed() {
        assertThat(FileNames.sanitize("项目\u0000申报\u0007书\r\n  终稿\t.pdf")).isEqualTo("项目申报书 终稿.pdf");
        assertThat(FileNames.sanitize("科创\u3000甬江\u00A0 2035.pdf")).isEqualTo("科创 甬江 2035.pdf");
    }

    @Test
    void charactersWindowsForbidsAreReplaced() {
        assertThat(FileNames.sanitize("a<b>c:d\"e|f?g*.pdf")).isEqualTo("a_b_c_d_e_f_g_.pdf");
        assertThat(FileNames.sanitize("CON.pdf")).isEqualTo("_CON.pdf");
        assertThat(FileNames.sanitize("nul")).isEqualTo("_nul");
    }

    @Test
    void decomposedNamesFromMacOsAreComposed() {
        assertThat(FileNames.sanitize("Re\u0301sume\u0301.pdf")).isEqualTo("R\u00e9sum\u00e9.pdf");
    }

    @Test
    void longNamesAreShortenedToOneHundredCodePointsKeepingTheExtension() {
        String name = FileNames.sanitize("宁".repeat(150) + ".PDF");
        assertThat(name.codePointCount(0, name.length())).isEqualTo(100);
        assertThat(name).isEqualTo("宁".repeat(96) + ".PDF");

        String supplementary = FileNames.sanitize("𠀀".repeat(120) + ".pdf");
        assertThat(supplementary.codePointCount(0, supplementary.length())).isEqualTo(100);
        assertThat(supplementary).endsWith("𠀀.pdf");
    }

    @Test
    void aNameWithoutAnExtensionIsShortenedToo() {
        assertThat(FileNames.sanitize("a".repeat(120) + ".not an extension")).isEqualTo("a".repeat(100));
        assertThat(FileNames.sanitize("a".repeat(120) + ".附件")).isEqualTo("a".repeat(97) + ".附件");
    }

    @Test
    void onlyNamesEndingInDotPdfAreAcceptedForPdfAttachments() {
        assertThat(FileNames.hasPdfExtension("申报书.pdf")).isTrue();
        assertThat(FileNames.hasPdfExtension("申报书.PdF")).isTrue();
        assertThat(FileNames.hasPdfExtension("申报书.pdf.exe")).isFalse();
        assertThat(FileNames.hasPdfExtension("申报书.exe")).isFalse();
        assertThat(FileNames.hasPdfExtension("pdf")).isFalse();
        assertThat(FileNames.hasPdfExtension(".pdf")).isFalse();
        assertThat(FileNames.hasPdfExtension(null)).isFalse();
        assertThat(FileNames.pdfNameProblem("attachments[0].name", "setup.exe"))
                .hasValueSatisfying(p -> assertThat(p.code()).isEqualTo("attachment.name.not-pdf"));
        assertThat(FileNames.pdfNameProblem("attachments[0].name", "预算说明.pdf")).isEmpty();
    }
}
