package dev.gjallarhorn.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreatModelParserTest {

    static final List<String> BILROST_IDS = List.of(
            "T-001", "T-002", "T-003", "T-004", "T-005", "T-006", "T-007", "T-008", "T-009", "T-010",
            "C-VM-ISOLATION", "C-READ-ONLY-HOST-MOUNTS", "C-FIREWALL", "C-SECRETS-MANAGEMENT", "C-SYNC-GATE",
            "C-TELEGRAM-PAIRING", "C-DOCKER-SANDBOX", "C-OVERLAY-WATCHER",
            "N-RATE-LIMITING", "N-PROMPT-INJECTION-DEFENSE", "N-SUPPLY-CHAIN-HARDENING", "N-SECRETS-ROTATION",
            "N-CENTRALIZED-LOGGING", "N-CONTAINER-NETWORK-ISOLATION");

    @Test
    void theShippedMarkdownRegisterHasAll24Claims() {
        ThreatModel model = ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md"));
        assertThat(model.claims()).extracting(Claim::id).containsExactlyElementsOf(BILROST_IDS);
        Claim t001 = model.require("T-001");
        assertThat(t001.status()).isEqualTo(ClaimedStatus.FIXED);
        assertThat(t001.stride()).containsExactly(Stride.SPOOFING, Stride.DENIAL_OF_SERVICE);
        assertThat(t001.risk()).hasValue(20);
        assertThat(model.require("T-002").status()).isEqualTo(ClaimedStatus.GAP);
        assertThat(model.require("T-007").status()).isEqualTo(ClaimedStatus.PARTIAL);
        assertThat(model.require("C-FIREWALL").status()).isEqualTo(ClaimedStatus.EXISTS);
        assertThat(model.require("C-FIREWALL").statusText()).contains("only HTTPS, DNS and Tailscale");
        assertThat(model.require("N-RATE-LIMITING").status()).isEqualTo(ClaimedStatus.ABSENT);
    }

    @Test
    void thePlainTextRenderingGivesTheSameClaims() {
        ThreatModel model = ThreatModelParser.parse(Path.of("src/test/resources/threat-models/bilrost-plain.txt"));
        assertThat(model.claims()).extracting(Claim::id).containsExactlyElementsOf(BILROST_IDS);
        ThreatModel markdown = ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md"));
        assertThat(model.claims()).extracting(Claim::status).containsExactlyElementsOf(markdown.claims().stream().map(Claim::status).toList());
        assertThat(model.require("T-010").stride()).containsExactly(Stride.SPOOFING, Stride.INFORMATION_DISCLOSURE);
        assertThat(model.require("T-006").risk()).hasValue(5);
        assertThat(model.require("T-002").statusText()).isEqualTo("Gap -- no rate limiting");
    }

    @Test
    void markupInCellsIsTolerated(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("m.md"), """
                ## Risk Register
                | ID | Threat | STRIDE | L | I | Risk | Status |
                |---|---|---|---|---|---|---|
                | **T-001** | `Open` access | **S/D** | 5 | 4 | **20** | **Fixed** (pairing) |
                | T-002 | Credits | D | 4 | 3 | 12 | *Gap* -- none |
                """);
        ThreatModel model = ThreatModelParser.parse(file);
        assertThat(model.require("T-001").status()).isEqualTo(ClaimedStatus.FIXED);
        assertThat(model.require("T-001").title()).isEqualTo("Open access");
        assertThat(model.require("T-002").status()).isEqualTo(ClaimedStatus.GAP);
    }

    @Test
    void anEmptyDocumentIsOneClearError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("empty.md"), "\n\n");
        assertThatThrownBy(() -> ThreatModelParser.parse(file)).isInstanceOf(ThreatModelError.class)
                .hasMessage("threat model " + file + ":1: the document is empty");
    }

    @Test
    void aDocumentWithoutARegisterIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("none.md"), "# Threats\n\nNothing here.\n");
        assertThatThrownBy(() -> ThreatModelParser.parse(file)).isInstanceOf(ThreatModelError.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("no risk register");
    }

    @Test
    void anUnknownStatusWordNamesItsLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("s.md"), """
                ## Risk Register
                | ID | Threat | STRIDE | L | I | Risk | Status |
                |---|---|---|---|---|---|---|
                | T-001 | A | S | 1 | 1 | 1 | Fixed |
                | T-002 | B | S | 1 | 1 | 1 | Done (shipped) |
                """);
        assertThatThrownBy(() -> ThreatModelParser.parse(file)).isInstanceOf(ThreatModelError.class)
                .hasMessage("threat model " + file + ":5: unknown status word 'Done' in row T-002 (expected Fixed, Mitigated, Partial or Gap)");
    }

    @Test
    void aDuplicateIdNamesBothLines(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("d.md"), """
                ## Risk Register
                | ID | Threat | STRIDE | L | I | Risk | Status |
                |---|---|---|---|---|---|---|
                | T-001 | A | S | 1 | 1 | 1 | Fixed |
                | T-001 | B | S | 1 | 1 | 1 | Gap |
                """);
        assertThatThrownBy(() -> ThreatModelParser.parse(file)).isInstanceOf(ThreatModelError.class)
                .hasMessage("threat model " + file + ":5: duplicate id T-001 (first at line 4)");
    }

    @Test
    void aRowWithMissingCellsNamesItsLine(@TempDir Path dir) throws Exception {
        Path md = Files.writeString(dir.resolve("c.md"), """
                ## Risk Register
                | ID | Threat | STRIDE | L | I | Risk | Status |
                |---|---|---|---|---|---|---|
                | T-001 | A | S | 1 | 1 | Fixed |
                """);
        assertThatThrownBy(() -> ThreatModelParser.parse(md)).isInstanceOf(ThreatModelError.class)
                .hasMessage("threat model " + md + ":4: row has 6 cells, the header has 7");
        Path txt = Files.writeString(dir.resolve("c.txt"), """
                Risk Register

                ID Threat STRIDE L I Risk Status
                T-001 Telegram open access S/D 5 4 Fixed (pairing-based auth)
                """);
        assertThatThrownBy(() -> ThreatModelParser.parse(txt)).isInstanceOf(ThreatModelError.class)
                .hasMessageStartingWith("threat model " + txt + ":4: row T-001 has missing cells");
    }

    @Test
    void controlIdsFollowTheNamingRule() {
        assertThat(Claim.controlId(ClaimKind.CONTROL_EXISTS, "Read-only host mounts")).isEqualTo("C-READ-ONLY-HOST-MOUNTS");
        assertThat(Claim.controlId(ClaimKind.CONTROL_ABSENT, "Prompt injection defense")).isEqualTo("N-PROMPT-INJECTION-DEFENSE");
        assertThat(Claim.controlId(ClaimKind.CONTROL_EXISTS, "  VM / isolation!! ")).isEqualTo("C-VM-ISOLATION");
    }

    /** The shipped document with one line replaced, written to {@code dir}. */
    static Path shippedWith(Path dir, String original, String replacement) throws Exception {
        String text = Files.readString(Path.of("scenarios/bilrost-threat-model.md"));
        assertThat(text).contains(original);
        return Files.writeString(dir.resolve("edited.md"), text.replace(original, replacement));
    }

    @Test
    void aCommonNameForTheControlListsIsUnderstood(@TempDir Path dir) throws Exception {
        ThreatModel model = ThreatModelParser.parse(shippedWith(dir, "## Controls That Exist", "## Existing Controls"));
        assertThat(model.claims()).extracting(Claim::id).containsExactlyElementsOf(BILROST_IDS);
    }

    @Test
    void aControlHeadingThatCannotBePlacedIsAnErrorNamingItsLineAndWhatWasExpected(@TempDir Path dir) throws Exception {
        Path file = shippedWith(dir, "## Controls That Exist", "## Our Controls");
        assertThatThrownBy(() -> ThreatModelParser.parse(file)).isInstanceOf(ThreatModelError.class)
                .hasMessageContaining(file + ":28: the heading 'Our Controls' is not a section gjallarhorn reads")
                .hasMessageContaining("'Controls That Exist' and 'Controls That Do Not Exist (Yet)'");
    }

    @Test
    void aControlBulletWithADashForAColonKeepsItsId(@TempDir Path dir) throws Exception {
        ThreatModel model = ThreatModelParser.parse(shippedWith(dir, "- **Firewall**: UFW", "- Firewall -- UFW"));
        assertThat(model.require("C-FIREWALL").statusText()).startsWith("UFW with an explicit egress allowlist");
        assertThat(model.claims()).extracting(Claim::id).containsExactlyElementsOf(BILROST_IDS);
    }

    @Test
    void aControlBulletWithoutANameIsAnErrorNamingItsLine(@TempDir Path dir) throws Exception {
        Path file = shippedWith(dir, "- **Firewall**: UFW with", "- UFW with");
        assertThatThrownBy(() -> ThreatModelParser.parse(file)).isInstanceOf(ThreatModelError.class)
                .hasMessageContaining(file + ":32: the control bullet 'UFW with an explicit egress allowlist")
                .hasMessageContaining("expected '- Name: description'");
    }

    @Test
    void aMistypedControlNameThatWouldDropAnAttackIsAnErrorNamingItsLine(@TempDir Path dir) throws Exception {
        ThreatModel model = ThreatModelParser.parse(shippedWith(dir, "- **Firewall**: UFW", "- **Firewal**: UFW"));
        assertThatThrownBy(() -> AttackCoverageLint.requireNoNearMiss(model, java.util.Map.of("C-FIREWALL", "FirewallEgressAttack.x")))
                .isInstanceOf(ThreatModelError.class)
                .hasMessageContaining(":32: 'Firewal' gets the id C-FIREWAL, which is nearly C-FIREWALL (attacked by FirewallEgressAttack.x)");
        assertThat(AttackCoverageLint.orphans(model, java.util.Map.of("C-FIREWALL", "x", "T-001", "y"))).containsExactly("C-FIREWALL");
    }

    @Test
    void aControlNameWithMoreWordsThatWouldDropAnAttackIsAnError(@TempDir Path dir) throws Exception {
        ThreatModel model = ThreatModelParser.parse(shippedWith(dir, "- **Firewall**: UFW", "- **Firewall (UFW)**: UFW"));
        assertThat(model.claim("C-FIREWALL-UFW")).isPresent();
        assertThatThrownBy(() -> AttackCoverageLint.requireNoNearMiss(model, java.util.Map.of("C-FIREWALL", "FirewallEgressAttack.x")))
                .isInstanceOf(ThreatModelError.class).hasMessageContaining("nearly C-FIREWALL");
    }

    @Test
    void detailsUnderAControlAreNotControls(@TempDir Path dir) throws Exception {
        ThreatModel model = ThreatModelParser.parse(shippedWith(dir, "- **Firewall**: UFW with an explicit egress allowlist; only HTTPS, DNS and Tailscale traffic leave the VM.",
                "- **Firewall**: UFW with an explicit egress allowlist; only HTTPS, DNS and Tailscale traffic leave the VM.\n  - allows 443 out"));
        assertThat(model.claims()).extracting(Claim::id).containsExactlyElementsOf(BILROST_IDS);
    }
}
