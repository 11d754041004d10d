package org.kcyj.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.kcyj.shared.CreditCode;
import org.kcyj.shared.ResidentIdNumber;

/** A complete, valid application (Form_SubmitProposal) that tests change one field at a time. */
public final class Applications {
    /** Born 1990-03-15, a man: 36 on a 2026 deadline, too old for the youth track (under 35). */
    public static final String PI_ID = ResidentIdNumber.withCheckDigit("33020319900315001");
    /** Born 1996-07-01, a woman. */
    public static final String YOUNG_PI_ID = ResidentIdNumber.withCheckDigit("33020319960701002");
    public static final String MEMBER_ID = ResidentIdNumber.withCheckDigit("33020619880808003");
    public static final String PARTNER_CODE = CreditCode.withCheckCharacter("91330200MA2AB1234");

    private Applications() {
    }

    private static final java.util.concurrent.atomic.AtomicInteger PIS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A valid ID number no other test uses, born 1980 (not youth): for a PI whose proposal a test funds, so
     * that the project cap (限项) of the shared PI does not refuse other tests' proposals.
     */
    public static String uniquePi() {
        int n = PIS.incrementAndGet();
        return ResidentIdNumber.withCheckDigit(String.format("33020319800%03d%03d", 101 + n % 28, 100 + n));
    }

    public static Map<String, Object> complete(long topicId) {
        Map<String, Object> a = new HashMap<>();
        a.put("topicId", String.valueOf(topicId));
        a.put("title", "高性能稀土永磁材料关键技术研究");
        a.put("keywords", "稀土永磁；晶界扩散；低重稀土");
        a.put("disciplineCode", "43015");
        a.put("track", "GENERAL");
        a.put("summary", "面向新能源汽车驱动电机需求，研究低重稀土高矫顽力烧结钕铁硼磁体的晶界扩散工艺与组织调控机理，"
                + "建立中试线并完成装车验证。");
        a.put("piName", "张明");
        a.put("piIdNumber", PI_ID);
        a.put("piTitle", "SENIOR");
        a.put("piPhone", "13800000001");
        a.put("piEmail", "zhang.ming@example.cn");
        a.put("partners", List.of(Map.of("name", "宁波示范磁材有限公司", "creditCode", PARTNER_CODE,
                "outsideCity", "false", "tasks", "中试线建设与装车验证")));
        a.put("team", List.of(Map.of("name", "李华", "idNumber", MEMBER_ID, "unitName", "宁波甬江示范大学",
                "title", "ASSOCIATE", "role", "CORE", "effortMonths", "8")));
        a.put("budgetMode", "ITEMISED");
        a.put("budgetLines", List.of(
                Map.of("category", "EQUIPMENT", "amount", "40", "note", "扩散炉一台"),
                Map.of("category", "MATERIALS", "amount", "30"),
                Map.of("category", "LABOUR", "amount", "10"),
                Map.of("category", "INDIRECT", "amount", "20")));
        a.put("requestedBudget", "100");
        a.put("selfFunding", "20");
        a.put("coFunding", "0");
        a.put("totalBudget", "120");
        a.put("durationMonths", "36");
        a.put("milestones", List.of(
                Map.of("title", "完成扩散工艺优化", "dueMonth", "12", "deliverable", "工艺规范一套"),
                Map.of("title", "中试线投产", "dueMonth", "30", "deliverable", "年产百吨中试线")));
        a.put("indicators", List.of(Map.of("name", "矫顽力", "targetValue", "≥ 2400", "unit", "kA/m", "method", "第三方检测")));
        a.put("exclusions", List.of(Map.of("expertName", "赵某", "unitName", "某竞争单位", "reason", "存在直接竞争关系")));
        a.put("integrityPledge", "true");
        return a;
    }

    /** A shorter complete application: 包干制, one milestone, one indicator, no partners, team or exclusions. */
    public static Map<String, Object> lumpSum(long topicId) {
        Map<String, Object> a = complete(topicId);
        a.remove("partners");
        a.remove("team");
        a.remove("exclusions");
        a.remove("budgetLines");
        a.put("budgetMode", "LUMP_SUM");
        a.put("negativeListAcknowledged", "true");
        a.put("milestones", List.of(Map.of("title", "完成中试验证", "dueMonth", "30", "deliverable", "中试报告")));
        a.put("indicators", List.of(Map.of("name", "矫顽力", "targetValue", "≥ 2400")));
        return a;
    }

    /** The complete application under another title. */
    public static Map<String, Object> titled(long topicId, String title) {
        Map<String, Object> application = complete(topicId);
        application.put("title", title);
        return application;
    }

    /** The same application as the portal's form posts it: list rows as {@code list[i].field}. */
    public static List<Map.Entry<String, String>> portalFields(Map<String, Object> application) {
        List<Map.Entry<String, String>> fields = new java.util.ArrayList<>();
        application.forEach((key, value) -> {
            if (value instanceof List<?> rows) {
                for (int i = 0; i < rows.size(); i++) {
                    int index = i;
                    ((Map<?, ?>) rows.get(i)).forEach((child, v) ->
                            fields.add(Map.entry(key + "[" + index + "]." + child, String.valueOf(v))));
                }
            } else {
                fields.add(Map.entry(key, String.valueOf(value)));
            }
        });
        return fields;
    }

    /** A small valid PDF of the given number of pages. */
    public static byte[] pdf(int pages) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < pages; i++) {
                document.addPage(new PDPage());
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
