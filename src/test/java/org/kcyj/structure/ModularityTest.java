package org.kcyj.structure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.kcyj.KcyjApplication;
import org.kcyj.workflow.ProcessStep;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * The module structure the build keeps honest (docs/architecture.md, "Modules"): every direct sub-package of
 * {@code org.kcyj} is a module whose top package is its published API (sub-packages are internal unless
 * published as a named interface); modules form no cycle; only {@code workflow} touches Camunda's engine;
 * the web layer and the process steps reach facades, never repositories, SQL or the engine. No Spring context.
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(KcyjApplication.class);

    static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.kcyj");

    /** Data access that belongs to the module owning the table: repositories, stores and SQL. */
    static final DescribedPredicate<JavaClass> DATA_ACCESS = DescribedPredicate.describe(
            "repositories, stores or SQL",
            type -> type.getSimpleName().endsWith("Repository") || type.getSimpleName().endsWith("Store")
                    || type.getPackageName().startsWith("org.springframework.jdbc")
                    || type.getPackageName().startsWith("javax.sql"));

    @Test
    void modulesFormNoCycleAndReachEachOtherOnlyThroughWhatTheyPublish() {
        MODULES.verify();
    }

    @Test
    void onlyTheWorkflowModuleUsesCamundasEngine() {
        noClasses().that().resideOutsideOfPackage("org.kcyj.workflow..")
                .should().dependOnClassesThat(DescribedPredicate.describe(
                        "Camunda's engine API (security may use its REST and webapp HTTP integration)",
                        type -> type.getPackageName().startsWith("org.camunda")
                                && !type.getPackageName().startsWith("org.camunda.bpm.engine.rest")
                                && !type.getPackageName().startsWith("org.camunda.bpm.webapp")))
                .because("stages declare process steps and find tasks through org.kcyj.workflow")
                .check(PRODUCT);
        noClasses().that().resideOutsideOfPackages("org.kcyj.workflow..", "org.kcyj.security..")
                .should().dependOnClassesThat().resideInAPackage("org.camunda..")
                .because("only the guard in front of Camunda's REST API and webapps touches their HTTP classes")
                .check(PRODUCT);
    }

    @Test
    void controllersCallFacadesOnly() {
        noClasses().that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat(DATA_ACCESS)
                .because("the web layer goes through a stage's facade, which checks who may act")
                .check(PRODUCT);
    }

    @Test
    void processStepsReadIdsAndCallOneFacade() {
        DescribedPredicate<JavaClass> declaresSteps = DescribedPredicate.describe("declare process steps",
                type -> !type.getPackageName().startsWith("org.kcyj.workflow")
                        && type.getDirectDependenciesFromSelf().stream()
                        .anyMatch(d -> d.getTargetClass().isEquivalentTo(ProcessStep.class)));
        noClasses().that(declaresSteps)
                .should().dependOnClassesThat(DATA_ACCESS)
                .because("a step reads ids from the process and hands over to its stage's facade")
                .check(PRODUCT);
    }

    /**
     * The diagrams in docs/modules are rendered from the code; when a module or a dependency changes, they are
     * rendered again with {@code mvn test -Dtest=ModularityTest -Dkcyj.write-module-docs=true}.
     */
    @Test
    void theModuleDiagramsInDocsMatchTheCode() throws IOException {
        Path docs = Path.of("docs", "modules");
        boolean write = Boolean.getBoolean("kcyj.write-module-docs");
        Path rendered = write ? docs : Path.of("target", "module-docs");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(rendered.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        for (String name : names(rendered)) {
            inStableOrder(rendered.resolve(name));
        }
        Files.writeString(rendered.resolve("README.md"), overview());
        if (write) {
            return;
        }
        List<String> expected = names(rendered);
        assertThat(names(docs)).as("diagrams in docs/modules (render again: -Dkcyj.write-module-docs=true)")
                .containsExactlyElementsOf(expected);
        for (String name : expected) {
            assertThat(Files.readString(docs.resolve(name)))
                    .as("docs/modules/%s (render again: -Dkcyj.write-module-docs=true)", name)
                    .isEqualTo(Files.readString(rendered.resolve(name)));
        }
    }

    /**
     * The module map as Markdown with a Mermaid graph, which renders where the PlantUML files do not. Edges to
     * {@code shared} are left out of the graph: every module may use it.
     */
    static String overview() {
        StringBuilder graph = new StringBuilder("```mermaid\ngraph LR\n");
        StringBuilder table = new StringBuilder("| module | package | published beyond its top package | uses |\n|---|---|---|---|\n");
        MODULES.stream().sorted(Comparator.comparing(ApplicationModule::getName)).forEach(module -> {
            List<String> uses = module.getDirectDependencies(MODULES).uniqueModules().map(ApplicationModule::getName)
                    .sorted().toList();
            uses.stream().filter(used -> !used.equals("shared"))
                    .forEach(used -> graph.append("  ").append(module.getName()).append(" --> ").append(used).append('\n'));
            String published = module.getNamedInterfaces().stream().filter(named -> !named.isUnnamed())
                    .map(named -> named.getName()).sorted().collect(Collectors.joining(", "));
            table.append("| ").append(module.getName()).append(" | `").append(module.getBasePackage().getName())
                    .append("` | ").append(published.isEmpty() ? "—" : published).append(" | ")
                    .append(String.join(", ", uses)).append(" |\n");
        });
        return "# Modules\n\nRendered from the code by `ModularityTest` (do not edit by hand; render again with\n"
                + "`mvn test -Dtest=ModularityTest -Dkcyj.write-module-docs=true`). `components.puml` is the same map as a\n"
                + "C4 component diagram, and `module-<name>.puml` each module with its neighbours (PlantUML).\n\n"
                + graph + "```\n\n" + table;
    }

    /**
     * The Documenter writes a diagram's components and relations in an order that changes from run to run; sorted,
     * the same code renders the same file.
     */
    private static void inStableOrder(Path diagram) throws IOException {
        if (!diagram.toString().endsWith(".puml")) {
            return;
        }
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(diagram));
        for (String kind : List.of("Component(", "Rel(")) {
            List<Integer> at = new java.util.ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().startsWith(kind)) {
                    at.add(i);
                }
            }
            List<String> sorted = at.stream().map(lines::get).sorted().toList();
            for (int i = 0; i < at.size(); i++) {
                lines.set(at.get(i), sorted.get(i));
            }
        }
        Files.write(diagram, lines);
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".puml") || n.equals("README.md")).sorted().toList();
        }
    }
}
