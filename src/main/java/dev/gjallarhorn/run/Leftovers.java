package dev.gjallarhorn.run;

import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.remote.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an earlier run that was killed left changed on the target (the gateway's state it kept to put back), put
 * back as the next run opens: before its residue snapshot, so the target is judged, and compared, as it was. A run
 * still going, or one from another host (whose liveness cannot be seen from here), is left alone.
 */
final class Leftovers {

    private static final RemoteScript AGENT_CHANNEL = RemoteScript.load(Leftovers.class, "/dev/gjallarhorn/attack/agent/agent-channel.sh");

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
            String[] words = line.substring("LEFTOVER ".length()).strip().split("\\s+");
            String earlier = words[0];
            RunOwner owner = words.length > 1 ? RunOwner.parse(words[1]) : RunOwner.UNKNOWN;
            if (owner.runningHere()) {
                done.add("the gateway's state kept by run " + earlier + ": left alone, its run is still going (pid " + owner.pid() + ")");
                continue;
            }
            if (owner != RunOwner.UNKNOWN && !owner.fromHere()) {
                done.add("the gateway's state kept by run " + earlier + ": left alone, kept by a run from " + owner.host()
                        + ", which may still be going; a run from there puts it back");
                continue;
            }
            CommandResult restored = target.run(Cmd.script(AGENT_CHANNEL, "restore", token, earlier).asRoot(), Duration.ofMinutes(4));
            String outcome = restored.stdout().lines().filter(l -> l.startsWith("RESTORE ")).findFirst().orElse("RESTORE failed: " + restored.stderr().strip());
            done.add("the gateway's state kept by run " + earlier + ": " + outcome.substring("RESTORE ".length()));
        }
        return done;
    }
}
