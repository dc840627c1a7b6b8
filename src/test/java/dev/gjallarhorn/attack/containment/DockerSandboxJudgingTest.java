package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.probe.ScriptOutput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimKind;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.Judge;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Verdict;
import dev.gjallarhorn.verdict.VerdictKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * C-DOCKER-SANDBOX judged from recorded output of {@code sandbox-replica.sh config} and {@code sandbox-inside.sh}: the
 * gateway's sandbox settings, and the look from inside a container as its own user.
 */
class DockerSandboxJudgingTest {

    static final Claim CLAIM = Claim.control(DockerSandboxScenario.CLAIM, ClaimKind.CONTROL_EXISTS, "Docker sandbox",
            "agent tool execution happens in per-session containers", 1);

    /** What {@code sandbox-replica.sh config} prints on the as-claimed twin. */
    static final String CONFIG = """
            CONFIG /home/openclaw/.openclaw/openclaw.json
            SERVICE openclaw
            MODE all
            BACKEND docker
            SCOPE session
            WORKSPACE-ACCESS rw
            EXEC-HOST auto
            DM-SCOPE main
            IMAGE openclaw-sandbox:bookworm-slim
            NETWORK bridge
            TOOL-NETWORK none
            USER 1000:1000
            READ-ONLY-ROOT true
            CAP-DROP ALL
            SECCOMP-PROFILE -
            APPARMOR-PROFILE -
            BIND /workspace-obsidian:/workspace/obsidian:ro
            ENV-NAME LANG
            IMAGE-PRESENT yes
            HOST-ADDR 172.17.0.1
            HOST-ADDR 172.18.0.2
            LISTENERS read
            TCP-LISTEN 22
            TCP-LISTEN 18789
            """;

    /** What {@code sandbox-inside.sh} prints inside a sandbox that confines its tools. */
    static final String INSIDE = """
            UID 1000
            USER sandbox
            CAPEFF 0000000000000000
            CAPPRM 0000000000000000
            CAPBND 0000000000000000
            CAPAMB 0000000000000000
            NONEWPRIVS 1
            SECCOMP 2
            APPARMOR -
            ROOTFS read-only /home/sandbox
            DOCKER-HOST -
            SOCKET-SEARCH done
            SOCKET-CONTROL found /tmp/.gj-t.sock
            DOCKER-TCP 127.0.0.1 2375 refused
            DOCKER-TCP 127.0.0.1 2376 refused
            DOCKER-TCP 172.17.0.1 2375 timeout
            DOCKER-TCP 172.17.0.1 2376 timeout
            VAULT ro read-only-fs
            SECRETS-FILE absent
            ENV PATH=/usr/bin
            STATE-DIR /home/openclaw/.openclaw
            STATE-WRITE none 1
            """;

    static ScriptOutput output(String stdout) {
        return ScriptOutput.of(new CommandResult(Cmd.of("recorded"), OptionalInt.of(0), stdout, "", Duration.ZERO, false));
    }

    static DockerSandboxScenario.SandboxFindings examined(String config, String inside, boolean replica) {
        SandboxConfig parsed = SandboxConfig.parse(output(config));
        return new DockerSandboxScenario.SandboxFindings(Instant.now(), Duration.ZERO, parsed, replica ? "t-sandbox" : "openclaw-sbx-x", replica,
                output(inside), "[]", null, null);
    }

    static List<PartEvaluation> parts(DockerSandboxScenario.SandboxFindings f) {
        return SandboxJudge.judge(f, Outcome.BLOCKED);
    }

    static Verdict verdict(List<PartEvaluation> parts) {
        return Judge.judge(CLAIM, new ClaimEvaluation(CLAIM.id(), parts, "", List.of(), Instant.now(), Duration.ZERO));
    }

    static PartEvaluation part(List<PartEvaluation> parts, String name) {
        return parts.stream().filter(p -> p.name().contains(name)).findFirst().orElseThrow(() -> new AssertionError("no part " + name));
    }

