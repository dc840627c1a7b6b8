package dev.gjallarhorn.run;

import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.CommandResult;
import dev.gjallarhorn.target.RemoteScript;
import dev.gjallarhorn.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an earlier run that was killed left changed on the target (the gateway's state it kept to put back), put
 * back as the next run opens: before its residue snapshot, so the target is judged, and compared, as it was.
 */
final class Leftovers {

    private static final RemoteScript AGENT_CHANNEL = RemoteScript.load(Leftovers.class, "/dev/gjallarhorn/scenario/agent-channel.sh");

    private Leftovers() {
    }

    /** One line per earlier run whose leftovers were put back, with how it went. */
    static List<String> putBack(Target target, String token, Duration timeout) {
        List<String> done = new ArrayList<>();
        CommandResult found = target.run(Cmd.script(AGENT_CHANNEL, "leftovers", token).asRoot(), timeout);
        if (!found.succeeded()) {
            return done;
        }
        for (String line : found.stdout().lines().filter(l -> l.startsWith("LEFTOVER ")).toList()) {
            String earlier = line.substring("LEFTOVER ".length()).strip();
            CommandResult restored = target.run(Cmd.script(AGENT_CHANNEL, "restore", token, earlier).asRoot(), Duration.ofMinutes(4));
            String outcome = restored.stdout().lines().filter(l -> l.startsWith("RESTORE ")).findFirst().orElse("RESTORE failed: " + restored.stderr().strip());
            done.add("the gateway's state kept by run " + earlier + ": " + outcome.substring("RESTORE ".length()));
        }
        return done;
    }
}
