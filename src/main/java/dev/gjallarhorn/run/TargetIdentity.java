package dev.gjallarhorn.run;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.remote.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the target says it is, and whether it carries the marks of a Bilrost sandbox. The harness refuses
 * to attack a host without any of them unless told to ({@code -Dgjallarhorn.allowUnidentified}).
 */
public record TargetIdentity(Map<String, String> facts, List<String> marks) {

    private static final RemoteScript SCRIPT = RemoteScript.load(TargetIdentity.class, "identify.sh");

    public static TargetIdentity of(Target target, Duration timeout) {
        CommandResult result = target.run(Cmd.script(SCRIPT), timeout);
        Map<String, String> facts = new LinkedHashMap<>();
        List<String> marks = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1).trim();
            if (key.equals("mark")) {
                marks.add(value);
            } else {
                facts.put(key, value);
            }
        }
        return new TargetIdentity(facts, marks);
    }

    public boolean looksLikeBilrost() {
        return !marks.isEmpty();
    }

    public TargetIdentity requireBilrost(String target, boolean allowUnidentified) {
        if (!looksLikeBilrost() && !allowUnidentified) {
            throw new HarnessError(ExitCode.NOT_A_SANDBOX, target + " does not look like a Bilrost sandbox (no /etc/openclaw,"
                    + " no /workspace overlay, no openclaw-gateway unit, no OPENCLAW_SANDBOX=true); refusing to attack it."
                    + " Pass -Dgjallarhorn.allowUnidentified=true if it really is one");
        }
        return this;
    }
}
