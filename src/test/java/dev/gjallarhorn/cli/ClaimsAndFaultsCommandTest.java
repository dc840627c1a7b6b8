package dev.gjallarhorn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.twin.TwinFault;
import dev.gjallarhorn.twin.TwinSources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code claims}, {@code faults} and {@code register-change} as a maintainer runs them: no Docker, no target. The time
 * each takes in this JVM is printed, never asserted (the packaged jar's own start-up is measured in the README).
 */
class ClaimsAndFaultsCommandTest {

    record Result(int exit, String out, String err, long millis) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("[timing] gjallarhorn " + String.join(" ", args) + ": " + millis + " ms (in-process)");
        return new Result(exit, out.toString(), err.toString(), millis);
    }

    @Test
    void claimsListsEveryClaimWithItsAttacksTagsAndFaults() {
        Result result = run("claims", "--threat-model", "scenarios/bilrost-threat-model.md");
        assertThat(result.exit()).as(result.err()).isZero();
        List<Claim> claims = ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md")).claims();
        assertThat(result.out()).startsWith("24 claims in ");
        for (Claim claim : claims) {
            assertThat(result.out()).contains("\n" + claim.id() + "  " + claim.status().word() + "  line " + claim.line());
        }
        assertThat(block(result.out(), "C-FIREWALL")).contains("attack:  FirewallEgressAttack.onlyHttpsDnsAndTailscaleLeaveTheVm  -Dgroups=information-disclosure")
                .contains("attack:  ContainmentAttack.bridgeContainersAreHeldToTheAllowlist")
                .contains("iptables-allow-out-25 on as-claimed -> CONTRADICTED").contains("ufw-allow-out-8080 on as-claimed -> CONTRADICTED");
        assertThat(block(result.out(), "T-001")).contains("-Dgroups=spoofing,denial-of-service").contains("dm-open on as-claimed -> CONTRADICTED");
        assertThat(block(result.out(), "N-RATE-LIMITING")).contains("model-rate-limit on as-claimed -> STALE");
        for (Claim claim : claims) {
            assertThat(block(result.out(), claim.id())).as(claim.id() + "'s scope").contains("    promise: ").contains("    dimension: ");
        }
        assertThat(block(result.out(), "C-FIREWALL")).contains("    dimension: IPv6 - ")
                .contains("      covered by FirewallEgressAttack.onlyHttpsDnsAndTailscaleLeaveTheVm: IPv6 egress beyond the allowlist is stopped | IPv6 egress (*");
        assertThat(block(result.out(), "T-001")).contains("    dimension: what a stranger consumes (D) - ");
    }

    @Test
    void claimsOfAnotherDocumentNameTheAttacksItLacks(@TempDir Path dir) throws Exception {
        Path doc = Files.writeString(dir.resolve("mine.md"), """
                ## Risk Register
                | ID | Threat | STRIDE | L | I | Risk | Status |
                |---|---|---|---|---|---|---|
                | T-002 | Credits | D | 4 | 3 | 12 | Gap |
                | T-099 | Something new | T | 1 | 1 | 1 | Gap |
                """);
        Result result = run("claims", "--threat-model", doc.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(block(result.out(), "T-099")).contains("attacks: none (NOT_EXERCISED in every run)").contains("faults:  none")
                .contains("scope:   none written");
        assertThat(block(result.out(), "T-002")).contains("    dimension: burst (D) - ");
        assertThat(result.out()).contains("attacks whose claim this document lacks (skipped in a run): C-DOCKER-SANDBOX");
    }

    @Test
    void faultsListWhatEachFlips() {
        Result result = run("faults");
        assertThat(result.exit()).as(result.err()).isZero();
        List<TwinFault> faults = TwinFault.all(TwinSources.locate());
        assertThat(result.out()).startsWith(faults.size() + " faults in ");
        assertThat(result.out()).contains("\nufw-allow-out-8080  flips C-FIREWALL on as-claimed to CONTRADICTED\n")
                .contains("\nsandbox-network-none  flips N-CONTAINER-NETWORK-ISOLATION on as-claimed to STALE\n")
                .contains("\ndocker-user-allowlist  flips C-FIREWALL on as-provisioned to HOLDS\n")
                .contains("\ntelegram-webhook  flips T-001 (declares no verdict flip)\n");
        List<String> withoutFlip = new ArrayList<>();
        faults.stream().filter(f -> f.flipsTo().isEmpty()).forEach(f -> withoutFlip.add(f.name()));
        assertThat(withoutFlip).as("every fault but the switches of transport and share kind declares the verdict it flips to")
                .containsExactly("shares-plain-bind", "telegram-webhook");
    }

    @Test
    void registerChangeNamesTheTouchedClaimsAndTheirAttacks(@TempDir Path dir) throws Exception {
        Path head = dir.resolve("head.md");
        Files.writeString(head, Files.readString(Path.of("scenarios/bilrost-threat-model.md"))
                .replace("| 12 | Gap -- no rate limiting |", "| 12 | Mitigated (a limiter in front of the model) |")
                .replace("- **Centralized logging**: the overlay watcher logs to a local file;", "- **Centralized logging**: the overlay watcher logs to a file;"));
        Result ids = run("register-change", "--base", "scenarios/bilrost-threat-model.md", "--threat-model", head.toString(), "--ids");
        assertThat(ids.exit()).as(ids.err()).isZero();
        assertThat(ids.out().strip()).isEqualTo("T-002,N-CENTRALIZED-LOGGING");

        Path reports = Files.createDirectories(dir.resolve("reports"));
        Files.writeString(reports.resolve("verdicts.json"), """
                {"schema":1,"run":{"id":"gjh-pr-1"},"claims":[
                 {"id":"T-002","claimed":"Mitigated","verdict":"CONTRADICTED","reason":null,"label":"CONTRADICTED","observed":"all 20 reached the model"},
                 {"id":"N-CENTRALIZED-LOGGING","claimed":"Absent","verdict":"HOLDS","reason":null,"label":"HOLDS","observed":"no shipper"},
                 {"id":"T-001","claimed":"Fixed","verdict":"NOT_EXERCISED","reason":null,"label":"NOT_EXERCISED","observed":""}]}
                """);
        Result summary = run("register-change", "--base", "scenarios/bilrost-threat-model.md", "--threat-model", head.toString(), "--reports", reports.toString());
        assertThat(summary.exit()).as(summary.err()).isZero();
        assertThat(summary.out()).contains("| T-002 | status changed | Gap | Mitigated | **CONTRADICTED** | HOLDS | this edit claims T-002 Mitigated, the sandbox does worse")
                .contains("| N-CENTRALIZED-LOGGING | text changed | Absent | Absent | **HOLDS** | HOLDS | this edit matches the sandbox |")
                .contains("run `gjh-pr-1`");
    }

    /** The lines of one claim's block in the claims listing. */
    static String block(String out, String id) {
        int start = out.indexOf("\n" + id + "  ");
        int end = out.indexOf("\n\n", start + 1);
        return out.substring(start, end < 0 ? out.length() : end);
    }
}
