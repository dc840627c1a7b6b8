package dev.gjallarhorn.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 20 row 7: a Partial claim's parts are predicted from its own words, so a register that rewords them is heard. */
class PredictionTest {

    static final Path REGISTER = Path.of("scenarios/bilrost-threat-model.md");

    /** The default register with the status cell of row {@code id} replaced by {@code status}. */
    static ThreatModel reworded(String id, String status) throws Exception {
        List<String> lines = Files.readAllLines(REGISTER).stream()
                .map(l -> l.startsWith("| " + id + " ") ? l.substring(0, l.lastIndexOf('|', l.length() - 2) + 1) + " " + status + " |" : l).toList();
        ThreatModel model = ThreatModelParser.parse(REGISTER, lines);
        assertThat(model.require(id).statusText()).isEqualTo(status);
        return model;
    }

    static Optional<Outcome> predict(ThreatModel model, String id, String phrase, Outcome ifAffirmed) {
        return Prediction.forPart(model.require(id), phrase, ifAffirmed).outcome();
    }

    /** On the default register every part is predicted what its scenario hard-coded before. */
    @ParameterizedTest(name = "{0} ''{1}'' -> {3}")
    @CsvSource({
            "T-007, read-only, BLOCKED, BLOCKED",
            "T-007, read access, SUCCEEDED, SUCCEEDED",
            "T-008, overlay-watcher, BLOCKED, BLOCKED",
            "T-008, centralized logging, BLOCKED, SUCCEEDED",
            "T-010, env-only, BLOCKED, BLOCKED",
            "T-010, rotated, BLOCKED, SUCCEEDED"})
    void theDefaultRegisterPredictsWhatItAlwaysDid(String id, String phrase, Outcome ifAffirmed, Outcome expected) {
        assertThat(predict(ThreatModelParser.parse(REGISTER), id, phrase, ifAffirmed)).contains(expected);
    }

    @Test
    void aRegisterThatNoLongerSaysReadOnlyMountPredictsNothingForTheMountParts() throws Exception {
        ThreatModel model = reworded("T-007", "Partial (agent has read access, mount is read-write)");
        PartPrediction mount = Prediction.forPart(model.require("T-007"), "read-only", Outcome.BLOCKED);
        assertThat(mount.outcome()).isEmpty();
        assertThat(mount.unsaid()).contains("no longer names 'read-only'");
        assertThat(predict(model, "T-007", "read access", Outcome.SUCCEEDED)).as("still said").contains(Outcome.SUCCEEDED);
    }

    @Test
    void aRegisterThatDeniesAPartFlipsItsPrediction() throws Exception {
        assertThat(predict(reworded("T-007", "Partial (mount is not read-only, but agent has read access)"), "T-007", "read-only", Outcome.BLOCKED))
                .contains(Outcome.SUCCEEDED);
        assertThat(predict(reworded("T-007", "Partial (read only mount, agent has no read access)"), "T-007", "read access", Outcome.SUCCEEDED))
                .as("a hyphen or a space alike; 'no' denies").contains(Outcome.BLOCKED);
        assertThat(predict(reworded("T-007", "Partial (read-only mount, agent doesn't have read access)"), "T-007", "read access", Outcome.SUCCEEDED))
                .contains(Outcome.BLOCKED);
        assertThat(predict(reworded("T-008", "Partial (overlay-watcher exists; centralized logging via journal upload)"), "T-008",
                "centralized logging", Outcome.BLOCKED)).contains(Outcome.BLOCKED);
        assertThat(predict(reworded("T-008", "Partial (no overlay-watcher, no centralized logging)"), "T-008", "overlay-watcher", Outcome.BLOCKED))
                .contains(Outcome.SUCCEEDED);
        assertThat(predict(reworded("T-010", "Partial (env-only, rotated monthly)"), "T-010", "rotated", Outcome.BLOCKED)).contains(Outcome.BLOCKED);
        assertThat(predict(reworded("T-010", "Partial (token in the env file and a backup, not rotated)"), "T-010", "env-only", Outcome.BLOCKED))
                .isEmpty();
    }

    @Test
    void wordsThatAffirmAndDenyAPartPredictNothing() throws Exception {
        PartPrediction both = Prediction.forPart(reworded("T-007", "Partial (read-only mount, but not read-only for root)").require("T-007"),
                "read-only", Outcome.BLOCKED);
        assertThat(both.outcome()).isEmpty();
        assertThat(both.unsaid()).contains("both affirms and denies 'read-only'");
    }

    @Test
    void aPhraseMatchesWholeWordsOnly() throws Exception {
        assertThat(predict(reworded("T-010", "Partial (env-only, unrotated)"), "T-010", "rotated", Outcome.BLOCKED))
                .as("'unrotated' is not 'rotated'").isEmpty();
        assertThat(Prediction.denies("non-root user, a note")).as("'non' and 'note' are not negations").isFalse();
        assertThat(Prediction.denies("it isn\u2019t rotated")).isTrue();
    }

    @Test
    void aClaimThatIsNotPartialPredictsTheSameForEveryPart() throws Exception {
        assertThat(predict(reworded("T-007", "Mitigated (read-only mount)"), "T-007", "read access", Outcome.SUCCEEDED)).contains(Outcome.BLOCKED);
        assertThat(predict(reworded("T-010", "Gap -- token in env, never rotated"), "T-010", "env-only", Outcome.BLOCKED)).contains(Outcome.SUCCEEDED);
        Claim partial = reworded("T-007", "Partial (read-only mount, but agent has read access)").require("T-007");
        assertThatThrownBy(() -> Prediction.forClaim(partial)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPartTheRegisterNoLongerNamesIsInconclusiveAndKeepsWhatWasSeen() throws Exception {
        Claim claim = reworded("T-007", "Partial (agent has read access, mount is read-write)").require("T-007");
        PartEvaluation mount = PartEvaluation.claim("read-only mount: the vault share refuses writes",
                Prediction.forPart(claim, "read-only", Outcome.BLOCKED), List.of(Observation.blocked("/mnt/obsidian as lima", "EROFS")));
        PartEvaluation reads = PartEvaluation.claim("the agent has read access",
                Prediction.forPart(claim, "read access", Outcome.SUCCEEDED), List.of(Observation.succeeded("the vault as openclaw", "read the note")));
        Verdict verdict = Judge.judge(claim, new ClaimEvaluation("T-007", List.of(mount, reads), "", List.of(), Instant.now(), Duration.ZERO));
        assertThat(verdict.label()).as("never a silent BLOCKED that holds").isEqualTo("INCONCLUSIVE(precondition-unmet)");
        assertThat(verdict.why()).contains("the register's status: 'Partial (agent has read access, mount is read-write)' no longer names 'read-only'");
        assertThat(mount.observations()).singleElement().satisfies(o -> {
            assertThat(o.reason()).contains(Reason.PRECONDITION_UNMET);
            assertThat(o.detail()).as("what was seen is kept").contains("/mnt/obsidian as lima: BLOCKED - EROFS");
        });
    }
}
