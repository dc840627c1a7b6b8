package dev.gjallarhorn.attack.egress;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.Protocol;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The port matrix of {@code C-FIREWALL} judged: every identity's TCP and UDP attempts against what the canaries heard
 * ({@link EgressOracle}). Per identity, the protocols whose allowlisted ports got out are the positive controls: a
 * BLOCKED attempt on a protocol with none is COULD_NOT_RUN(oracle-blind) instead.
 *
 * @param beyond   the attempts on ports beyond the allowlist, in pass order
 * @param allowed  the attempts on allowlisted ports (positive controls)
 * @param seeingAs per identity, the protocols an allowlisted port of got out on
 * @param table    one evidence row per attempt
 */
record PortMatrix(List<Observation> beyond, List<Observation> allowed, Map<String, Set<Protocol>> seeingAs, String table) {

    static PortMatrix judge(List<EgressProbe.Pass> done, Canaries canaries) {
        List<Observation> beyond = new ArrayList<>();
        List<Observation> allowed = new ArrayList<>();
        Map<String, Set<Protocol>> seeingAs = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder();
        for (EgressProbe.Pass pass : done) {
            Map<EgressAttempt, Observation> judged = new LinkedHashMap<>();
            pass.attempts().forEach(a -> judged.put(a, EgressOracle.judge(a, canaries)));
            Set<Protocol> seeing = EnumSet.noneOf(Protocol.class);
            judged.forEach((a, o) -> {
                if (a.port().allowlisted() && o.outcome() == Outcome.SUCCEEDED) {
                    seeing.add(a.port().port().protocol());
                }
            });
            seeingAs.put(pass.user(), seeing);
            for (Map.Entry<EgressAttempt, Observation> e : judged.entrySet()) {
                EgressAttempt attempt = e.getKey();
                Observation observation = e.getValue();
                if (attempt.port().allowlisted()) {
                    allowed.add(observation);
                } else {
                    if (observation.outcome() == Outcome.BLOCKED && !seeing.contains(attempt.port().port().protocol())) {
                        observation = Observation.couldNotRun(observation.subject(), Reason.ORACLE_BLIND,
                                "no allowlisted " + attempt.port().port().protocol().lower() + " port reached the canary as "
                                        + attempt.user() + ", so a drop cannot be told from an unreachable canary; " + observation.detail());
                    }
                    beyond.add(observation);
                }
                table.append(row(attempt, observation));
            }
        }
        return new PortMatrix(beyond, allowed, seeingAs, table.toString());
    }

    private static String row(EgressAttempt a, Observation o) {
        String client = a.notRun().isPresent() ? "not run" : "exit " + a.exit().orElse(-1) + ", " + a.millis().orElse(0) + " ms";
        return String.format("%-8s %-10s %-36s %-10s %-18s %-24s %s%n", a.user(), a.port().port(), a.port().service(),
                a.port().allowlisted() ? "may leave" : "must stay", client, o.outcome() + o.reason().map(r -> "(" + r.slug() + ")").orElse(""),
                o.detail());
    }
}
