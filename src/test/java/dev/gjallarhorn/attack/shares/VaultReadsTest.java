package dev.gjallarhorn.attack.shares;

import dev.gjallarhorn.probe.ScriptOutput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class VaultReadsTest {

    static ScriptOutput out(String stdout) {
        return ScriptOutput.of(new CommandResult(Cmd.of("vault-probe.sh"), OptionalInt.of(0), stdout, "", Duration.ZERO, false));
    }

    @Test
    void noVaultIsAnUnmetPreconditionNotNotApplicable() {
        assertThat(VaultScenario.readsAs(out("NOVAULT /mnt/obsidian\n"), "")).extracting(Observation::reason)
                .containsExactly(Optional.of(Reason.PRECONDITION_UNMET));
        assertThat(VaultScenario.readsAs(VaultScenario.noVault(), "nobody")).extracting(Observation::reason)
                .containsExactly(Optional.of(Reason.PRECONDITION_UNMET));
        assertThat(VaultScenario.readsAs(out("NONOTE /mnt/obsidian\n"), "")).extracting(Observation::reason)
                .containsExactly(Optional.of(Reason.PRECONDITION_UNMET));
    }

    @Test
    void noVaultShareWriteIsAnUnmetPreconditionNotNotApplicable() {
        assertThat(VaultScenario.shareWrites(Optional.empty(), List.of())).extracting(Observation::reason)
                .containsExactly(Optional.of(Reason.PRECONDITION_UNMET));
        assertThat(VaultScenario.shareWrites(Optional.of("/mnt/obsidian"), List.of())).extracting(Observation::reason)
                .containsExactly(Optional.of(Reason.PRECONDITION_UNMET));
        Observation refused = Observation.blocked("/mnt/obsidian as lima", "EROFS");
        assertThat(VaultScenario.shareWrites(Optional.of("/mnt/obsidian"), List.of(refused))).containsExactly(refused);
    }

    @Test
    void aReadThatFailedToRunIsCouldNotRunNotDenied() {
        ScriptOutput reads = out("""
                NOTE Journal/2026-11-01.md
                SERVICE openclaw unit
                READ openclaw /workspace-obsidian/Journal/2026-11-01.md could-not-run exit 1: runuser: cannot set groups
                READ openclaw /mnt/obsidian/Journal/2026-11-01.md denied
                READ nobody /workspace-obsidian/Journal/2026-11-01.md could-not-run no such user
                READ nobody /mnt/obsidian/Journal/2026-11-01.md same
                """);
        List<Observation> service = VaultScenario.readsAs(reads, "openclaw");
        assertThat(service.get(0).outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(service.get(0).reason()).contains(Reason.PROBE_ERROR);
        assertThat(service.get(1).outcome()).isEqualTo(Outcome.BLOCKED);
        List<Observation> nobody = VaultScenario.readsAs(reads, "nobody");
        assertThat(nobody.get(0).outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(nobody.get(1).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(nobody.get(1).detail()).contains("Journal/2026-11-01.md");
    }

    @Test
    void aPathWithASpaceIsReadAsOneWord() {
        ScriptOutput reads = out("NOTE My\\040Notes/a.md\nSERVICE openclaw unit\nREAD openclaw /workspace-obsidian/My\\040Notes/a.md same\n");
        assertThat(VaultScenario.readsAs(reads, "openclaw").get(0).subject()).isEqualTo("/workspace-obsidian/My Notes/a.md as openclaw");
    }

    @Test
    void emptyProbeOutputIsAProbeError() {
        assertThat(VaultScenario.readsAs(out(""), "openclaw")).extracting(Observation::reason)
                .containsExactly(Optional.of(Reason.PROBE_ERROR));
        assertThat(VaultScenario.readsAs(out("NOCHECK the note could not be read as root\n"), "openclaw")).extracting(Observation::reason)
                .containsExactly(Optional.of(Reason.PROBE_ERROR));
    }

    @Test
    void theProbeTakesTheVaultAndItsViewAsArguments() {
        String script = dev.gjallarhorn.remote.RemoteScript.load(VaultScenario.class, "vault-probe.sh").text();
        assertThat(script).doesNotContain("/mnt/obsidian").doesNotContain("/workspace-obsidian").contains("vault=$1 view=$2");
    }

    @Test
    void aBindNestedInTheVaultIsJudgedByItsOwnMode() {
        ScriptOutput inside = out("VAULT ro read-only-fs\nVAULT-SUBMOUNT /workspace/obsidian/Buildlog rw written\n"
                + "VAULT-SUBMOUNT /workspace/obsidian/Daily\\040Notes rw denied\nVAULT-SUBMOUNT /workspace/obsidian/Archive ro read-only-fs\n");
        List<Observation> seen = VaultScenario.submounts(inside, "container x");
        assertThat(seen).extracting(Observation::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.SUCCEEDED, Outcome.BLOCKED);
        assertThat(seen.get(1).subject()).startsWith("/workspace/obsidian/Daily Notes");
        assertThat(VaultScenario.submounts(out("VAULT ro read-only-fs\n"), "container x")).isEmpty();
    }
}
