package dev.gjallarhorn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's table of exit codes is the one the tool uses: every code, once, in order. */
class ExitCodeTableTest {

    @Test
    void theReadmeDocumentsEveryExitCode() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("| Code | Meaning |"));
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(table.substring(0, table.indexOf("\n\n")));
        List<Integer> documented = new java.util.ArrayList<>();
        while (row.find()) {
            documented.add(Integer.parseInt(row.group(1)));
        }
        assertThat(documented).containsExactlyElementsOf(Arrays.stream(ExitCode.values()).map(ExitCode::code).toList());
    }
}
