package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.junit.AttackIndex;
import dev.gjallarhorn.twin.TwinFault;
import dev.gjallarhorn.twin.TwinSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fault taken from a public report of a real deployment (a {@code # source:} line in its header) flips the
 * claim it names to the verdict its header declares, on {@code as-claimed}: the red team's measure of whether the
 * attacks cover each claim's whole scope, kept as a test. Nothing here is hand-kept: faults, their claims and
 * verdicts come from the faults' own headers, the attacks that judge a claim from the attack index. Faults that
 * bear on different claims share one twin ({@link FaultGroups}); a twin's results are written to
 * {@code target/real-world-faults.txt} as caught or missed, one line per fault.
 */
class RealWorldFaultsIT {

    private static final Path TALLY = Path.of("target", "real-world-faults.txt");

    @TestFactory
    Stream<DynamicTest> eachRealWorldFaultFlipsItsClaim() throws Exception {
        // -Dit.faults=a,b re-runs only those (e.g. after a change to the attacks that caught them)
        List<String> only = List.of(System.getProperty("it.faults", "").split(",")).stream().filter(n -> !n.isBlank()).toList();
        List<TwinFault> faults = TwinFault.all(TwinSources.locate()).stream().filter(f -> f.source().isPresent())
                .filter(f -> only.isEmpty() || only.contains(f.name())).toList();
        assertThat(faults).as("faults with a '# source:' line in lima/twin/faults").isNotEmpty();
        AttackIndex index = AttackIndex.scan();
        Files.createDirectories(TALLY.getParent());
        Files.writeString(TALLY, "");
        return FaultGroups.of(faults, index).stream().map(group -> DynamicTest.dynamicTest(group.target(), () -> attack(group)));
    }

    private static void attack(FaultGroups.Group group) throws Exception {
        Path reports = Files.createTempDirectory("real-world-faults");
        AttackRuns.Result r = AttackRuns.runTests(group.target(), reports, group.attacks());
        List<String> missed = new ArrayList<>();
        StringBuilder tally = new StringBuilder();
        for (TwinFault fault : group.faults()) {
            String got = r.label(fault.claim());
            boolean caught = got.equals(fault.expected());
            tally.append(caught ? "caught " : "MISSED ").append(fault.name()).append("  ").append(fault.claim()).append(" expected ")
                    .append(fault.expected()).append(", got ").append(got).append(" - ").append(r.observed(fault.claim())).append('\n');
            if (!caught) {
                missed.add(fault.name() + ": " + fault.claim() + " is " + got + " (" + r.observed(fault.claim()) + ")");
            }
        }
        synchronized (RealWorldFaultsIT.class) {
            Files.writeString(TALLY, tally, java.nio.file.StandardOpenOption.APPEND);
        }
        System.out.print("[real-world faults] " + group.target() + "\n" + tally);
        assertThat(missed).as("real-world faults the attacks did not catch on " + group.target()).isEmpty();
    }
}
