package dev.gjallarhorn.cli;

import dev.gjallarhorn.verdict.VerdictKind;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimScopes;
import dev.gjallarhorn.claims.Stride;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.junit.AttackIndex;
import dev.gjallarhorn.report.ScopeReport;
import dev.gjallarhorn.run.RunSettings;
import dev.gjallarhorn.twin.TwinFault;
import dev.gjallarhorn.twin.TwinSources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Lists every claim of a threat model as gjallarhorn reads it, without attacking anything: its id, claimed
 * status, register line, STRIDE letters and risk; its written scope ({@link ClaimScopes}: what it promises, the
 * dimensions an attacker can vary against it, and the attack parts that cover each); the attack tests that judge it
 * with the JUnit tags that select them ({@code -Dgroups}), from the packaged {@link AttackIndex}; and the twin faults
 * that flip it, from the faults' own header lines ({@link TwinFault}). Needs neither Docker nor a target.
 */
@Command(name = "claims", description = "List every claim of the threat model: status, its promise and dimensions, the attacks that judge it (and the STRIDE tags that select them), the twin faults that flip it.")
final class ClaimsCommand implements Callable<Integer> {

    @Option(names = "--threat-model", paramLabel = "FILE", description = "the threat model (default: -Dgjallarhorn.threatModel, else scenarios/bilrost-threat-model.md)")
    Path threatModel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        ThreatModel model = ThreatModelParser.parse(threatModel != null ? threatModel : RunSettings.fromSystemProperties().threatModel());
        Map<String, List<AttackIndex.Attack>> attacks = AttackIndex.load().byClaim();
        List<TwinFault> faults = TwinFault.all(TwinSources.locate());
        ClaimScopes scopes = ClaimScopes.bundled();
        out.println(model.claims().size() + " claims in " + model.source());
        for (Claim claim : model.claims()) {
            out.println();
            String risk = claim.risk().isPresent() ? "  risk " + claim.risk().getAsInt() + " (L" + claim.likelihood() + " x I" + claim.impact() + ")" : "";
            String stride = claim.stride().isEmpty() ? "" : "  STRIDE " + claim.stride().stream().map(s -> String.valueOf(s.letter())).collect(Collectors.joining("/"));
            out.println(claim.id() + "  " + claim.status().word() + "  line " + claim.line() + stride + risk + "  " + claim.title());
            scopes.of(claim.id()).ifPresentOrElse(scope -> ScopeReport.describe(scope).forEach(line -> out.println("    " + line)),
                    () -> out.println("    scope:   none written (" + ClaimScopes.RESOURCE + " has no " + claim.id() + ")"));
            List<AttackIndex.Attack> judging = attacks.getOrDefault(claim.id(), List.of());
            if (judging.isEmpty()) {
                out.println("    attacks: none (" + VerdictKind.NOT_EXERCISED.label() + " in every run)");
            }
            for (AttackIndex.Attack attack : judging) {
                out.println("    attack:  " + attack.test() + "  -Dgroups=" + String.join(",", attack.tags().stream().filter(ClaimsCommand::isStride).toList()));
            }
            List<TwinFault> flipping = faults.stream().filter(f -> f.concerns(claim.id()) && f.flipsTo().isPresent()).toList();
            out.println("    faults:  " + (flipping.isEmpty() ? "none" : flipping.stream()
                    .map(f -> f.name() + (f.claim().equals(claim.id()) ? "" : " (its claim: " + f.claim() + ")")
                            + f.profile().map(p -> " on " + p).orElse("") + " -> " + f.flipsTo().orElseThrow())
                    .collect(Collectors.joining("; "))));
        }
        List<String> orphans = attacks.keySet().stream().filter(id -> model.claim(id).isEmpty()).toList();
        if (!orphans.isEmpty()) {
            out.println();
            out.println("attacks whose claim this document lacks (skipped in a run): " + String.join(", ", orphans));
        }
        return 0;
    }

    private static boolean isStride(String tag) {
        return java.util.Arrays.stream(Stride.values()).anyMatch(s -> s.tag().equals(tag));
    }
}