    static List<Outcome> outcomes(PartEvaluation part) {
        return part.observations().stream().map(Observation::outcome).toList();
    }

    @Test
    void aConfinedSandboxHolds() {
        List<PartEvaluation> parts = parts(examined(CONFIG, INSIDE, true));
        assertThat(verdict(parts).kind()).as(verdict(parts).why()).isEqualTo(VerdictKind.HOLDS);
        assertThat(outcomes(part(parts, "Docker socket"))).as("a timeout where nothing listens on the VM is no API")
                .containsOnly(Outcome.BLOCKED);
    }

    @Test
    void sandboxModeOffIsContradicted() {
        List<PartEvaluation> parts = parts(examined(CONFIG.replace("MODE all", "MODE off"), INSIDE, true));
        assertThat(outcomes(part(parts, "sandbox mode"))).containsExactly(Outcome.SUCCEEDED);
        assertThat(part(parts, "sandbox mode").observations().get(0).detail()).contains("on the gateway's host");
        assertThat(verdict(parts).kind()).isEqualTo(VerdictKind.CONTRADICTED);
    }

    @Test
    void execHostGatewayTakesExecOutOfTheSandbox() {
        List<PartEvaluation> parts = parts(examined(CONFIG.replace("EXEC-HOST auto", "EXEC-HOST gateway"), INSIDE, true));
        assertThat(verdict(parts).kind()).isEqualTo(VerdictKind.CONTRADICTED);
    }

    @Test
    void aSharedScopeIsNotPerSession() {
        List<PartEvaluation> parts = parts(examined(CONFIG.replace("SCOPE session", "SCOPE agent"), INSIDE, true));
        assertThat(outcomes(part(parts, "sandbox scope"))).containsExactly(Outcome.SUCCEEDED);
    }

    @Test
    void aWritableRootIsGotThrough() {
        // what the replica of a readOnlyRoot:false config shows: the write in the user's own home on / succeeds
        List<PartEvaluation> parts = parts(examined(CONFIG.replace("READ-ONLY-ROOT true", "READ-ONLY-ROOT false"),
                INSIDE.replace("ROOTFS read-only /home/sandbox", "ROOTFS writable /home/sandbox"), true));
        assertThat(outcomes(part(parts, "root filesystem"))).containsExactly(Outcome.SUCCEEDED);
        assertThat(verdict(parts).kind()).isEqualTo(VerdictKind.CONTRADICTED);
    }

    @Test
    void eaccesAtTheRootIsAWritableMountNotAReadOnlyOne() {
        List<PartEvaluation> parts = parts(examined(CONFIG, INSIDE.replace("ROOTFS read-only /home/sandbox", "ROOTFS writable-by-root /"), true));
        assertThat(outcomes(part(parts, "root filesystem"))).containsExactly(Outcome.SUCCEEDED);
    }

    @Test
    void aNonRootUserWithAFullBoundingSetHoldsCapabilities() {
        List<PartEvaluation> parts = parts(examined(CONFIG, INSIDE.replace("CAPBND 0000000000000000", "CAPBND 000001ffffffffff"), true));
        PartEvaluation caps = part(parts, "capabilities");
        assertThat(outcomes(caps)).containsExactly(Outcome.SUCCEEDED);
        assertThat(caps.observations().get(0).detail()).contains("bounding 000001ffffffffff");
        assertThat(verdict(parts).kind()).isEqualTo(VerdictKind.CONTRADICTED);
    }

    @Test
    void aPermittedSetAloneIsEnough() {
        List<PartEvaluation> parts = parts(examined(CONFIG, INSIDE.replace("CAPPRM 0000000000000000", "CAPPRM 00000000a80425fb"), true));
        assertThat(outcomes(part(parts, "capabilities"))).containsExactly(Outcome.SUCCEEDED);
    }

