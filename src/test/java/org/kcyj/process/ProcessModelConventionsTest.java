package org.kcyj.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.DiagramElement;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * House rules for the BPMN files in processes/: readable bilingual labels, hand-chosen ids,
 * history time to live, a complete left-to-right diagram, no async continuations.
 */
class ProcessModelConventionsTest {

    /** Ids as Camunda Modeler generates them, e.g. Activity_0x1abcd. */
    private static final Pattern GENERATED_ID = Pattern.compile("^(Activity|Task|Gateway|Event|Flow)_[0-9a-z]{7}$");
    private static final Pattern CHINESE = Pattern.compile("\\p{IsHan}");
    private static final Pattern ENGLISH = Pattern.compile("[A-Za-z]{2,}");
    private static final Pattern DELEGATE_EXPRESSION = Pattern.compile("^\\$\\{[a-z][A-Za-z0-9]*}$");

    private static BpmnModelInstance read(String file) throws IOException {
        try (InputStream in = ProcessModelConventionsTest.class.getClassLoader()
                .getResourceAsStream("processes/" + file)) {
            assertThat(in).as("classpath processes/%s", file).isNotNull();
            return Bpmn.readModelFromStream(in);
        }
    }

    /** Every BPMN file in processes/ on the test classpath, so a new process is checked too. */
    static Stream<String> processFiles() throws IOException, URISyntaxException {
        URL dir = ProcessModelConventionsTest.class.getClassLoader().getResource("processes");
        assertThat(dir).as("processes/ on the classpath").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".bpmn")).sorted().toList();
            assertThat(names).contains("programme-call.bpmn", "proposal.bpmn", "peer-review.bpmn", "award.bpmn", "project.bpmn");
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("processFiles")
    void processIsExecutableVersionedAndHasHistoryTimeToLive(String file) throws IOException {
        Collection<Process> processes = read(file).getModelElementsByType(Process.class);
        assertThat(processes).hasSize(1);
        Process process = processes.iterator().next();
        assertThat(process.isExecutable()).as("%s isExecutable", file).isTrue();
        assertThat(process.getCamundaHistoryTimeToLiveString()).as("%s historyTimeToLive", file).isNotBlank();
        assertThat(process.getCamundaHistoryTimeToLive()).as("%s historyTimeToLive in days", file).isPositive();
        assertThat(process.getCamundaVersionTag()).as("%s versionTag", file).isNotBlank();
        assertThat(process.getName()).as("%s process name", file).containsPattern(CHINESE).containsPattern(ENGLISH);
    }

    @ParameterizedTest
    @MethodSource("processFiles")
    void everyFlowNodeAndEveryGatewayBranchHasABilingualName(String file) throws IOException {
        BpmnModelInstance model = read(file);
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            assertThat(node.getName()).as("%s: name of %s", file, node.getId())
                    .isNotBlank().containsPattern(CHINESE).containsPattern(ENGLISH);
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            if (flow.getSource() instanceof Gateway) {
                assertThat(flow.getName()).as("%s: name of %s leaving a gateway", file, flow.getId())
                        .isNotBlank().containsPattern(CHINESE).containsPattern(ENGLISH);
                assertThat(flow.getConditionExpression()).as("%s: condition of %s", file, flow.getId()).isNotNull();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("processFiles")
    void noIdLooksGenerated(String file) throws IOException {
        BpmnModelInstance model = read(file);
        List<String> ids = new ArrayList<>();
        for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
            assertThat(element.getId()).as("%s: id of a %s", file, element.getElementType().getTypeName()).isNotBlank();
        }
        // optional ids (multi-instance characteristics, diagram labels) may be absent; those present must be readable
        for (BaseElement element : model.getModelElementsByType(BaseElement.class)) {
            ids.add(element.getId());
        }
        for (DiagramElement element : model.getModelElementsByType(DiagramElement.class)) {
            ids.add(element.getId());
        }
        ids.removeIf(Objects::isNull);
        assertThat(ids).as("%s ids", file).isNotEmpty().noneMatch(id -> GENERATED_ID.matcher(id).matches());
    }

    @ParameterizedTest
    @MethodSource("processFiles")
    void diagramIsCompleteAndShapesDoNotOverlap(String file) throws IOException {
        BpmnModelInstance model = read(file);
        List<FlowNode> nodes = new ArrayList<>(model.getModelElementsByType(FlowNode.class));
        for (FlowNode node : nodes) {
            assertThat(node.getDiagramElement()).as("%s: BPMNShape of %s", file, node.getId())
                    .isInstanceOf(BpmnShape.class);
            assertThat(((BpmnShape) node.getDiagramElement()).getBounds()).as("%s: bounds of %s", file, node.getId())
                    .isNotNull();
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            assertThat(flow.getDiagramElement()).as("%s: BPMNEdge of %s", file, flow.getId())
                    .isInstanceOf(BpmnEdge.class);
            assertThat(((BpmnEdge) flow.getDiagramElement()).getWaypoints()).as("%s: waypoints of %s", file, flow.getId())
                    .hasSizeGreaterThanOrEqualTo(2);
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                FlowNode a = nodes.get(i);
                FlowNode b = nodes.get(j);
                if (a instanceof BoundaryEvent || b instanceof BoundaryEvent || contains(a, b) || contains(b, a)) {
                    continue;
                }
                assertThat(overlap(bounds(a), bounds(b))).as("%s: %s overlaps %s", file, a.getId(), b.getId()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("processFiles")
    void tasksUseFormsAndDelegateBeansAndNothingIsAsync(String file) throws IOException {
        BpmnModelInstance model = read(file);
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            assertThat(task.getCamundaFormRef()).as("%s: formRef of %s", file, task.getId()).startsWith("Form_");
            assertThat(task.getCamundaFormRefBinding()).as("%s: formRefBinding of %s", file, task.getId()).isEqualTo("latest");
            boolean forRole = task.getCamundaCandidateGroups() != null && !task.getCamundaCandidateGroups().isBlank();
            boolean forPerson = task.getCamundaAssignee() != null && !task.getCamundaAssignee().isBlank();
            assertThat(forRole ^ forPerson).as("%s: %s is for exactly one role or one person", file, task.getId()).isTrue();
        }
        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            assertThat(task.getCamundaDelegateExpression()).as("%s: delegateExpression of %s", file, task.getId())
                    .matches(DELEGATE_EXPRESSION);
        }
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            assertThat(node.isCamundaAsyncBefore() || node.isCamundaAsyncAfter())
                    .as("%s: %s is async", file, node.getId()).isFalse();
        }
        for (MultiInstanceLoopCharacteristics loop : model.getModelElementsByType(MultiInstanceLoopCharacteristics.class)) {
            assertThat(loop.isCamundaAsyncBefore() || loop.isCamundaAsyncAfter())
                    .as("%s: multi-instance body is async", file).isFalse();
        }
    }

    private static boolean contains(ModelElementInstance container, ModelElementInstance element) {
        for (ModelElementInstance parent = element.getParentElement(); parent != null; parent = parent.getParentElement()) {
            if (parent == container) {
                return true;
            }
        }
        return false;
    }

    private static Bounds bounds(FlowNode node) {
        return ((BpmnShape) node.getDiagramElement()).getBounds();
    }

    private static boolean overlap(Bounds a, Bounds b) {
        return a.getX() < b.getX() + b.getWidth() && b.getX() < a.getX() + a.getWidth()
                && a.getY() < b.getY() + b.getHeight() && b.getY() < a.getY() + a.getHeight();
    }
}
