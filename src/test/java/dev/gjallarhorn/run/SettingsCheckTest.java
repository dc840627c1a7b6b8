package dev.gjallarhorn.run;

import dev.gjallarhorn.report.FailOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every setting is checked before anything runs: one line naming the property and the accepted form, exit USAGE. */
class SettingsCheckTest {

    static Properties props(String... keyValue) {
        Properties p = new Properties();
        for (int i = 0; i < keyValue.length; i += 2) {
            p.setProperty(keyValue[i], keyValue[i + 1]);
        }
        return p;
    }

    static HarnessError refused(String... keyValue) {
        HarnessError error = (HarnessError) org.assertj.core.api.Assertions.catchThrowable(() -> RunSettings.from(props(keyValue)));
        assertThat(error).as("refused: %s", String.join(" ", keyValue)).isNotNull();
        assertThat(error.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(error.getMessage()).doesNotContain("\n");
        return error;
    }

    @ParameterizedTest(name = "{0}={1} is {2} ms")
    @CsvSource({"gjallarhorn.timeout.connect, 30s, 30000", "gjallarhorn.timeout.connect, 30, 30000",
            "gjallarhorn.timeout.probe, 500ms, 500", "gjallarhorn.timeout.command, 2m, 120000", "gjallarhorn.timeout.probe, 1.5s, 1500"})
    void aDurationIsSecondsOrANumberWithItsUnit(String key, String value, long millis) {
        RunSettings settings = RunSettings.from(props(key, value));
        Duration read = switch (key) {
            case "gjallarhorn.timeout.connect" -> settings.connectTimeout();
            case "gjallarhorn.timeout.probe" -> settings.probeTimeout();
            default -> settings.commandTimeout();
        };
        assertThat(read).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"gjallarhorn.timeout.connect, 30 seconds", "gjallarhorn.timeout.connect, -5", "gjallarhorn.timeout.probe, 0",
            "gjallarhorn.timeout.command, PT30S", "gjallarhorn.timeout.connect, thirty"})
    void aDurationTheParserRefusesNamesThePropertyAndTheAcceptedForm(String key, String value) {
        assertThat(refused(key, value).getMessage()).startsWith(key + ": '" + value + "' is not a positive duration")
                .contains("accepted: a positive duration: seconds (30) or a number with ms, s or m");
    }

    @Test
    void anEmptyTargetIsAnErrorAndTheTwinIsTheDefaultOnlyWhenTheTargetIsAbsent() {
        assertThat(refused("gjallarhorn.target", "").getMessage()).startsWith("gjallarhorn.target is empty")
                .contains("leave the property out for the default (twin)");
        assertThat(refused("gjallarhorn.target", "  ").getMessage()).startsWith("gjallarhorn.target is empty");
        assertThat(RunSettings.from(props()).target()).isEqualTo("twin");
    }

    @Test
    void aTargetNobodyCanReadIsRefusedBeforeAnythingStarts() {
        assertThat(refused("gjallarhorn.target", "vm:nowhere").getMessage()).contains("unknown target 'vm:nowhere'");
        assertThat(refused("gjallarhorn.target", "twin:as-claimed+no-such-fault").getMessage()).contains("unknown twin fault 'no-such-fault'");
    }

    @Test
    void aBaselineThatDoesNotExistIsAnError() {
        assertThat(refused("gjallarhorn.baseline", "/nowhere/verdicts.json").getMessage())
                .isEqualTo("gjallarhorn.baseline: no such file: /nowhere/verdicts.json (accepted: the path of an existing file)");
    }

    @Test
    void anUnknownSettingIsAnErrorWithADidYouMean() {
        assertThat(refused("gjallarhorn.timeout.conect", "30").getMessage())
                .startsWith("unknown setting gjallarhorn.timeout.conect; did you mean gjallarhorn.timeout.connect?");
        assertThat(refused("gjallarhorn.invasiv", "true").getMessage()).contains("did you mean gjallarhorn.invasive?");
    }

    @Test
    void aStrideTagWithATypoIsAnErrorNamingTheValidOnes() {
        assertThat(refused("groups", "informaton-disclosure").getMessage())
                .startsWith("groups: unknown STRIDE tag 'informaton-disclosure'; did you mean information-disclosure?")
                .contains("valid: spoofing, tampering, repudiation, information-disclosure, denial-of-service, elevation-of-privilege");
        assertThat(refused("excludedGroups", "spoofing,dos").getMessage()).contains("unknown STRIDE tag 'dos'");
        assertThat(SettingsCheck.problems(props("groups", "spoofing & !tampering | denial-of-service"))).isEmpty();
    }

    @Test
    void flagsAndPoliciesTakeOnlyTheirWords() {
        assertThat(refused("gjallarhorn.strict", "yes").getMessage()).contains("'yes' is neither true nor false");
        assertThat(RunSettings.from(props("gjallarhorn.strict", "")).strict()).as("the name alone means true").isTrue();
        assertThat(refused("gjallarhorn.failOn", "garbage").getMessage()).contains("accepted: contradicted or regressions");
        assertThat(RunSettings.from(props("gjallarhorn.failOn", "Regressions")).failOn()).isEqualTo(FailOn.REGRESSIONS);
        assertThat(refused("gjallarhorn.inconclusiveBudget", "0").getMessage()).contains("at least 1");
    }

    @Test
    void addressesMustBeLiteralsSoNoNameIsEverResolved() {
        assertThat(refused("gjallarhorn.canary.address", "host.lima.internal").getMessage()).contains("not an address literal");
        assertThat(RunSettings.from(props("gjallarhorn.canary.address", "192.168.5.2")).canaryAddress()).contains("192.168.5.2");
        assertThat(SettingsCheck.problems(props("gjallarhorn.canary.bind", "::1"))).isEmpty();
    }

    @Test
    void everyProblemIsReportedOnOneLine() {
        HarnessError error = refused("gjallarhorn.timeout.connect", "-5", "gjallarhorn.target", "", "groups", "nope");
        assertThat(error.getMessage()).contains("(and 2 more:");
    }

    @Test
    void claimsNarrowTheRun() {
        RunSettings settings = RunSettings.from(props("gjallarhorn.claims", "C-FIREWALL, T-003"));
        assertThat(settings.claims()).containsExactlyInAnyOrder("C-FIREWALL", "T-003");
        assertThat(RunSettings.narrowed(props("gjallarhorn.claims", "C-FIREWALL"))).isTrue();
        assertThat(RunSettings.narrowed(props("gjallarhorn.target", "twin"))).isFalse();
        assertThat(refused("gjallarhorn.claims", "firewall").getMessage()).contains("'firewall' is not a claim id");
    }

    @Test
    void whereReportsGoIsKnownEvenWhenOtherSettingsAreBad() {
        assertThat(RunSettings.reportsOf(props("gjallarhorn.reports", "/tmp/r", "gjallarhorn.timeout.connect", "-5"))).isEqualTo(Path.of("/tmp/r"));
        assertThatThrownBy(() -> RunSettings.from(props("gjallarhorn.reports", "/tmp/r", "gjallarhorn.timeout.connect", "-5")))
                .isInstanceOf(HarnessError.class);
    }
}
