package dev.gjallarhorn.attack.syncgate;

import dev.gjallarhorn.probe.ScriptOutput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.util.Arrays;
import java.util.Map;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SyncGateCheckTest {

    static final String PROBE = SyncGateScenario.PROBE.text();

    @Test
    void theProbeRunsExactlyTheCandidatesThePartsNameInTheirOrder() {
        Matcher m = Pattern.compile("CANDIDATES=\"([^\"]*)\"").matcher(PROBE);
        assertThat(m.find()).isTrue();
        List<String> inScript = Arrays.stream(m.group(1).trim().split("\\s+")).toList();
        assertThat(inScript).containsExactlyElementsOf(SyncGateCheck.allCandidates());
    }

    @Test
    void everyCandidateAndTheControlHaveAStagingFunction() {
        for (String candidate : SyncGateCheck.allCandidates()) {
            assertThat(PROBE).as(candidate).contains("c_" + candidate.replace('-', '_') + "() {");
        }
        assertThat(PROBE).contains("c_control() {");
    }

    @Test
    void partNamesAreDistinctAndEveryCandidateDecidesOnePart() {
        assertThat(Arrays.stream(SyncGateCheck.values()).map(SyncGateCheck::part)).doesNotHaveDuplicates();
        assertThat(SyncGateCheck.allCandidates()).doesNotHaveDuplicates()
                .allSatisfy(c -> assertThat(SyncGateCheck.of(c)).isPresent());
    }

    static ScriptOutput output(String... lines) {
        return ScriptOutput.of(new dev.gjallarhorn.remote.CommandResult(dev.gjallarhorn.remote.Cmd.of("true"),
                java.util.OptionalInt.of(0), String.join("\n", lines), "", java.time.Duration.ZERO, false));
    }

    static final String APPLIES = "/var/lib/bilrost-twin/host-checkout";

    @Test
    void aCandidateLineOfTheInVmProbeBecomesItsObservation() {
        List<ScriptOutput.Line> lines = output(
                "CANDIDATE compressed 0 yes - ACCEPTED;",
                "CANDIDATE secret 1 no 0 BLOCK (scan) (secret scanner: finding: x:github-pat:2);REFUSED;",
                "CANDIDATE exec-bit 0 executable - ACCEPTED;",
                "CANDIDATE exec-bit 1 not-executable 0 BLOCK docs/x (executable);REFUSED;",
                "CANDIDATE odd 0 maybe -").all("CANDIDATE");
        assertThat(SyncGateScenario.observe(lines.get(0), APPLIES).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(SyncGateScenario.observe(lines.get(1), APPLIES).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(SyncGateScenario.observe(lines.get(1), APPLIES).detail()).contains("refused (exit 1; exit 0 again once it was removed)")
                .contains("github-pat").contains(APPLIES);
        assertThat(SyncGateScenario.observe(lines.get(2), APPLIES).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(SyncGateScenario.observe(lines.get(3), APPLIES).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(SyncGateScenario.observe(lines.get(4), APPLIES).reason()).contains(Reason.PROBE_ERROR);
    }

    /** Issue 20: the gate's exit is part of the in-VM oracle, as on the host side. */
    @Test
    void aRefusalInTheVmCountsOnlyIfTheGatePassesAgainWithoutTheCandidate() {
        List<ScriptOutput.Line> lines = output(
                "CANDIDATE secret 1 no 1 REFUSED;",
                "CANDIDATE secret 124 no - ",
                "CANDIDATE secret 0 no - ACCEPTED;",
                "CANDIDATE secret 1 yes - REFUSED;").all("CANDIDATE");
        assertThat(SyncGateScenario.observe(lines.get(0), APPLIES).reason()).contains(Reason.CONFLICTING_EVIDENCE);
        assertThat(SyncGateScenario.observe(lines.get(1), APPLIES).reason()).contains(Reason.TIMEOUT);
        assertThat(SyncGateScenario.observe(lines.get(2), APPLIES).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(SyncGateScenario.observe(lines.get(2), APPLIES).detail()).contains("passed the run (exit 0)");
        assertThat(SyncGateScenario.observe(lines.get(3), APPLIES).outcome()).as("what reached the host got through, whatever the exit")
                .isEqualTo(Outcome.SUCCEEDED);
    }

    /** Issue 20: no refusal of the in-VM gate counts before a harmless control reached where the gate applies. */
    @Test
    void withoutAPassingControlNoInVmCandidateIsJudged() {
        String[] head = {"GATE /usr/local/bin/sync-gate", "APPLIES " + APPLIES, "PLACE docs"};
        String refused = "CANDIDATE secret 1 no 0 BLOCK (scan);REFUSED;";
        for (String control : List.of("CONTROL 1 no BLOCK docs/x.md (outside the path allowlist);REFUSED;", "CONTROL 0 no ACCEPTED;")) {
            Map<String, ?> seen = SyncGateScenario.judgeInVm(output(head[0], head[1], head[2], control, refused), new StringBuilder());
            Observation secret = observation(seen, "secret");
            assertThat(secret.reason()).as(control).contains(Reason.ORACLE_BLIND);
            assertThat(secret.detail()).contains("positive control").contains(APPLIES);
        }
        Observation noControl = observation(SyncGateScenario.judgeInVm(output(head[0], head[1], head[2], refused), new StringBuilder()), "secret");
        assertThat(noControl.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(noControl.detail()).contains("no harmless control");
        Observation noConfig = observation(SyncGateScenario.judgeInVm(output(head[0], "NOCONFIG sync-gate --show-config failed: unknown option",
                "CONTROL 0 yes ACCEPTED;", refused), new StringBuilder()), "secret");
        assertThat(noConfig.reason()).contains(Reason.ORACLE_BLIND);
        assertThat(noConfig.detail()).contains("did not say where it applies");

        StringBuilder text = new StringBuilder();
        Map<String, ?> judged = SyncGateScenario.judgeInVm(output(head[0], head[1], head[2], "CONTROL 0 yes ACCEPTED;", refused,
                "SKIP tree-config .gitleaks.toml is already in /workspace; a candidate does not touch it"), text);
        assertThat(observation(judged, "secret").outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(observation(judged, "tree-config").reason()).contains(Reason.PRECONDITION_UNMET);
        assertThat(judged).doesNotContainKey("control");
        assertThat(text).contains("applying to " + APPLIES).contains("candidate control  [positive control]");
    }

    /** Issue 25: where nothing can be staged, every candidate says so in the probe's one line, not "docs is missing". */
    @Test
    void nowhereToStageIsOneLineForEveryCandidateOnBothSides() {
        String why = "nothing can be staged: alice can write in none of the directories the gate takes any file from (/workspace/docs);"
                + " alice cannot write in /workspace/docs (owner root, mode 755)";
        Map<String, ?> seen = SyncGateScenario.judgeInVm(output("GATE /usr/local/bin/sync-gate", "APPLIES " + APPLIES, "NOPLACE " + why),
                new StringBuilder());
        for (String candidate : SyncGateCheck.allCandidates()) {
            assertThat(observation(seen, candidate).reason()).contains(Reason.PRECONDITION_UNMET);
            assertThat(observation(seen, candidate).detail()).isEqualTo(why);
        }
        Observation control = Observation.couldNotRun("candidate control", Reason.PRECONDITION_UNMET, why);
        Observation candidate = HostSyncGate.withoutControl("candidate secret", control);
        assertThat(candidate.reason()).contains(Reason.PRECONDITION_UNMET);
        assertThat(candidate.detail()).contains(why).doesNotContain("does not pass a harmless change");
        assertThat(HostSyncGate.withoutControl("candidate secret", Observation.blocked("candidate control", "refused (exit 1)")).reason())
                .contains(Reason.ORACLE_BLIND);
    }

    /**
     * Issue 25: the place is derived from the gate's allowlist and what the owner can write, not fixed at docs. The
     * probe's own place functions run here over a scratch workspace; the owner's writes are refused under docs.
     */
    @Test
    void theStagingPlaceIsWhereTheGateTakesAnyFileAndTheOwnerCanWrite(@org.junit.jupiter.api.io.TempDir java.nio.file.Path ws) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"),
                "GNU find and stat");
        java.nio.file.Files.createDirectories(ws.resolve("docs"));
        java.nio.file.Files.createDirectories(ws.resolve("src"));
        StringBuilder functions = new StringBuilder();
        for (String f : List.of("first_missing", "remember", "allowlisted", "takes_anything_in", "place_candidates", "layer_of", "can_write", "choose_place")) {
            Matcher m = Pattern.compile("(?ms)^" + f + "\\(\\) \\{.*?^\\}$").matcher(PROBE);
            assertThat(m.find()).as(f).isTrue();
            functions.append(m.group()).append('\n');
        }
        String prelude = "set -u\np=gjh-t\nWS='" + ws + "'\nowner=alice\nSTATE='" + ws.resolve(".state") + "'\nmkdir -p \"$STATE\"; : >\"$STATE/created\"\n"
                + "as_owner() { case \"$*\" in *\"$WS/docs\"*) return 1 ;; esac; \"$@\"; }\n" + functions
                + "if choose_place; then echo \"PLACE ${place:-.}\"; else echo \"NOPLACE $noplace\"; fi\n";
        assertThat(place(prelude, "*")).isEqualTo("PLACE .");
        assertThat(place(prelude, "src/* docs/* *.md")).isEqualTo("PLACE src");
        assertThat(place(prelude, "lib/deep/* docs/*")).as("a directory the allowlist names is made").isEqualTo("PLACE lib/deep");
        String none = place(prelude, "docs/* *.md");
        assertThat(none).startsWith("NOPLACE nothing can be staged: alice can write in none of the directories the gate takes any file from ("
                + ws.resolve("docs") + ")").contains("alice cannot write in " + ws.resolve("docs") + " (owner ");
        assertThat(place(prelude, "*.md")).startsWith("NOPLACE nothing can be staged: the gate's allowlist (*.md) takes a file of any name in no directory");
    }

    /**
     * Issue 24: a family's members (a size, a path) each decide its part, recorded here as the probe printed them on
     * a twin whose scanner skipped files over 1 MB (rt-gate-scan-size-cap) and whose allowlist gained *.json.
     */
    @Test
    void eachMemberOfAFamilyIsOneObservationOfItsPart() {
        StringBuilder text = new StringBuilder();
        Map<String, SyncGateScenario.Seen> seen = SyncGateScenario.judgeInVm(output("GATE /usr/local/bin/sync-gate", "APPLIES " + APPLIES,
                "PLACE docs", "CONTROL 0 yes ACCEPTED;",
                "SIZEPROBE 8388608 0 yes", "SIZEPROBE 16777216 1 no", "SIZELIMIT 10485760 10489856",
                "CANDIDATE large-secret:1049600 0 yes - ACCEPTED;",
                "CANDIDATE large-secret:10485760 1 no 0 BLOCK (scan) (secret scanner: finding);REFUSED;",
                "CANDIDATE host-path:.vscode/tasks.json 0 yes - ACCEPTED;",
                "CANDIDATE host-path:Makefile 1 no 0 BLOCK Makefile (outside the path allowlist);REFUSED;",
                "SKIP host-path-named:package.json package.json is already there; a candidate does not touch it"), text);
        List<Observation> large = SyncGateScenario.members(seen, "large-secret").toList();
        assertThat(large).extracting(Observation::subject).containsExactly("candidate large-secret:1049600", "candidate large-secret:10485760");
        assertThat(large).extracting(Observation::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.BLOCKED);
        assertThat(SyncGateScenario.members(seen, "host-path").filter(o -> o.outcome() == Outcome.SUCCEEDED).map(Observation::subject))
                .containsExactly("candidate host-path:.vscode/tasks.json");
        assertThat(SyncGateScenario.members(seen, "host-path-named").toList()).singleElement()
                .satisfies(o -> assertThat(o.reason()).contains(Reason.PRECONDITION_UNMET));
        assertThat(SyncGateScenario.members(seen, "hard-link").toList()).singleElement()
                .satisfies(o -> assertThat(o.reason()).contains(Reason.NO_OBSERVATION));
        assertThat(SyncGateCheck.of("host-path-named:package.json")).contains(SyncGateCheck.HOST_RUN_PATH_NAMED);
        assertThat(SyncGateCheck.of("host-path:.envrc")).contains(SyncGateCheck.HOST_RUN_PATH);
        assertThat(text).contains("takes 10485760 bytes; refuses 10489856 bytes").contains("candidate large-secret:1049600  [a credential in a file of any size");
    }

    /**
     * Issue 24: the sizes a credential is hidden at come from probing the gate with harmless files (doubling from
     * 1 MiB, then halving the gap to 4 KiB), not from a number written here. The probe's own functions run over a
     * stand-in gate that takes files up to LIMIT bytes.
     */
    @Test
    void theLargeSecretSizesAreDerivedFromTheSizeTheGateStopsAt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"), "bash");
        assertThat(members("large-secret", 10485760, "*")).contains("SIZELIMIT 10485760 ")
                .contains("large-secret:1049600\nlarge-secret:2098176\nlarge-secret:4195328\nlarge-secret:8389632\nlarge-secret:10485760\n");
        assertThat(members("large-secret", 3000000, "*")).contains("large-secret:1049600\nlarge-secret:2098176\nlarge-secret:2").doesNotContain("4195328");
        String small = members("large-secret", 500000, "*");
        assertThat(small).containsPattern("large-secret:(49[6-9]|500)\\d{3}\n$").doesNotContain("1049600");
        assertThat(members("large-secret", Long.MAX_VALUE, "*")).contains("SIZELIMIT 33554432 none").contains("large-secret:16778240\nlarge-secret:33554432\n");
        assertThat(members("large-secret", 100, "*")).contains("SKIP large-secret the gate takes no file of 4 KiB");
    }

    /** Issue 24: every host-run path is a candidate; the ones the allowlist names outright are the note's. */
    @Test
    void hostRunPathsAreCandidatesAndOnlyThoseTheAllowlistNamesOutrightAreNoted() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"), "bash");
        String paths = members("host-path", 0, "src/* docs/* *.md package.json *.json");
        assertThat(paths).contains("host-path:.vscode/tasks.json\n", "host-path:.devcontainer/devcontainer.json\n", "host-path:.envrc\n",
                "host-path:.git/hooks/post-checkout\n", "host-path:.github/workflows/gjh-t.yml\n", "host-path:Makefile\n")
                .doesNotContain("package.json\n");
        assertThat(members("host-path-named", 0, "src/* docs/* *.md package.json")).isEqualTo("host-path-named:package.json\n");
        assertThat(members("host-path-named", 0, "src/* *.json")).startsWith("SKIP host-path-named the gate's allowlist (src/* *.json) names no");
    }

    /** The probe's members function for one family, over a stand-in gate that takes files up to LIMIT bytes. */
    private static String members(String family, long limit, String allowlist) {
        StringBuilder functions = new StringBuilder();
        for (String f : List.of("size_limit", "members", "host_path_candidates")) {
            Matcher m = Pattern.compile("(?ms)^" + f + "\\(\\) \\{.*?^\\}$").matcher(PROBE);
            assertThat(m.find()).as(f).isTrue();
            functions.append(m.group()).append('\n');
        }
        Matcher paths = Pattern.compile("(?ms)^HOST_PATHS=\"[^\"]*\"$").matcher(PROBE);
        Matcher cap = Pattern.compile("(?m)^SIZE_CAP=\\d+").matcher(PROBE);
        assertThat(paths.find() && cap.find()).isTrue();
        String script = "set -u\np=gjh-t\nALLOWLIST='" + allowlist + "'\n" + paths.group() + "\n" + cap.group() + "\nLIMIT=" + limit + "\n"
                + "said() { :; }\n"
                + "one() { local size=${1#*:}; if [ \"$size\" -le \"$LIMIT\" ]; then rc=0 reached=yes; else rc=1 reached=no; fi; }\n"
                + functions + "exec 3>&1\nmembers " + family + "\n";
        dev.gjallarhorn.host.HostCommand.Result r = dev.gjallarhorn.host.HostCommand.run(java.time.Duration.ofSeconds(20), "bash", "-c", script);
        assertThat(r.exit()).as(r.output()).isZero();
        return r.output();
    }

    private static String place(String prelude, String allowlist) {
        dev.gjallarhorn.host.HostCommand.Result r = dev.gjallarhorn.host.HostCommand.run(java.time.Duration.ofSeconds(20), "bash", "-c",
                "ALLOWLIST='" + allowlist + "'\n" + prelude);
        assertThat(r.exit()).as(r.output()).isZero();
        return r.output().strip();
    }

    private static Observation observation(Map<String, ?> seen, String candidate) {
        Object s = seen.get(candidate);
        assertThat(s).as(candidate).isNotNull();
        return ((SyncGateScenario.Seen) s).observation();
    }
}
