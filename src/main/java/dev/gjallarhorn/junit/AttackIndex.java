package dev.gjallarhorn.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Which attack tests judge which claim, and the JUnit tags ({@code -Dgroups}) that select them: derived from the
 * attack suite's own {@link ClaimUnderTest} and {@link Tag} annotations, never written by hand. The suite lives in
 * {@code src/test} ({@value AttackPlan#SUITE_PACKAGE}), so the build scans it once the test classes are compiled
 * (exec:java, phase process-test-classes) and writes the index into the main classes as {@value #RESOURCE};
 * the packaged command line tool ({@code claims}) reads it there without Docker, a target or the test classes. A
 * unit test checks the packaged index against a fresh scan.
 */
public record AttackIndex(List<Attack> attacks) {

    public static final String RESOURCE = "dev/gjallarhorn/junit/attack-index.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One attack test.
     *
     * @param claim  the claim it judges ({@link ClaimUnderTest})
     * @param test   {@code Class.method}
     * @param tags   its JUnit tags, the class's included: the STRIDE categories that select it
     * @param title  its display name
     */
    public record Attack(String claim, String test, List<String> tags, String title) {
    }

    public AttackIndex {
        attacks = List.copyOf(attacks);
    }

    /** The attacks of every claim, in claim id order. */
    public Map<String, List<Attack>> byClaim() {
        Map<String, List<Attack>> byClaim = new LinkedHashMap<>();
        attacks.stream().sorted(Comparator.comparing(Attack::claim)).forEach(a -> byClaim.computeIfAbsent(a.claim(), c -> new ArrayList<>()).add(a));
        return byClaim;
    }

    /** Scans the attack suite on this classpath (empty where the test classes are not on it). */
    public static AttackIndex scan() {
        List<Attack> attacks = new ArrayList<>();
        for (Class<?> type : ReflectionSupport.findAllClassesInPackage(AttackPlan.SUITE_PACKAGE,
                c -> AnnotationSupport.isAnnotated(c, AttackSuite.class), name -> true)) {
            for (Method method : type.getDeclaredMethods()) {
                Optional<ClaimUnderTest> claim = AnnotationSupport.findAnnotation(method, ClaimUnderTest.class);
                if (claim.isEmpty()) {
                    continue;
                }
                Set<String> tags = new LinkedHashSet<>();
                AnnotationSupport.findRepeatableAnnotations(type, Tag.class).forEach(t -> tags.add(t.value()));
                AnnotationSupport.findRepeatableAnnotations(method, Tag.class).forEach(t -> tags.add(t.value()));
                String title = AnnotationSupport.findAnnotation(method, DisplayName.class).map(DisplayName::value).orElse(method.getName());
                attacks.add(new Attack(claim.get().value(), type.getSimpleName() + "." + method.getName(), List.copyOf(tags), title));
            }
        }
        return new AttackIndex(attacks);
    }

    /** The index the build packaged, if this build made one. */
    public static Optional<AttackIndex> packaged() {
        try (InputStream in = AttackIndex.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return in == null ? Optional.empty() : Optional.of(JSON.readValue(in, AttackIndex.class));
        } catch (IOException e) {
            throw new HarnessError(ExitCode.HARNESS_ERROR, "the packaged attack index " + RESOURCE + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The packaged index, else a scan of the suite if it is on the classpath; a harness error when neither is there. */
    public static AttackIndex load() {
        Optional<AttackIndex> packaged = packaged();
        if (packaged.isPresent()) {
            return packaged.get();
        }
        AttackIndex scanned = scan();
        if (scanned.attacks().isEmpty()) {
            throw new HarnessError(ExitCode.HARNESS_ERROR, "this build has no attack index (" + RESOURCE + "): it was built without"
                    + " compiling the attack suite (-Dmaven.test.skip); build it with mvn package -DskipTests");
        }
        return scanned;
    }

    /** Writes the index into {@code args[0]} (the main classes folder); the build fails if the suite has no attack. */
    public static void main(String[] args) {
        AttackIndex index = scan();
        if (index.attacks().isEmpty()) {
            throw new IllegalStateException("no attack test found in " + AttackPlan.SUITE_PACKAGE + " on the test classpath");
        }
        Path file = Path.of(args[0]).resolve(RESOURCE);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.println("[gjallarhorn] attack index: " + index.attacks().size() + " attack tests for " + index.byClaim().size() + " claims -> " + file);
    }
}
