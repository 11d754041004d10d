package org.kcyj.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kcyj.document.DocumentService;
import org.kcyj.document.IssuedDocument;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserDirectory;
import org.kcyj.shared.DomainException;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The four peer-review documents issued from review data in the database: what each says, how it is
 * numbered and versioned, that the applicant's copy identifies no reviewer (text, metadata, any
 * string in the file), and who may download which.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewDocumentsTest {

    /** An expert with a login: the pool's name, title and unit, and the account's display name and e-mail. */
    record Person(String username, String name, String displayName, String email, String title, String unit,
                  boolean finance) {
        List<String> identifiers() {
            return List.of(username, name, displayName, email, unit);
        }
    }

    static final Person OUYANG = new Person("rdoc_ouyang", "欧阳振华", "欧阳振华（北方稀土）", "ouyang.zh@northre.example",
            "研究员", "北方稀土材料研究总院", false);
    static final Person SIMA = new Person("rdoc_sima", "司马青云", "司马教授", "sima.qy@ecmat.example", "教授",
            "华东先进材料联合实验室", false);
    static final Person ZHUGE = new Person("rdoc_zhuge", "诸葛明远", "诸葛高工", "zhuge.my@wmag.example", "高级工程师",
            "西部磁性材料工程中心", false);
    static final Person SHANGGUAN = new Person("rdoc_shangguan", "上官若兰", "上官研究员", "sg.rl@snem.example",
            "副研究员", "南方新能源材料研究所", false);
    static final Person VOLLMER = new Person("rdoc_vollmer", "Heinrich Vollmer", "Prof. Vollmer (KMI)",
            "h.vollmer@kmi.example", "Professor", "Karlsruhe Magnet Institute", false);
    static final Person DONGFANG = new Person("rdoc_dongfang", "东方静怡", "东方静怡", "df.jy@ylab.example", "研究员",
            "东海先进制造研究中心", false);
    static final Person HUANGFU = new Person("rdoc_huangfu", "皇甫立新", "皇甫立新", "hf.lx@zdit.example", "教授级高工",
            "浙东工业技术研究院", false);
    static final Person MURONG = new Person("rdoc_murong", "慕容晓芸", "慕容晓芸", "mr.xy@tianheng.example", "注册会计师",
            "宁波天衡会计师事务所", true);

    /** The five reviewers of the main proposal, in the order their reviews were recorded. */
    static final List<Person> REVIEWERS = List.of(OUYANG, SIMA, ZHUGE, SHANGGUAN, VOLLMER);
    /** The panel in seat order (scientific experts by login, then the finance expert). */
    static final List<Person> PANEL = List.of(DONGFANG, HUANGFU, SHANGGUAN, VOLLMER, MURONG);

    static final String LONG_OPINION_END = "综上，建议在补充中试数据后予以资助。（意见完）";
    static final String LONG_OPINION = "本人欧阳振华（北方稀土材料研究总院）已声明与本项目无利益冲突。"
            + "该项目围绕低重稀土高矫顽力永磁材料开展晶界扩散与组织调控研究，技术路线清晰，前期基础扎实，"
            + "但中试放大的工艺稳定性论证不足，建议补充批次一致性数据与成本分析。"
            + String.join("", Collections.nCopies(36, "第二，课题分解合理，考核指标矫顽力不低于2400 kA/m可检验，"
            + "但示范线产能与市场需求的匹配性需要进一步说明，团队中工程化人员比例偏低。"))
            + LONG_OPINION_END;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDirectory users;
    @Autowired
    ReviewDocuments reviewDocuments;
    @Autowired
    DocumentService documents;

    long call;
    String callTitle;
    long topic1;
    long topic2;
    long proposal;
    String number;
    List<Long> reviewIds = new ArrayList<>();
    Map<String, Long> others;
    long panel;

    @BeforeAll
    void fixture() {
        Scenario scenario = new Scenario(port);
        callTitle = "评审文档测试批次";
        call = scenario.openCall(callTitle, 10);
        topic1 = scenario.topicOf(call);
        topic2 = insertTopic("02", "固态电池电解质材料");
        number = scenario.submitted("applicant1", call);
        proposal = idOf(number);
        jdbc.sql("update app.proposal set title = ? where id = ?").params("低重稀土高矫顽力永磁材料晶界扩散关键技术", proposal)
                .update();
        for (Person p : List.of(OUYANG, SIMA, ZHUGE, SHANGGUAN, VOLLMER, DONGFANG, HUANGFU, MURONG)) {
            expert(p);
        }

        int[][] scores = {{25, 20, 18, 8, 7}, {28, 23, 22, 9, 9}, {20, 17, 15, 7, 7}, {15, 12, 10, 5, 4}, {26, 21, 20, 8, 8}};
        String[] grades = {"B", "A", "C", "D", "B"};
        String[] opinions = {"FUNDABLE", "PRIORITY", "FUNDABLE", "NOT_FUNDABLE", "PRIORITY"};
        String[] texts = {LONG_OPINION,
                "创新性突出，晶界扩散路线具有自主知识产权前景，团队实力强，建议优先资助。",
                "研究内容较为常规，与已有工作区分度不够，经费测算基本合理，可予资助。",
                "技术路线与国内多家单位的已有成果高度重复，产业化路径不清晰，不建议资助。",
                "The grain boundary diffusion route is convincing and the pilot line plan is realistic. Strongly recommended."};
        for (int i = 0; i < REVIEWERS.size(); i++) {
            long invitation = invitation(proposal, REVIEWERS.get(i), i + 1);
            reviewIds.add(review(proposal, REVIEWERS.get(i), scores[i], grades[i], opinions[i], texts[i], invitation,
                    Instant.parse("2024-06-1" + (i + 1) + "T02:00:00Z")));
        }
        result(proposal, 5, "75.67", "72.80", true, "45.00", true, false);

        others = Map.of(
                "Q1", otherProposal(1, "钕铁硼废料高值化回收技术", topic1, call),
                "Q2", otherProposal(2, "热压磁体织构调控研究", topic1, call),
                "Q3", otherProposal(3, "铈基永磁材料应用验证", topic1, call),
                "R1", otherProposal(4, "硫化物固态电解质界面稳定性", topic2, call),
                "R2", otherProposal(5, "氧化物固态电解质薄膜制备", topic2, call),
                "Z", otherProposal(6, "尚未汇总评分的项目", topic1, call));
        result(others.get("Q1"), 3, "85.00", "85.00", false, "8.00", false, false);
        result(others.get("Q2"), 3, "75.67", "75.67", false, "10.00", false, false);
        result(others.get("Q3"), 3, "60.00", "60.00", false, "12.00", false, true);
        result(others.get("R1"), 5, "70.50", "71.20", true, "18.00", false, false);
        result(others.get("R2"), 3, "90.00", "90.00", false, "30.00", true, false);
        long elsewhere = otherProposal(7, "其他批次的项目", null, otherCall());
        result(elsewhere, 3, "99.00", "99.00", false, "1.00", false, false);

        panel = panel();
    }

    // ---------------------------------------------------------------- 专家评审意见表

    @Test
    void theReviewSheetNamesTheExpertAndFlowsALongOpinionOverPages() {
        IssuedDocument sheet = reviewDocuments.reviewSheet(reviewIds.get(0));

        assertThat(sheet.typeCode()).isEqualTo("PSYJ");
        assertThat(sheet.subjectNumber()).isEqualTo(number);
        assertThat(sheet.number()).startsWith(number + "-PSYJ-");
        byte[] pdf = pdf(sheet, "review-sheet");
        String text = text(pdf);
        assertThat(text).contains("专家评审意见表", "Expert review sheet", "文档编号：" + sheet.number(), number,
                "低重稀土高矫顽力永磁材料晶界扩散关键技术", "宁波甬江示范大学", "01 高性能稀土永磁材料", callTitle,
                "欧阳振华", "研究员", "北方稀土材料研究总院", "创新性", "可行性与研究基础", "预期效益与产业化前景",
                "经费合理性", "合计 Total", "78 分（满分 100 分）", "可资助 Fundable", "2024-06-11 10:00（北京时间）");
        assertThat(withoutWhitespace(text)).contains("已声明与本项目无利益冲突，声明时间2024-06-0110:00（北京时间）");
        assertThat(text).containsPattern("创新性\\s+30\\s+25").containsPattern("合计 Total\\s+100\\s+78")
                .containsPattern("评价等级 Grade\\s+B");

        List<String> pages = org.kcyj.document.PdfTestSupport.pageTexts(pdf);
        assertThat(pages).hasSizeGreaterThanOrEqualTo(2);
        assertThat(pages.get(pages.size() - 1)).contains("（意见完）");
        assertThat(pages.get(0)).doesNotContain("（意见完）");
        // nothing of the opinion is lost at the page breaks
        assertThat(withoutWhitespace(String.join("", pages.stream().map(ReviewDocumentsTest::withoutFooter).toList())))
                .contains(withoutWhitespace(LONG_OPINION));
        assertThat(pages).allSatisfy(page -> assertThat(page).containsPattern("第 \\d+ 页 / 共 " + pages.size() + " 页"));
    }

    @Test
    void aSheetWithoutAnInvitationSaysTheDeclarationIsNotRecorded() {
        long review = review(others.get("Q2"), SIMA, new int[] {20, 20, 20, 10, 5}, "B", "FUNDABLE",
                "研究目标明确，可予资助。", null, Instant.parse("2024-06-20T02:00:00Z"));
        String text = text(pdf(reviewDocuments.reviewSheet(review), null));
        assertThat(text).contains("司马青云", "未记录 Not recorded", "75 分（满分 100 分）");
        assertThatThrownBy(() -> reviewDocuments.reviewSheet(Long.MAX_VALUE)).isInstanceOf(DomainException.class);
    }

    // ---------------------------------------------------------------- 专家评审意见（反馈）

    @Test
    void theApplicantsCopyLabelsTheExpertsAndIdentifiesNoneOfThem() throws IOException {
        IssuedDocument feedback = reviewDocuments.anonymisedOpinions(proposal);

        assertThat(feedback.typeCode()).isEqualTo("PSFK");
        assertThat(feedback.subjectNumber()).isEqualTo(number);
        assertThat(feedback.ownerUsername()).isEqualTo("applicant1");
        byte[] pdf = pdf(feedback, "anonymised-opinions");
        String text = text(pdf);
        assertThat(text).contains("专家评审意见（反馈申请人）", number, "低重稀土高矫顽力永磁材料晶界扩散关键技术",
                "创新性", "经费合理性", "优先资助 Priority funding", "可资助 Fundable", "不予资助 Not fundable");
        assertThat(withoutWhitespace(text)).contains("75.67（去掉一个最高分和一个最低分后的平均分",
                "创新性突出，晶界扩散路线具有自主知识产权前景", "Stronglyrecommended.", "（意见完）",
                "本人×××（×××）已声明与本项目无利益冲突");
        int previous = -1;
        for (String label : List.of("专家一", "专家二", "专家三", "专家四", "专家五")) {
            assertThat(text.indexOf(label)).as(label).isGreaterThan(previous);
            previous = text.indexOf(label);
        }
        assertThat(text).doesNotContain("专家六");
        // reviews in id order: 专家一 wrote the long opinion, 专家四 the rejection, 专家五 the English one
        assertThat(text.indexOf("（意见完）")).isLessThan(text.indexOf("专家二"));
        assertThat(text.indexOf("高度重复")).isBetween(text.indexOf("专家四"), text.indexOf("专家五"));
        assertThat(text).containsPattern("评价等级 Grade\\s+D");

        assertThat(org.kcyj.document.PdfTestSupport.pageTexts(pdf)).hasSizeGreaterThanOrEqualTo(2);
        assertNoReviewerIdentity(text, "text");
        assertThat(text).doesNotContain("2024-06");

        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDDocumentInformation info = document.getDocumentInformation();
            assertThat(info.getAuthor()).isNull();
            assertThat(info.getTitle()).isEqualTo(OpinionFeedbackDocument.TITLE);
            assertThat(info.getSubject()).isEqualTo(feedback.number());
            StringBuilder values = new StringBuilder();
            for (COSName key : info.getCOSObject().keySet()) {
                values.append(key.getName()).append('=').append(info.getCOSObject().getDictionaryObject(key)).append('\n');
            }
            assertThat(values).contains("Title=", "Subject=", "Producer=", "Creator=");
            assertNoReviewerIdentity(values.toString(), "Info dictionary");
            PDMetadata xmp = document.getDocumentCatalog().getMetadata();
            String xmpText = "";
            if (xmp != null) {
                try (InputStream in = xmp.exportXMPMetadata()) {
                    xmpText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            assertNoReviewerIdentity(xmpText, "XMP");
            // every string and every (decoded) stream in the file: no login or e-mail hides anywhere
            String everything = allStringsAndStreams(document);
            assertThat(everything).contains(feedback.number());
            assertNoReviewerIdentity(everything, "PDF objects");
        }

        // what the applicant gets over the API: the same bytes and metadata without reviewers
        Api applicant = Api.as(port, "applicant1");
        Api.Response download = applicant.get("/api/v1/documents/" + feedback.number());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pdf);
        Api.Response metadata = applicant.get("/api/v1/documents/" + feedback.number() + "/metadata");
        assertThat(metadata.status()).isEqualTo(200);
        assertNoReviewerIdentity(metadata.text(), "metadata endpoint");
    }

    @Test
    void reissuingUnchangedGivesTheSameDocumentAndAChangeGivesTheNextVersion() {
        long q1 = others.get("Q1");
        String q1Number = numberOf(q1);
        long review = review(q1, ZHUGE, new int[] {22, 20, 20, 8, 8}, "B", "FUNDABLE", "基础较好，可予资助。", null,
                Instant.parse("2024-06-21T02:00:00Z"));

        IssuedDocument first = reviewDocuments.anonymisedOpinions(q1);
        assertThat(first.number()).isEqualTo(q1Number + "-PSFK-1");
        assertThat(reviewDocuments.anonymisedOpinions(q1)).isEqualTo(first);
        IssuedDocument sheet = reviewDocuments.reviewSheet(review);
        assertThat(sheet.number()).isEqualTo(q1Number + "-PSYJ-1");
        assertThat(reviewDocuments.reviewSheet(review)).isEqualTo(sheet);

        jdbc.sql("update app.review set grade = 'A', opinion = ? where id = ?").params("基础很好，建议优先资助。", review)
                .update();
        IssuedDocument second = reviewDocuments.anonymisedOpinions(q1);
        assertThat(second.number()).isEqualTo(q1Number + "-PSFK-2");
        assertThat(second.version()).isEqualTo(2);
        assertThat(text(pdf(second, null))).contains("基础很好，建议优先资助。", "85.00（平均分 mean）");
        assertThat(reviewDocuments.reviewSheet(review).number()).isEqualTo(q1Number + "-PSYJ-2");
        // the earlier versions stay as issued
        assertThat(text(pdf(first, null))).contains("基础较好，可予资助。");
        assertThat(documents.listFor(q1Number)).extracting(IssuedDocument::number)
                .containsExactlyInAnyOrder(q1Number + "-PSFK-1", q1Number + "-PSYJ-1", q1Number + "-PSFK-2",
                        q1Number + "-PSYJ-2");

        assertThatThrownBy(() -> reviewDocuments.anonymisedOpinions(others.get("Z")))
                .isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- 评审结果汇总表

    @Test
    void theSummaryRanksWithinTopicsAndMarksTrimmedScoresAndFlags() {
        IssuedDocument summary = reviewDocuments.resultSummary(call);

        assertThat(summary.typeCode()).isEqualTo("PSHZ");
        assertThat(summary.subjectNumber()).isEqualTo("CALL-" + call);
        assertThat(summary.number()).startsWith("CALL-" + call + "-PSHZ-");
        assertThat(reviewDocuments.resultSummary(call)).isEqualTo(summary);
        byte[] pdf = pdf(summary, "result-summary");
        String text = text(pdf);
        assertThat(text).contains("评审结果汇总表", callTitle, "指南方向 01 高性能稀土永磁材料", "指南方向 02 固态电池电解质材料",
                "原始", "采用得分", "分歧较大");
        assertThat(withoutWhitespace(text)).contains("宁波甬江示范大学", "甬江新材料研究院", "（去掉最高最低分）", "多数不予资助");
        String q1 = numberOf(others.get("Q1"));
        String q2 = numberOf(others.get("Q2"));
        String q3 = numberOf(others.get("Q3"));
        String r1 = numberOf(others.get("R1"));
        String r2 = numberOf(others.get("R2"));
        // topic 01: 85.00, then the tie at 75.67 by number, then 60.00; topic 02: 90.00, 70.50
        assertThat(text).containsPattern(rank(1, q1)).containsPattern(rank(2, number)).containsPattern(rank(3, q2))
                .containsPattern(rank(4, q3)).containsPattern(rank(1, r2)).containsPattern(rank(2, r1));
        assertThat(text.indexOf(q1)).isLessThan(text.indexOf(number));
        assertThat(text.indexOf(number)).isLessThan(text.indexOf(q2));
        assertThat(text.indexOf(q2)).isLessThan(text.indexOf(q3));
        assertThat(text.indexOf(q3)).isLessThan(text.indexOf("指南方向 02"));
        assertThat(text.indexOf("指南方向 02")).isLessThan(text.indexOf(r2));
        assertThat(text.indexOf(r2)).isLessThan(text.indexOf(r1));
        // reviews, raw mean, score used with the trimmed note, spread and flags: in the rows they belong to
        assertThat(row(text, q1)).endsWith("385.0085.008.00");
        assertThat(row(text, number)).endsWith("572.8075.67（去掉最高最低分）45.00分歧较大");
        assertThat(row(text, q2)).endsWith("375.6775.6710.00");
        assertThat(row(text, q3)).endsWith("360.0060.0012.00多数不予资助");
        assertThat(row(text, r2)).endsWith("390.0090.0030.00分歧较大");
        assertThat(row(text, r1)).endsWith("571.2070.50（去掉最高最低分）18.00");
        // only reviewed proposals of this call; no reviewer
        assertThat(text).doesNotContain(numberOf(others.get("Z"))).doesNotContain("其他批次的项目");
        assertNoReviewerIdentity(text, "summary");

        // a further result changes the summary: the next version
        result(others.get("Z"), 3, "80.00", "80.00", false, "5.00", false, false);
        IssuedDocument next = reviewDocuments.resultSummary(call);
        assertThat(next.number()).isEqualTo("CALL-" + call + "-PSHZ-" + (summary.version() + 1));
        assertThat(text(pdf(next, null))).containsPattern(rank(2, numberOf(others.get("Z")))).containsPattern(rank(3, number));
        jdbc.sql("delete from app.review_result where proposal_id = ?").param(others.get("Z")).update();
    }

    // ---------------------------------------------------------------- 会评表决记录

    @Test
    void thePanelRecordShowsMembersOutcomesAndEachMembersVote() {
        IssuedDocument record = reviewDocuments.panelRecord(panel);

        assertThat(record.typeCode()).isEqualTo("HPJL");
        assertThat(record.subjectNumber()).isEqualTo("CALL-" + call);
        byte[] pdf = pdf(record, "panel-record");
        String text = text(pdf);
        assertThat(text).contains("会评表决记录", callTitle, "20260315", "5 人（其中财务专家 1 人）");
        for (Person member : PANEL) {
            assertThat(text).contains(member.name(), member.unit());
        }
        assertThat(text).containsPattern("慕容晓芸\\s+注册会计师\\s+宁波天衡会计师事务所\\s+财务专家\\s+未完成");

        String q1 = numberOf(others.get("Q1"));
        String q3 = numberOf(others.get("Q3"));
        String r2 = numberOf(others.get("R2"));
        String outcomes = text.substring(text.indexOf("二、表决结果"), text.indexOf("三、个人表决明细"));
        // rank, number, title (no digits in these), for, against, abstentions, endorsements, recommended
        assertThat(outcomes).containsPattern("1 " + Pattern.quote(q1) + "\\D+5 0 0 0 是")
                .containsPattern("2 " + Pattern.quote(number) + "\\D+3 1 1 0 是")
                .containsPattern("3 " + Pattern.quote(q3) + "\\D+1 3 1 2 否")
                .containsPattern("1 " + Pattern.quote(r2) + "\\D+4 0 0 0 是");
        assertThat(withoutWhitespace(outcomes)).contains("函评多数不予资助；经两名会评专家签名推荐进入会评，表决未获多数赞成。");
        assertThat(outcomes.indexOf(q1)).isLessThan(outcomes.indexOf(number));
        assertThat(outcomes.indexOf(number)).isLessThan(outcomes.indexOf(q3));
        assertThat(outcomes.indexOf(q3)).isLessThan(outcomes.indexOf("指南方向 02"));
        assertThat(outcomes.indexOf("指南方向 02")).isLessThan(outcomes.indexOf(r2));

        String votes = text.substring(text.indexOf("三、个人表决明细"));
        String onP = section(votes, "（二）" + number, "（三）");
        assertThat(onP).containsPattern("东方静怡\\s+赞成").containsPattern("皇甫立新\\s+赞成")
                .containsPattern("上官若兰\\s+反对\\s+中试放大风险较高").containsPattern("Heinrich Vollmer\\s+赞成")
                .containsPattern("慕容晓芸（财务专家）\\s+弃权");
        String onQ3 = section(votes, "（三）" + q3, "（四）");
        assertThat(onQ3).containsPattern("皇甫立新\\s+赞成\\s+签名推荐").containsPattern("上官若兰\\s+弃权\\s+签名推荐")
                .containsPattern("东方静怡\\s+反对");
        String onR2 = section(votes, "（四）" + r2, "会评专家组组长");
        assertThat(onR2).containsPattern("慕容晓芸（财务专家）\\s+未表决");
        assertThat(reviewDocuments.panelRecord(panel)).isEqualTo(record);
        assertThatThrownBy(() -> reviewDocuments.panelRecord(Long.MAX_VALUE)).isInstanceOf(DomainException.class);
    }

    // ---------------------------------------------------------------- who may read what

    @Test
    void onlyStaffReadTheInternalDocumentsAndOnlyTheApplicantTheirFeedback() {
        String sheet = reviewDocuments.reviewSheet(reviewIds.get(1)).number();
        String feedback = reviewDocuments.anonymisedOpinions(proposal).number();
        String summary = reviewDocuments.resultSummary(call).number();
        String record = reviewDocuments.panelRecord(panel).number();
        List<String> internal = List.of(sheet, summary, record);

        for (String staff : List.of("manager1", "director", "admin")) {
            for (String document : List.of(sheet, feedback, summary, record)) {
                assertThat(status(staff, document)).as(staff + " " + document).isEqualTo(200);
            }
        }
        assertThat(status("applicant1", feedback)).isEqualTo(200);
        assertThat(Api.as(port, "applicant1").get("/api/v1/documents/" + feedback + "/metadata").status()).isEqualTo(200);
        for (String document : internal) {
            assertThat(status("applicant1", document)).as("applicant1 " + document).isEqualTo(404);
        }
        // another applicant, of the same unit, and the unit's administrator
        for (String other : List.of("applicant2", "unitadmin1")) {
            for (String document : List.of(sheet, feedback, summary, record)) {
                assertThat(status(other, document)).as(other + " " + document).isEqualTo(404);
                assertThat(Api.as(port, other).get("/api/v1/documents/" + document + "/metadata").status())
                        .isEqualTo(404);
            }
        }
        // a reviewer of the proposal reads the application form but none of the four, not even their own sheet
        String applicationForm = number + "-SBS-1";
        for (Person reviewer : List.of(SIMA, SHANGGUAN)) {
            assertThat(status(reviewer.username(), applicationForm)).as(reviewer.username()).isEqualTo(200);
            for (String document : List.of(sheet, feedback, summary, record)) {
                assertThat(status(reviewer.username(), document)).as(reviewer.username() + " " + document)
                        .isEqualTo(404);
            }
        }
        assertThat(status("reviewer1", feedback)).isEqualTo(404);
        assertThat(Api.anonymous(port).get("/api/v1/documents/" + feedback).status()).isIn(401, 404);

        // the applicant's proposal page lists the feedback but none of the internal documents
        String overview = Api.as(port, "applicant1").get("/api/v1/proposals/" + number).text();
        assertThat(overview).contains(feedback).doesNotContain(sheet);
        assertNoReviewerIdentity(overview, "the applicant's proposal overview");
    }

    // ---------------------------------------------------------------- fixture

    private void expert(Person p) {
        if (!users.exists(p.username())) {
            users.createUser(p.username(), "demo", p.displayName(), p.email(), null, p.name().matches("[A-Za-z .]+"),
                    EnumSet.of(Role.REVIEWER));
        }
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                        insert into app.expert (username, name, unit_name, title, discipline_codes, international, finance,
                            created_by, created_at, updated_by, updated_at)
                        values (?, ?, ?, ?, '43015', ?, ?, 'admin', ?, 'admin', ?)""")
                .params(p.username(), p.name(), p.unit(), p.title(), p.name().matches("[A-Za-z .]+"), p.finance(), now, now)
                .update();
    }

    private long insertTopic(String code, String title) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                        insert into app.call_topic (call_id, code, title, description, indicators, max_budget,
                            expected_projects, created_by, created_at, updated_at)
                        values (?, ?, ?, '固态电池关键材料。', '离子电导率不低于 10 mS/cm', 500, 2, 'manager1', ?, ?)""")
                .params(call, code, title, now, now).update();
        return jdbc.sql("select id from app.call_topic where call_id = ? and code = ?").params(call, code)
                .query(Long.class).single();
    }

    private long invitation(long proposalId, Person expert, int slot) {
        jdbc.sql("""
                        insert into app.review_invitation (proposal_id, slot, attempt, expert, status, invited_at,
                            responded_at, no_conflict_declared_at, created_by, created_at)
                        values (?, ?, 1, ?, 'SUBMITTED', ?, ?, ?, 'manager1', ?)""")
                .params(proposalId, slot, expert.username(), at("2024-05-30T02:00:00Z"),
                        at("2024-06-0" + slot + "T01:00:00Z"), at("2024-06-0" + slot + "T02:00:00Z"),
                        at("2024-05-30T02:00:00Z"))
                .update();
        if (hasReviewAssignments()) {
            // a schema that still records assignments apart from invitations: the expert is assigned too
            jdbc.sql("insert into app.review_assignment (proposal_id, reviewer, assigned_by, assigned_at) values (?, ?, 'manager1', ?)")
                    .params(proposalId, expert.username(), at("2024-05-30T02:00:00Z")).update();
        }
        return jdbc.sql("select id from app.review_invitation where proposal_id = ? and expert = ?")
                .params(proposalId, expert.username()).query(Long.class).single();
    }

    private boolean hasReviewAssignments() {
        return jdbc.sql("""
                        select count(*) from information_schema.tables
                        where upper(table_schema) = 'APP' and upper(table_name) = 'REVIEW_ASSIGNMENT'""")
                .query(Integer.class).single() > 0;
    }

    private long review(long proposalId, Person expert, int[] scores, String grade, String opinion, String text,
                        Long invitation, Instant submittedAt) {
        String[][] criteria = {{"innovation", "创新性", "30"}, {"feasibility", "可行性与研究基础", "25"},
                {"benefit", "预期效益与产业化前景", "25"}, {"team", "团队", "10"}, {"budget", "经费合理性", "10"}};
        StringBuilder json = new StringBuilder("[");
        int total = 0;
        for (int i = 0; i < criteria.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"code\":\"").append(criteria[i][0]).append("\",\"name\":\"")
                    .append(criteria[i][1]).append("\",\"weight\":").append(criteria[i][2]).append(",\"score\":")
                    .append(scores[i]).append('}');
            total += scores[i];
        }
        json.append(']');
        jdbc.sql("""
                        insert into app.review (proposal_id, reviewer, score, opinion, submitted_at, criteria_json, grade,
                            funding_opinion, invitation_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(proposalId, expert.username(), total, text, Timestamp.from(submittedAt), json.toString(), grade,
                        opinion, invitation)
                .update();
        return jdbc.sql("select id from app.review where proposal_id = ? and reviewer = ?")
                .params(proposalId, expert.username()).query(Long.class).single();
    }

    private void result(long proposalId, int count, String mean, String raw, boolean trimmed, String spread,
                        boolean spreadFlag, boolean rejectMajority) {
        jdbc.sql("""
                        insert into app.review_result (proposal_id, review_count, mean_score, raw_mean, trimmed, spread,
                            spread_flag, reject_majority, computed_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(proposalId, count, new java.math.BigDecimal(mean), new java.math.BigDecimal(raw), trimmed,
                        new java.math.BigDecimal(spread), spreadFlag, rejectMajority, at("2024-06-25T02:00:00Z"))
                .update();
    }

    /** A submitted proposal of applicant2 inserted directly, numbered after every generated number. */
    private long otherProposal(int n, String title, Long topic, long callId) {
        String no = String.format(Locale.ROOT, "KCYJ2026-XCL-9%02d%d", call % 100, n);
        long unit = users.unitByName(n % 2 == 0 ? "甬江新材料研究院" : "宁波甬江示范大学").orElseThrow();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                        insert into app.proposal (number, call_id, applicant, unit_id, title, pi_name, status,
                            submission_count, submitted_at, created_at, updated_at, topic_id)
                        values (?, ?, 'applicant2', ?, ?, '李华', 'REVIEWED', 1, ?, ?, ?, ?)""")
                .params(no, callId, unit, title, now, now, now, topic).update();
        return idOf(no);
    }

    private long otherCall() {
        long programme = jdbc.sql("select id from app.programme where code = 'XCL'").query(Long.class).single();
        jdbc.sql("""
                        insert into app.programme_call (programme_id, title, call_year, budget, application_deadline, status,
                            created_by, created_at)
                        values (?, '评审文档测试的另一批次', 2025, 100, ?, 'CLOSED', 'manager1', ?)""")
                .params(programme, at("2025-01-01T00:00:00Z"), at("2024-12-01T00:00:00Z")).update();
        return jdbc.sql("select max(id) from app.programme_call").query(Long.class).single();
    }

    private long panel() {
        jdbc.sql("""
                        insert into app.review_panel (call_id, seed, status, created_by, created_at, concluded_at)
                        values (?, 20260315, 'CONCLUDED', 'manager1', ?, ?)""")
                .params(call, at("2024-07-01T01:00:00Z"), at("2024-07-01T09:00:00Z")).update();
        long id = jdbc.sql("select max(id) from app.review_panel where call_id = ?").param(call).query(Long.class).single();
        for (Person member : PANEL) {
            jdbc.sql("insert into app.panel_member (panel_id, expert, finance, voted_at) values (?, ?, ?, ?)")
                    .params(id, member.username(), member.finance(),
                            member == MURONG ? null : at("2024-07-01T08:00:00Z"))
                    .update();
        }
        // votes in seat order: 东方, 皇甫, 上官, Vollmer, 慕容 (finance); "+" marks an endorsement
        vote(id, others.get("Q1"), "FOR", "FOR", "FOR", "FOR", "FOR");
        vote(id, proposal, "FOR", "FOR", "AGAINST:中试放大风险较高，产能论证不足", "FOR", "ABSTAIN");
        vote(id, others.get("Q3"), "AGAINST", "FOR+", "ABSTAIN+", "AGAINST", "AGAINST");
        vote(id, others.get("R2"), "FOR", "FOR", "FOR", "FOR", null);
        panelResult(id, others.get("Q1"), 1, 5, 0, 0, 0, true, null);
        panelResult(id, proposal, 2, 3, 1, 1, 0, true, null);
        panelResult(id, others.get("Q3"), 3, 1, 3, 1, 2, false, "函评多数不予资助；经两名会评专家签名推荐进入会评，表决未获多数赞成。");
        panelResult(id, others.get("R2"), 1, 4, 0, 0, 0, true, "慕容晓芸未参加该项表决");
        return id;
    }

    private void vote(long panelId, long proposalId, String... votes) {
        for (int i = 0; i < votes.length; i++) {
            if (votes[i] == null) {
                continue;
            }
            String[] voteAndComment = votes[i].split(":", 2);
            boolean endorsed = voteAndComment[0].endsWith("+");
            jdbc.sql("""
                            insert into app.panel_vote (panel_id, proposal_id, expert, vote, endorsed, comment_text, voted_at)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(panelId, proposalId, PANEL.get(i).username(), voteAndComment[0].replace("+", ""), endorsed,
                            voteAndComment.length > 1 ? voteAndComment[1] : null, at("2024-07-01T08:00:00Z"))
                    .update();
        }
    }

    private void panelResult(long panelId, long proposalId, int rank, int votesFor, int against, int abstentions,
                             int endorsements, boolean recommended, String note) {
        jdbc.sql("""
                        insert into app.panel_result (panel_id, proposal_id, rank_in_topic, votes_for, votes_against,
                            abstentions, endorsements, recommended, note)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(panelId, proposalId, rank, votesFor, against, abstentions, endorsements, recommended, note)
                .update();
    }

    private long idOf(String proposalNumber) {
        return jdbc.sql("select id from app.proposal where number = ?").param(proposalNumber).query(Long.class).single();
    }

    private String numberOf(long proposalId) {
        return jdbc.sql("select number from app.proposal where id = ?").param(proposalId).query(String.class).single();
    }

    private static Timestamp at(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }

    // ---------------------------------------------------------------- reading PDFs

    private int status(String user, String documentNumber) {
        return Api.as(port, user).get("/api/v1/documents/" + documentNumber).status();
    }

    /** The stored PDF; kept under target/document-samples when {@code sample} names it. */
    private byte[] pdf(IssuedDocument document, String sample) {
        byte[] pdf = documents.content(document.number()).orElseThrow();
        if (sample != null) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "document-samples"));
                Files.write(dir.resolve("review-" + sample + ".pdf"), pdf);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pdf;
    }

    static String text(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /** A page's text without its footer line and, on the first page, the document header. */
    static String withoutFooter(String page) {
        return page.replaceAll("文档编号 \\S+ +第 \\d+ 页 / 共 \\d+ 页", "");
    }

    static String withoutWhitespace(String s) {
        return s.replaceAll("\\s+", "");
    }

    /** A summary or outcome row starting with its rank and number. */
    static Pattern rank(int rank, String proposalNumber) {
        return Pattern.compile("(?m)^" + rank + " " + Pattern.quote(proposalNumber) + " ");
    }

    /**
     * A summary row without whitespace, from the number to the next row, heading or footer (the
     * extracted text keeps each cell's lines together, cell after cell).
     */
    static String row(String text, String proposalNumber) {
        int start = text.indexOf(proposalNumber);
        assertThat(start).as(proposalNumber).isNotNegative();
        var next = Pattern.compile("(?m)^\\d+ KCYJ|^[一二三四五六七八九十]+、|^说明|^文档编号").matcher(text);
        int end = next.find(start + proposalNumber.length()) ? next.start() : text.length();
        return withoutWhitespace(text.substring(start, end));
    }

    static String section(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("section " + from).isNotNegative();
        int end = text.indexOf(to, start + from.length());
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** Fails if any reviewer's login, name, account name, e-mail or unit occurs in {@code text}. */
    static void assertNoReviewerIdentity(String text, String where) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (Person reviewer : REVIEWERS) {
            for (String identifier : reviewer.identifiers()) {
                assertThat(lower).as(where + " must not contain " + identifier)
                        .doesNotContain(identifier.toLowerCase(Locale.ROOT));
            }
        }
        assertThat(lower).as(where).doesNotContain("vollmer").doesNotContain("rdoc_");
    }

    /** Every string and decoded stream reachable from the trailer, one after the other. */
    static String allStringsAndStreams(PDDocument document) throws IOException {
        StringBuilder out = new StringBuilder();
        collect(document.getDocument().getTrailer(), out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out.toString();
    }

    private static void collect(COSBase base, StringBuilder out, Set<COSBase> seen) throws IOException {
        COSBase object = base instanceof COSObject indirect ? indirect.getObject() : base;
        if (object == null || !seen.add(object)) {
            return;
        }
        if (object instanceof COSString string) {
            out.append(string.getString()).append('\n');
        } else if (object instanceof COSArray array) {
            for (COSBase item : array) {
                collect(item, out, seen);
            }
        } else if (object instanceof COSDictionary dictionary) {
            for (COSName key : dictionary.keySet()) {
                collect(dictionary.getItem(key), out, seen);
            }
            if (dictionary instanceof COSStream stream) {
                try (InputStream in = stream.createInputStream()) {
                    byte[] bytes = in.readAllBytes();
                    out.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n')
                            .append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
    }
}