    @Test
    void aDockerSocketAtAnotherPathIsGotThrough() {
        List<PartEvaluation> parts = parts(examined(CONFIG, INSIDE.replace("SOCKET-SEARCH done",
                "SOCKET-SEARCH done\nSOCKET /srv/engine/docker.sock denied"), true));
        assertThat(outcomes(part(parts, "Docker socket"))).contains(Outcome.SUCCEEDED);
        assertThat(verdict(parts).kind()).isEqualTo(VerdictKind.CONTRADICTED);
    }

    @Test
    void anyUnixSocketAnsweringPingIsGotThrough() {
        List<PartEvaluation> parts = parts(examined(CONFIG, INSIDE.replace("SOCKET-SEARCH done",
                "SOCKET-SEARCH done\nSOCKET /var/lib/x/engine.sock answers\nSOCKET /run/other.sock refused"), true));
        assertThat(part(parts, "Docker socket").observations()).filteredOn(o -> o.outcome() == Outcome.SUCCEEDED)
                .extracting(Observation::subject).containsExactly("socket /var/lib/x/engine.sock in a sandbox created as OpenClaw would");
    }

    @Test
    void dockerHostInTheEnvironmentIsGotThrough() {
        List<PartEvaluation> parts = parts(examined(CONFIG, INSIDE.replace("DOCKER-HOST -", "DOCKER-HOST tcp://172.17.0.1:2375"), true));
        assertThat(outcomes(part(parts, "Docker socket"))).contains(Outcome.SUCCEEDED);
        assertThat(verdict(parts).kind()).isEqualTo(VerdictKind.CONTRADICTED);
    }

    @Test
    void aDockerApiOnTcpIsGotThrough() {
        List<PartEvaluation> parts = parts(examined(CONFIG, INSIDE.replace("DOCKER-TCP 172.17.0.1 2375 timeout", "DOCKER-TCP 172.17.0.1 2375 answers"), true));
        assertThat(verdict(parts).kind()).isEqualTo(VerdictKind.CONTRADICTED);
    }

    @Test
    void aTimeoutWhereSomethingListensIsInconclusive() {
        List<PartEvaluation> parts = parts(examined(CONFIG.replace("TCP-LISTEN 22", "TCP-LISTEN 22\nTCP-LISTEN 2375"), INSIDE, true));
        assertThat(verdict(parts).kind()).isEqualTo(VerdictKind.INCONCLUSIVE);
        assertThat(verdict(parts).reason()).contains(Reason.TIMEOUT);
    }

    @Test
    void aSocketSearchThatMissedItsOwnSocketIsBlind() {
        List<PartEvaluation> parts = parts(examined(CONFIG, INSIDE.replace("SOCKET-CONTROL found /tmp/.gj-t.sock", "SOCKET-CONTROL missed /tmp/.gj-t.sock"), true));
        assertThat(verdict(parts).kind()).isEqualTo(VerdictKind.INCONCLUSIVE);
        assertThat(verdict(parts).reason()).contains(Reason.ORACLE_BLIND);
    }

    @Test
    void anUnreadableConfigIsInconclusiveEvenWhenTheLiveSandboxLooksConfined() {
        String unreadable = """
                CONFIG /home/openclaw/.openclaw/openclaw.json
                SERVICE openclaw
                CONFIG-UNREADABLE /home/openclaw/.openclaw/openclaw.json: parse error: Invalid numeric literal at line 2, column 0
                LIVE openclaw-sbx-workspace-0123
                LISTENERS read
                TCP-LISTEN 22
                """;
        List<PartEvaluation> parts = parts(examined(unreadable, INSIDE, false));
        assertThat(outcomes(part(parts, "sandbox mode"))).containsExactly(Outcome.COULD_NOT_RUN);
        Verdict verdict = verdict(parts);
        assertThat(verdict.kind()).isEqualTo(VerdictKind.INCONCLUSIVE);
        assertThat(verdict.reason()).contains(Reason.PRECONDITION_UNMET);
    }

