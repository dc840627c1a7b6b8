package dev.gjallarhorn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as a user meets it: help everywhere, and one line with a documented exit for every bad input. */
class MainTest {

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("gjallarhorn.timeout.conect");
    }

    static void assertOneLine(Result result, ExitCode expected, String contains) {
        assertThat(result.exit()).as("exit; stderr: %s", result.err()).isEqualTo(expected.code());
        assertThat(result.err().strip().lines()).as("one line on stderr").hasSize(1).first().asString()
                .startsWith("gjallarhorn: ").contains(contains);
        assertThat(result.err()).doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"twin", "target", "gate", "expect", "settings", "setup", "claims", "faults", "register-change"})
    void everySubcommandHasHelp(String command) {
        Result result = run(command, "--help");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("Usage: gjallarhorn " + command);
    }

    @Test
    void aPolicyTheGateDoesNotKnowIsOneLineAndUsage() {
        assertOneLine(run("gate", "--fail-on", "garbage"), ExitCode.USAGE, "--fail-on");
        assertThat(run("gate", "--fail-on", "garbage").err()).contains("CONTRADICTED, REGRESSIONS");
    }

    @Test
    void aCorruptVerdictFileIsOneLineAndAHarnessError(@TempDir Path reports) throws Exception {
        Files.writeString(reports.resolve("run.json"), "{\"id\":\"gjh-1\",\"state\":\"finished\",\"hygiene\":{\"leaks\":[]},\"coverage\":{},\"harnessErrors\":[]}");
        Files.writeString(reports.resolve("verdicts.json"), "{\"run\":{\"id\":\"gjh-1\"},\"claims\":[{");
        assertOneLine(run("gate", "--reports", reports.toString()), ExitCode.HARNESS_ERROR, "verdicts.json is not a gjallarhorn verdicts.json");
        Files.writeString(reports.resolve("run.json"), "garbage");
        assertOneLine(run("gate", "--reports", reports.toString()), ExitCode.HARNESS_ERROR, "run.json is not a gjallarhorn run.json");
    }

    @Test
    void anUnknownSettingStopsEveryCommandWithOneLine() {
        System.setProperty("gjallarhorn.timeout.conect", "30");
        assertOneLine(run("settings"), ExitCode.USAGE, "did you mean gjallarhorn.timeout.connect?");
    }

    @Test
    void settingsListsEverySettingWithItsDefault() {
        Result result = run("settings");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("gjallarhorn.timeout.connect = 15s  (default)").contains("gjallarhorn.inconclusiveBudget = 3  (default)");
    }

    @Test
    void anUnknownCommandIsOneLine() {
        assertOneLine(run("attak"), ExitCode.USAGE, "attak");
    }
}
