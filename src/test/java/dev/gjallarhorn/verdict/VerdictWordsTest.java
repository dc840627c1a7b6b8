package dev.gjallarhorn.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Only {@link VerdictKind} spells a verdict word in a string literal of the main code; comments do not count. */
class VerdictWordsTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern WORD = Pattern.compile("\\b(HOLDS|CONTRADICTED|STALE|INCONCLUSIVE|NOT_EXERCISED)\\b");
    private static final Path LABEL_TYPE = Path.of("dev/gjallarhorn/verdict/VerdictKind.java");
    private static final Set<String> ALLOWED = Set.of();

    @Test
    void noVerdictWordOutsideTheLabelType() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Path relative = MAIN.relativize(file);
                if (relative.equals(LABEL_TYPE) || ALLOWED.contains(relative.toString().replace('\\', '/'))) {
                    continue;
                }
                for (String literal : literals(Files.readString(file))) {
                    if (WORD.matcher(literal).find()) {
                        found.add(relative + ": \"" + literal + "\"");
                    }
                }
            }
        }
        assertThat(found).as("verdict words spelled outside VerdictKind").isEmpty();
    }

    @Test
    void theScanSeesLiteralsButNotComments() {
        String source = "// \"HOLDS\"\n/* \"STALE\" */ class A { String a = \"x \\\" CONTRADICTED\"; char c = '\"'; String b = \"NOT_EXERCISED\"; }";
        assertThat(literals(source)).containsExactly("x \\\" CONTRADICTED", "NOT_EXERCISED");
    }

    @Test
    void labelsReadBackAsTheyAreWritten() {
        String timeout = VerdictKind.INCONCLUSIVE.label(Optional.of(Reason.TIMEOUT));
        assertThat(timeout).isEqualTo("INCONCLUSIVE(timeout)");
        assertThat(VerdictKind.ofLabel(timeout)).contains(VerdictKind.INCONCLUSIVE);
        assertThat(VerdictKind.ofLabel("NOTED")).isEmpty();
        assertThat(VerdictKind.ofLabel(null)).isEmpty();
        assertThat(VerdictKind.decidedLabel("STALE")).isTrue();
        assertThat(VerdictKind.decidedLabel(timeout)).isFalse();
        assertThat(VerdictKind.ofMessage("INCONCLUSIVE(timeout): T-001: x")).contains(VerdictKind.INCONCLUSIVE);
        assertThat(VerdictKind.ofMessage("HOLDS (known gap): T-002")).contains(VerdictKind.HOLDS);
        assertThat(VerdictKind.ofMessage("CONTRADICTED: C-FIREWALL")).contains(VerdictKind.CONTRADICTED);
        assertThat(VerdictKind.ofMessage("CONTRADICTEDX: no")).isEmpty();
        assertThat(VerdictKind.ofMessage("boom")).isEmpty();
    }

    /** The contents of the string literals (and text blocks) of Java source, escapes left as written. */
    static List<String> literals(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                literals.add(source.substring(i + 3, end));
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    literals.add(source.substring(i + 1, Math.min(j, n)));
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    @Test
    void theConstantWordsAreTheLabels() {
        assertThat(List.of(VerdictKind.Words.HOLDS, VerdictKind.Words.CONTRADICTED, VerdictKind.Words.STALE, VerdictKind.Words.INCONCLUSIVE))
                .containsExactly(VerdictKind.HOLDS.label(), VerdictKind.CONTRADICTED.label(), VerdictKind.STALE.label(), VerdictKind.INCONCLUSIVE.label());
    }
}