    @Test
    void emptyConfigOutputIsAProbeError() {
        SandboxConfig config = SandboxConfig.parse(output(""));
        assertThat(config.unreadReason()).isEqualTo(Reason.PROBE_ERROR);
        DockerSandboxScenario.SandboxFindings notRun = new DockerSandboxScenario.SandboxFindings(Instant.now(), Duration.ZERO, config, "", true, null, "",
                "no sandbox container of the gateway's runs, and how the gateway would start one could not be read: " + config.unread(),
                config.unreadReason());
        List<PartEvaluation> parts = parts(notRun);
        assertThat(parts).allSatisfy(p -> assertThat(p.observations()).allSatisfy(o -> assertThat(o.reason()).contains(Reason.PROBE_ERROR)));
        assertThat(verdict(parts).reason()).contains(Reason.PROBE_ERROR);
    }

    @Test
    void emptyInsideOutputIsAProbeErrorForEveryContainerPart() {
        List<PartEvaluation> parts = parts(examined(CONFIG, "", true));
        for (String name : List.of("root", "capabilities", "root filesystem", "no-new-privileges", "seccomp", "Docker socket")) {
            assertThat(part(parts, name).observations()).as(name).extracting(o -> o.reason().orElse(null)).containsOnly(Reason.PROBE_ERROR);
        }
        assertThat(verdict(parts).reason()).contains(Reason.PROBE_ERROR);
    }

    @Test
    void noSeccompFilterIsGotThrough() {
        List<PartEvaluation> parts = parts(examined(CONFIG, INSIDE.replace("SECCOMP 2", "SECCOMP 0"), true));
        assertThat(outcomes(part(parts, "seccomp"))).containsExactly(Outcome.SUCCEEDED);
    }

    @Test
    void aMountThatReachesTheGatewaysStateIsAWayOut() {
        String inside = INSIDE.replace("STATE-WRITE none 1", "STATE-WRITE written /home/openclaw/.openclaw a file written at"
                + " /home/openclaw/.openclaw/.gjh-t-state from inside appeared in /home/openclaw/.openclaw");
        List<PartEvaluation> parts = parts(examined(CONFIG, inside, true));
        PartEvaluation state = parts.stream().filter(p -> p.name().equals(SandboxJudge.STATE_PART)).findFirst().orElseThrow();
        assertThat(state.observations()).extracting(Observation::outcome).containsExactly(Outcome.SUCCEEDED);
        assertThat(verdict(parts).kind()).isEqualTo(VerdictKind.CONTRADICTED);
        assertThat(state.observations().get(0).detail()).contains("writable from inside through the mount of /home/openclaw/.openclaw");
    }

    @Test
    void aRefusedWriteIntoTheStateHoldsAndNoAnswerCouldNotRun() {
        String refused = INSIDE.replace("STATE-WRITE none 1", "STATE-WRITE refused /home/openclaw/.openclaw sh: can't create: Read-only file system");
        assertThat(verdict(parts(examined(CONFIG, refused, true))).kind()).isEqualTo(VerdictKind.HOLDS);
        String silent = INSIDE.replace("STATE-DIR /home/openclaw/.openclaw\nSTATE-WRITE none 1\n", "");
        Verdict v = verdict(parts(examined(CONFIG, silent, true)));
        assertThat(v.kind()).isEqualTo(VerdictKind.INCONCLUSIVE);
        assertThat(v.why()).contains(SandboxJudge.STATE_PART + " (probe-error)");
        assertThat(parts(examined(CONFIG, silent, true)).stream().filter(p -> p.name().equals(SandboxJudge.STATE_PART))
                .flatMap(p -> p.observations().stream()).map(Observation::detail)).containsExactly("the gateway's state directory was not tried from inside: no answer");
    }
}
