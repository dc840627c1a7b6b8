package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn verify -Pattack -Dgjallarhorn.reports=elsewhere} (a relative folder, as a user types it) writes every
 * report there, the Allure report included, and the exit gate names only files that exist. Runs the build in a copy of
 * the checkout (its own target/), against a threat model none of whose claims has an attack, so nothing is
 * attacked and no twin is needed: the exit gate ends the build with exit 13 (nothing attacked), after the report.
 */
class ReportsFolderIT {

    @Test
    void theAllureReportFollowsTheReportsFolder(@TempDir Path dir) throws Exception {
        Path checkout = dir.resolve("checkout");
        for (String part : List.of("pom.xml", "src", "scenarios", "lima")) {
            copy(Path.of(part), checkout.resolve(part));
        }
        Path model = Files.writeString(checkout.resolve("mine.md"), """
                ## Risk Register
                | ID | Threat | STRIDE | L | I | Risk | Status |
                |---|---|---|---|---|---|---|
                | X-900 | A threat no attack covers | T | 2 | 2 | 4 | Gap |
                """);
        Path log = dir.resolve("mvn.log");
        Process mvn = new ProcessBuilder("mvn", "-B", "-ntp", "verify", "-Pattack", "-Dgjallarhorn.reports=elsewhere",
                "-Dgjallarhorn.threatModel=" + model)
                .directory(checkout.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(mvn.waitFor(10, TimeUnit.MINUTES)).as("the build finished").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(mvn.exitValue()).as(tail(output)).isEqualTo(1);
        assertThat(output).as(tail(output)).contains("[exit 13 COVERAGE_LOST]");

        Path elsewhere = checkout.resolve("elsewhere");
        assertThat(elsewhere.resolve("allure-report/index.html")).as("the HTML report is in the reports folder").isNotEmptyFile();
        assertThat(elsewhere.resolve("allure-results/categories.json")).exists();
        assertThat(elsewhere.resolve("verdicts.json")).exists();
        assertThat(elsewhere.resolve("gjallarhorn.sarif")).exists();
        assertThat(elsewhere.resolve("register.patch")).as("nothing to edit, no patch").doesNotExist();
        assertThat(checkout.resolve("reports/allure-report")).as("nothing in the default folder").doesNotExist();
        assertThat(checkout.resolve("target/elsewhere")).doesNotExist();

        Matcher printed = Pattern.compile("(?m)^reports: (.*)$").matcher(output);
        assertThat(printed.find()).as("the gate says where the reports are").isTrue();
        for (String path : printed.group(1).replaceAll(" \\(serve .*$", "").split(", ")) {
            assertThat(Path.of(path)).as("the gate printed " + path).exists().startsWith(elsewhere);
        }
        assertThat(printed.group(1)).contains(elsewhere.resolve("allure-report/index.html").toString());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                    target.toFile().setExecutable(Files.isExecutable(source));
                }
            }
        }
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
