package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.attack.failures.CreditExhaustionScenario;
import dev.gjallarhorn.attack.supply.SupplyChainScenario;
import dev.gjallarhorn.probe.ScriptOutput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.ReplayedRun;
import dev.gjallarhorn.run.SecretFingerprints;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RecordedTarget;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.Judge;
import dev.gjallarhorn.verdict.Verdict;
import dev.gjallarhorn.verdict.VerdictKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gap and Partial claims fail closed: an empty or failed probe is INCONCLUSIVE, a missing secrets file is
 * could-not-run, a rate limit counts only when it is this burst's, and "never rotated" is decided by what on the
 * target can rotate the secrets, not by the header's age.
 */
class GapProbesTest {

    static final String AS_CLAIMED_POSTURE = """
            WORKSPACE present /workspace
            INSTALLED-BY lima
            SBOM-SEARCH done
            SBOM-CONTROL found
            SANDBOX-IMAGE openclaw-sandbox:bookworm-slim
            DONE
            """;

    @TempDir
    Path reports;

    // ---- T-004 / N-SUPPLY-CHAIN-HARDENING

    @Test
    void anEmptySupplyChainOutputIsAProbeErrorNotAnOpenGap() {
        Verdict v = judge("T-004", target -> target.whenScript("supply-chain.sh").prints(""), SupplyChainScenario::lockfilePinning);
        assertThat(v.kind()).isEqualTo(VerdictKind.INCONCLUSIVE);
        assertThat(v.reason()).contains(Reason.PROBE_ERROR);
    }

    @Test
    void aFailedOrCutShortSupplyChainProbeIsInconclusive() {
        assertThat(judge("N-SUPPLY-CHAIN-HARDENING", t -> t.whenScript("supply-chain.sh").fails(1, "bash: jq: Permission denied"),
                SupplyChainScenario::hardening).reason()).contains(Reason.PROBE_ERROR);
        assertThat(judge("T-004", t -> t.whenScript("supply-chain.sh").timesOut("WORKSPACE present /workspace\n"),
                SupplyChainScenario::lockfilePinning).reason()).contains(Reason.TIMEOUT);
        assertThat(judge("T-004", t -> t.whenScript("supply-chain.sh").prints("WORKSPACE missing /workspace\nSANDBOX-IMAGE x:y\nDONE\n"),
                SupplyChainScenario::lockfilePinning).reason()).contains(Reason.PRECONDITION_UNMET);
    }

    @Test
    void aCompleteSupplyChainOutputStillDecides() {
        assertThat(judge("T-004", t -> t.whenScript("supply-chain.sh").prints(AS_CLAIMED_POSTURE), SupplyChainScenario::lockfilePinning).kind())
                .isEqualTo(VerdictKind.HOLDS);
        assertThat(judge("N-SUPPLY-CHAIN-HARDENING", t -> t.whenScript("supply-chain.sh").prints(AS_CLAIMED_POSTURE),
                SupplyChainScenario::hardening).kind()).isEqualTo(VerdictKind.HOLDS);
        Verdict unreadImage = judge("N-SUPPLY-CHAIN-HARDENING", t -> t.whenScript("supply-chain.sh").prints(
                "WORKSPACE present /workspace\nSANDBOX-IMAGE-UNREAD jq is not installed\nDONE\n"), SupplyChainScenario::hardening);
        assertThat(unreadImage.reason()).as("no image reference is not a tag").contains(Reason.PROBE_ERROR);
    }

    @Test
    void anSbomFoundByItsContentAnywhereMakesTheGapStale() {
        String withSbom = AS_CLAIMED_POSTURE.replace("SBOM-CONTROL found\n", "SBOM-CONTROL found\nSBOM CycloneDX /var/lib/openclaw/sbom/openclaw.cdx.json\n");
        Verdict v = judge("N-SUPPLY-CHAIN-HARDENING", t -> t.whenScript("supply-chain.sh").prints(withSbom), SupplyChainScenario::hardening);
        assertThat(v.kind()).isEqualTo(VerdictKind.STALE);
    }

    @Test
    void noSbomCountsOnlyWhenTheSearchFoundItsOwnControl() {
        String missed = AS_CLAIMED_POSTURE.replace("SBOM-CONTROL found", "SBOM-CONTROL missed /var/tmp/.gj-sbom-control.x/control");
        assertThat(judge("N-SUPPLY-CHAIN-HARDENING", t -> t.whenScript("supply-chain.sh").prints(missed), SupplyChainScenario::hardening).reason())
                .contains(Reason.PROBE_ERROR);
        String cut = AS_CLAIMED_POSTURE.replace("SBOM-SEARCH done", "SBOM-SEARCH timeout");
        assertThat(judge("N-SUPPLY-CHAIN-HARDENING", t -> t.whenScript("supply-chain.sh").prints(cut), SupplyChainScenario::hardening).reason())
                .contains(Reason.TIMEOUT);
        String old = AS_CLAIMED_POSTURE.replace("SBOM-SEARCH done\nSBOM-CONTROL found\n", "");
        assertThat(judge("N-SUPPLY-CHAIN-HARDENING", t -> t.whenScript("supply-chain.sh").prints(old), SupplyChainScenario::hardening).kind())
                .as("no control line: a search that finds nothing proves nothing").isEqualTo(VerdictKind.INCONCLUSIVE);
    }

