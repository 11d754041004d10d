package org.kcyj.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The fast lane ({@code mvn test}) starts no Spring context: every test class that starts one is tagged
 * "integration" (the integration lane, {@code mvn verify}), through {@link IntegrationTest},
 * {@link ProductionLikeTest} or a tag of its own. A new test class that forgets the tag fails here, in the fast lane.
 */
class TestLanesTest {
    private static final Path SOURCES = Path.of("src/test/java");
    private static final Set<String> LANE_TAGS = Set.of("integration", "crash");
    /** A test that builds the application itself (ProductionProfileTest). */
    private static final Pattern BUILDS_APPLICATION = Pattern.compile(
            "^import org\\.springframework\\.boot\\.(SpringApplication|builder\\.SpringApplicationBuilder);", Pattern.MULTILINE);

    @Test
    void everyTestClassThatStartsSpringIsInTheIntegrationLane() throws IOException {
        List<String> untagged = new ArrayList<>();
        for (String name : testClassNames()) {
            Class<?> test = load(name);
            if (startsSpring(test, source(name)) && !tags(test).contains("integration")) {
                untagged.add(name);
            }
        }
        assertThat(untagged).as("test classes that start a Spring context without the tag \"integration\"").isEmpty();
    }

    @Test
    void noTestClassIsInTwoLaneTagsAtOnce() throws IOException {
        List<String> both = new ArrayList<>();
        for (String name : testClassNames()) {
            if (tags(load(name)).containsAll(LANE_TAGS)) {
                both.add(name);
            }
        }
        assertThat(both).isEmpty();
    }

    /** The classes the pom's includes select: names ending in Test, Tests or Properties. */
    static List<String> testClassNames() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.map(p -> SOURCES.relativize(p).toString())
                    .filter(p -> p.endsWith("Test.java") || p.endsWith("Tests.java") || p.endsWith("Properties.java"))
                    .map(p -> p.substring(0, p.length() - ".java".length()).replace('/', '.').replace('\\', '.'))
                    .sorted().toList();
        }
    }

    private static boolean startsSpring(Class<?> test, String source) {
        boolean springExtension = AnnotationSupport.findRepeatableAnnotations(test, ExtendWith.class).stream()
                .flatMap(e -> Stream.of(e.value())).anyMatch(SpringExtension.class::equals);
        return springExtension || BUILDS_APPLICATION.matcher(source).find();
    }

    private static Set<String> tags(Class<?> test) {
        return AnnotationSupport.findRepeatableAnnotations(test, Tag.class).stream().map(Tag::value).collect(Collectors.toSet());
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, TestLanesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("Not compiled: " + name, e);
        }
    }

    private static String source(String name) throws IOException {
        return Files.readString(SOURCES.resolve(name.replace('.', '/') + ".java"), StandardCharsets.UTF_8);
    }
}
