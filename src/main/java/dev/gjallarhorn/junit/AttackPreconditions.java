package dev.gjallarhorn.junit;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.claims.AttackCoverageLint;
import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ThreatModel;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.run.RunSettings;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What must hold before an attack session may touch anything: every setting usable ({@code gjallarhorn.*}
 * and the STRIDE selection), the threat model readable with every heading and bullet placed, no attacked
 * claim lost to a near-miss id, and every claim named by {@code -Dgjallarhorn.claims} in the document. Checked
 * by the build's preflight (before the test JVM starts) and again by the session itself.
 *
 * @param attacks every claim the attack suite judges, to the attack that judges it
 */
public record AttackPreconditions(RunSettings settings, ThreatModel model, Map<String, String> attacks) {

    /** @throws HarnessError USAGE or BAD_THREAT_MODEL, one line, on the first problem */
    public static AttackPreconditions check(Properties properties) {
        RunSettings settings = RunSettings.from(properties);
        ThreatModel model = ThreatModelParser.parse(settings.threatModel());
        Map<String, String> attacks = AttackPlan.attackable();
        AttackCoverageLint.requireNoNearMiss(model, attacks);
        List<String> unknown = settings.claims().stream().filter(id -> model.claim(id).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new HarnessError(ExitCode.USAGE, "gjallarhorn.claims: " + String.join(", ", unknown) + " not in " + model.source()
                    + " (its claims: " + String.join(", ", model.claims().stream().map(Claim::id).toList()) + ")");
        }
        return new AttackPreconditions(settings, model, attacks);
    }
}