    // ---- N-SECRETS-ROTATION / T-010's rotation part

    static final String RENEWER = "CANDIDATE service secrets-renewer.service runs /usr/local/sbin/secrets-renewer: # Renews the leased key in"
            + " /etc/openclaw/secrets.env\nPERIOD 80 secrets-renewer.service\nPERIOD 300 other.service\n";

    @Test
    void aValueThatChangedDuringTheRunIsARotationWhateverStartedIt() {
        TokenTheftScenario.Rotation r = rotation(FRESH + RENEWER + "DONE\n");
        assertThat(r.shortestPeriod()).contains(Duration.ofSeconds(80));
        List<String> changed = SecretsWatch.changed(Map.of("OPENROUTER_API_KEY", "sk-or-v1-aa", "GH_TOKEN", "ghp_x"),
                Map.of("OPENROUTER_API_KEY", "sk-or-v1-bb", "GH_TOKEN", "ghp_x"), Duration.ofSeconds(81));
        assertThat(changed).containsExactly("the value of OPENROUTER_API_KEY changed within 81 s of the run's first read");
        Observation o = TokenTheftScenario.notRotated(r.with(null, new SecretsWatch(changed, Duration.ofSeconds(81), Optional.empty())), 90);
        assertThat(o.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(o.detail()).contains("OPENROUTER_API_KEY").contains("secrets-renewer.service");
    }

    @Test
    void aCandidateServiceUnderWhichNothingChangedIsNoRotator() {
        TokenTheftScenario.Rotation r = rotation(FRESH + RENEWER + "DONE\n");
        Observation o = TokenTheftScenario.notRotated(r.with(null, new SecretsWatch(List.of(), Duration.ofSeconds(161), Optional.empty())), 90);
        assertThat(o.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(o.detail()).contains("no value changed within 161 s").contains("secrets-renewer.service");
        Observation short_ = TokenTheftScenario.notRotated(r.with(null, new SecretsWatch(List.of(), Duration.ofSeconds(100), Optional.empty())), 90);
        assertThat(short_.reason()).as("a watch shorter than twice the period proves nothing").contains(Reason.TIMEOUT);
        Observation unwatched = TokenTheftScenario.notRotated(r.with(null, new SecretsWatch(List.of(), Duration.ZERO,
                Optional.of("reading secrets.env again failed"))), 90);
        assertThat(unwatched.reason()).as("a candidate nobody watched may be the rotator").contains(Reason.PROBE_ERROR);
    }

    @Test
    void theHarnessesOwnTouchChangesNoValue() {
        assertThat(SecretsWatch.changed(Map.of("GH_TOKEN", "ghp_x"), new java.util.LinkedHashMap<>(Map.of("GH_TOKEN", "ghp_x")), Duration.ZERO))
                .isEmpty();
        assertThat(SecretsWatch.changed(Map.of("GH_TOKEN", "ghp_x"), Map.of(), Duration.ZERO)).hasSize(1);
    }

    static final long NOW = 1_790_000_000L;
    static final String FRESH = "FILE present /etc/openclaw/secrets.env\nGENERATED 2026-09-21T14:00:00Z\nMTIME " + (NOW - 60) + "\nNOW " + NOW
            + "\nSEARCHED timers 9\nSEARCHED cron 6\n";

    @Test
    void aMissingSecretsFileIsAPreconditionNotAVeryOldFile() {
        Observation o = notRotated("FILE missing /etc/openclaw/secrets.env\nNOW " + NOW + "\nSEARCHED timers 9\nSEARCHED cron 6\nDONE\n", Map.of());
        assertThat(o.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(o.reason()).contains(Reason.PRECONDITION_UNMET);
        // the old script's shape for a missing file: MTIME 0
        Observation old = notRotated("GENERATED \nMTIME 0\nNOW " + NOW + "\n", Map.of());
        assertThat(old.outcome()).as("no FILE/DONE line: the old output is not a finding").isEqualTo(Outcome.COULD_NOT_RUN);
    }

    @Test
    void anEmptyRotationProbeIsAProbeError() {
        Observation o = notRotated("", Map.of());
        assertThat(o.reason()).contains(Reason.PROBE_ERROR);
    }

    @Test
    void aFreshHeaderWithNoHistoryAndNoRotationMechanismHolds() {
        Observation o = notRotated(FRESH + "DONE\n", Map.of());
        assertThat(o.outcome()).as("the header's age is evidence, not the decider").isEqualTo(Outcome.SUCCEEDED);
        assertThat(o.detail()).contains("nothing on the target rotates them").contains("9 timers, 6 cron").contains("0 days old");
        assertThat(judgeRotation(FRESH + "DONE\n").kind()).isEqualTo(VerdictKind.HOLDS);
    }

    @Test
    void aTimerWhoseScriptWritesSecretsEnvIsARotation() {
        String out = FRESH + "ROTATOR timer bilrost-nightly.timer (enabled) -> bilrost-nightly.service runs /usr/local/sbin/bilrost-nightly: "
                + "sed -i \"s/^GH_TOKEN=.*/GH_TOKEN=ghp_$new/\" /etc/openclaw/secrets.env\nDONE\n";
        Observation o = notRotated(out, Map.of());
        assertThat(o.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(o.detail()).contains("bilrost-nightly");
        assertThat(judgeRotation(out).kind()).isEqualTo(VerdictKind.STALE);
    }

    @Test
    void theFingerprintsDecideWhenThereAreSome() {
        Instant today = Instant.ofEpochSecond(NOW);
        Instant then = today.minus(Duration.ofDays(200));
        var unchanged = Map.of("GH_TOKEN", new SecretFingerprints.Seen("GH_TOKEN", "f", then, Optional.empty(), true));
        Observation old = notRotated(FRESH + "DONE\n", unchanged);
        assertThat(old.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(old.detail()).contains("200 days old").contains("unchanged since " + then.toString().substring(0, 10));
        var changed = Map.of("GH_TOKEN", new SecretFingerprints.Seen("GH_TOKEN", "g", today, Optional.of(then), true));
        assertThat(notRotated(FRESH + "DONE\n", changed).outcome()).as("a value that changed is a rotation").isEqualTo(Outcome.BLOCKED);
        String withTimer = FRESH + "ROTATOR cron /etc/cron.d/x: rotate-secrets\nDONE\n";
        assertThat(notRotated(withTimer, unchanged).outcome()).as("a mechanism under which nothing changed for 200 days does not rotate")
                .isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aPlaceThatCouldNotBeSearchedIsAProbeError() {
        Observation o = notRotated(FRESH.replace("SEARCHED timers 9\n", "UNREAD timers systemctl list-unit-files failed: Access denied\n") + "DONE\n",
                Map.of());
        assertThat(o.reason()).contains(Reason.PROBE_ERROR);
        assertThat(o.detail()).contains("Access denied");
    }

    @Test
    void aTimerWhoseUnitCouldNotBeReadIsAProbeErrorNotNoRotator() {
        String out = FRESH.replace("SEARCHED timers 9\n", "UNREAD timers logrotate.timer: systemctl cat failed (exit 124)\nSEARCHED timers 9\n") + "DONE\n";
        Observation o = notRotated(out, Map.of());
        assertThat(o.outcome()).as("the unread timer may be the rotator").isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(o.reason()).contains(Reason.PROBE_ERROR);
        assertThat(o.detail()).contains("logrotate.timer");
        assertThat(judgeRotation(out).kind()).isEqualTo(VerdictKind.INCONCLUSIVE);
    }

    @Test
    void noTimerListedOnASystemdTargetIsAProbeError() {
        String out = FRESH.replace("SEARCHED timers 9\n", "UNREAD timers systemctl list-unit-files listed no timer on a systemd target\n") + "DONE\n";
        assertThat(notRotated(out, Map.of()).reason()).as("a blindfolded systemctl is not 'no timers'").contains(Reason.PROBE_ERROR);
    }

    @Test
    void aCronFileThatCouldNotBeReadIsAProbeError() {
        String out = FRESH + "UNREAD cron /etc/cron.d/bilrost: exit 1: cat: /etc/cron.d/bilrost: Input/output error\nDONE\n";
        Observation o = notRotated(out, Map.of());
        assertThat(o.reason()).contains(Reason.PROBE_ERROR);
        assertThat(o.detail()).contains("/etc/cron.d/bilrost");
    }

    // ---- T-002 / N-RATE-LIMITING

    private static TokenTheftScenario.Rotation rotation(String stdout) {
        ScriptOutput out = ScriptOutput.of(new CommandResult(Cmd.of("bash"), OptionalInt.of(0), stdout, "", Duration.ofMillis(5), false));
        return TokenTheftScenario.read(out, Map.of(), Instant.ofEpochSecond(NOW), 90, new StringBuilder());
    }

    private static Observation notRotated(String stdout, Map<String, SecretFingerprints.Seen> history) {
        ScriptOutput out = ScriptOutput.of(new CommandResult(Cmd.of("bash"), OptionalInt.of(0), stdout, "", Duration.ofMillis(5), false));
        TokenTheftScenario.Rotation r = TokenTheftScenario.read(out, history, Instant.ofEpochSecond(NOW), 90, new StringBuilder());
        return TokenTheftScenario.notRotated(r, 90);
    }

    private Verdict judgeRotation(String stdout) {
        return judge("N-SECRETS-ROTATION", t -> t.whenScript("rotation.sh").prints(stdout), run -> TokenTheftScenario.rotation(run, "N-SECRETS-ROTATION"));
    }

    private Verdict judge(String claim, java.util.function.Consumer<RecordedTarget> recording, java.util.function.Function<AttackRun, ClaimEvaluation> scenario) {
        RecordedTarget target = new RecordedTarget("lima");
        recording.accept(target);
        AttackRun run = ReplayedRun.of(target, reports);
        return Judge.judge(run.claim(claim), scenario.apply(run));
    }
}
