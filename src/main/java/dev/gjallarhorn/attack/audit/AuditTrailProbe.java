package dev.gjallarhorn.attack.audit;

import static org.awaitility.Awaitility.await;

import dev.gjallarhorn.canary.Canaries;
import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.run.AttackContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The audit trail's probe: runs audit-probe.sh step by step (the watcher, what consumes its log, the writes, a restart
 * where allowed, then the tampering as the audited identity, each undone) and log-shipping.sh with a syslog marker
 * towards a canary, writes the evidence text, and returns what it saw as {@link AuditTrailScenario.AuditTrailFindings}.
 */
final class AuditTrailProbe {

    private static final RemoteScript PROBE = RemoteScript.load(AuditTrailScenario.class, "audit-probe.sh");

    private AuditTrailProbe() {
    }

    /** What log-shipping.sh printed, and whether its syslog marker reached a canary on udp/514. */
    private record Shipping(ScriptOutput out, Observation marker) {
    }

    /**
     * Runs every step in order, each undone, and writes the evidence text ({@code audit-trail.txt} under
     * C-OVERLAY-WATCHER). A step that could not run is an observation that could not run, never a refusal.
     */
    static AuditTrailScenario.AuditTrailFindings probe(AttackContext run) {
        Instant started = Instant.now();
        StringBuilder text = new StringBuilder("The audit trail of " + run.target().describe() + "\n\n");
        ScriptOutput watcher = step(run, "watcher");
        text.append("watcher before: ").append(watcher.value("WATCHER")).append(" (active, main pid, user)\n");
        String owner = watcher.value("OWNER").isBlank() ? "the owner of /workspace" : watcher.value("OWNER") + " (the owner of /workspace)";
        text.append("audited identity: ").append(owner).append(", without sudo\n\n");
        Observation alerting = alerting(run, text);
        WriteAudit.Result writes = WriteAudit.probe(run, watcher.value("OWNER").trim(), text);
        List<Observation> buffering = new ArrayList<>();
        Observation restart = restart(run, text, buffering);
        List<Observation> stop = stop(run, text, watcher, owner);
        List<Observation> flood = flood(run, text, owner);
        List<Observation> history = history(run, text, owner);
        text.append("watcher after: ").append(step(run, "watcher").value("WATCHER")).append('\n');
        Shipping shipping = shipping(run, text);
        text.append("\ntook ").append(Duration.between(started, Instant.now()).toMillis()).append(" ms\n");
        EvidenceStore.Evidence evidence = run.evidence().write("C-OVERLAY-WATCHER", "audit-trail.txt", text.toString());
        dev.gjallarhorn.host.Progress.say("C-OVERLAY-WATCHER audit trail: " + writes.summary() + "; tampering and a flood in "
                + Duration.between(started, Instant.now()).toMillis() + " ms");
        return new AuditTrailScenario.AuditTrailFindings(started, Duration.between(started, Instant.now()), writes, buffering, restart, stop, flood, history, alerting,
                shipping.out(), shipping.marker(), evidence.relativePath());
    }

    /** What consumes the watcher's log and whether it alerts ({@link LogAlerting}). */
    private static Observation alerting(AttackContext run, StringBuilder text) {
        // first, while whatever consumes the log is as the target left it: a burst of writes may trip its start limit
        ScriptOutput consumers = step(run, "alerting");
        Observation alerting = LogAlerting.judge(consumers);
        text.append("what consumes the watcher's log, and whether it alerts on sensitive writes:\n");
        consumers.lines().forEach(l -> text.append("  ").append(l.text()).append('\n'));
        text.append("  ").append(alerting).append("\n\n");
        return alerting;
    }

    /**
     * The watcher's restart ({@link WatcherRestart}), only where changing the target is allowed; adds to
     * {@code buffering} what the restart showed of a watcher that buffers its output.
     */
    private static Observation restart(AttackContext run, StringBuilder text, List<Observation> buffering) {
        // what a reboot, an update or a crash does to the log: only where changing the target is allowed
        Observation restart;
        if (run.session().invasive() || run.session().twin().isPresent()) {
            List<String> args = new ArrayList<>(List.of("durability"));
            args.addAll(AuditWriters.Layers.of(run.surface().mounts()).args());
            ScriptOutput durable = step(run, args.toArray(String[]::new));
            text.append("\nrestart of the watcher (systemctl restart ").append(WatcherRestart.UNIT).append(", as root):\n");
            durable.lines().forEach(l -> text.append("  ").append(l.text()).append('\n'));
            restart = WatcherRestart.judge(durable);
            WatcherRestart.buffering(durable).ifPresent(buffering::add);
        } else {
            restart = WatcherRestart.notAllowed();
        }
        text.append("  ").append(restart).append('\n');
        buffering.forEach(o -> text.append("  ").append(o).append('\n'));
        return restart;
    }

    /** SIGTERM to the watcher as the audited identity, then what systemd does (at most 10 s), then the watcher restored. */
    private static List<Observation> stop(AttackContext run, StringBuilder text, ScriptOutput watcher, String owner) {
        List<Observation> stop = new ArrayList<>();
        ScriptOutput kill = step(run, "kill");
        text.append("\nSIGTERM to the watcher as ").append(owner).append(": ").append(kill.value("KILL")).append('\n');
        String afterKill = "";
        if (kill.value("KILL").equals("delivered")) {
            // decided as soon as systemd is: active under a new pid (restarted), or inactive/failed (it will not be)
            String killed = AuditTrailScenario.word(watcher.value("WATCHER"), 1);
            String[] state = {""};
            eventually(() -> {
                state[0] = TamperingJudging.systemdAfterKill(step(run, "watcher").value("WATCHER"), killed);
                return !state[0].isEmpty();
            }, Duration.ofSeconds(10));
            afterKill = state[0];
            text.append("restore: ").append(step(run, "restore-watcher").value("RESTORED")).append('\n');
        }
        stop.add(TamperingJudging.judgeKill(kill, afterKill, owner));
        return stop;
    }

    /** Pausing the watcher and writing past its event queue as the audited identity; a paused watcher is resumed. */
    private static List<Observation> flood(AttackContext run, StringBuilder text, String owner) {
        List<Observation> flood = new ArrayList<>();
        ScriptOutput flooded = step(run, "flood");
        text.append("\nflood as ").append(owner).append(": ").append(flooded.value("PAUSE")).append("; ").append(flooded.value("FLOOD"))
                .append(" (files written, logged, overflow lines, whether the control after them was logged)\n");
        flood.add(TamperingJudging.judgeFlood(flooded, owner));
        if (flooded.value("PAUSE").equals("paused")) {
            step(run, "restore-watcher");
        }
        return flood;
    }

    /** Moving the watcher's log away, then emptying it, as the audited identity (each put back by the script). */
    private static List<Observation> history(AttackContext run, StringBuilder text, String owner) {
        List<Observation> history = new ArrayList<>();
        ScriptOutput rename = step(run, "rename");
        ScriptOutput truncate = step(run, "truncate");
        history.add(TamperingJudging.judgeRename(rename, owner));
        history.add(TamperingJudging.judgeTruncate(truncate, owner));
        text.append("\nRENAME ").append(rename.value("RENAME")).append("\nTRUNCATE ").append(truncate.value("TRUNCATE")).append('\n');
        return history;
    }

    /** log-shipping.sh as root, with a canary on udp/514 listening for its syslog marker where canaries can be opened. */
    private static Shipping shipping(AttackContext run, StringBuilder text) {
        ScriptOutput shipping;
        Observation marker;
        Optional<Canaries> opened = run.openCanaries(List.of(CanaryPort.udp(514)));
        if (opened.isPresent()) {
            try (Canaries canaries = opened.get()) {
                shipping = ScriptOutput.of(run.target().run(Cmd.script(LogShipping.SCRIPT, run.token()).asRoot(), run.settings().commandTimeout()));
                canaries.settle();
                // the canary hearing nothing within the settle time is no proof that nothing ships the logs
                marker = canaries.hits().stream().anyMatch(h -> h.token().contains(run.token()) || !h.token().isEmpty())
                        ? Observation.blocked("a syslog marker", "arrived at the canary on udp/514: the logs leave the VM")
                        : Observation.couldNotRun("a syslog marker", Reason.TIMEOUT, "did not arrive at the canary on udp/514 while it settled");
            }
        } else {
            shipping = ScriptOutput.of(run.target().run(Cmd.script(LogShipping.SCRIPT, run.token()).asRoot(), run.settings().commandTimeout()));
            marker = Observation.couldNotRun("a syslog marker", Reason.PRECONDITION_UNMET, run.session().noCanariesBecause());
        }
        text.append("\nlog shipping:\n");
        shipping.lines().forEach(l -> text.append("  ").append(l.text()).append('\n'));
        text.append("  ").append(marker).append('\n');
        return new Shipping(shipping, marker);
    }

    static ScriptOutput step(AttackContext run, String... args) {
        List<String> all = new ArrayList<>(List.of(args[0], run.token()));
        all.addAll(List.of(args).subList(1, args.length));
        // the flood writes some 18,000 files and then waits up to 45 s for its control: on a busy machine that is minutes
        // the restart and the alerting steps wait for controls and may write a few thousand files to push them through
        Duration bound = List.of("flood", "durability", "alerting").contains(args[0]) ? Duration.ofMinutes(4) : Duration.ofMinutes(2);
        return ScriptOutput.of(run.target().run(Cmd.script(PROBE, all.toArray(String[]::new)).asRoot(), bound));
    }

    /** Whether the condition came true within the bound, polled every 250 ms (a bound, not a wait). */
    static boolean eventually(java.util.concurrent.Callable<Boolean> condition, Duration within) {
        try {
            await().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).atMost(within).until(condition);
            return true;
        } catch (ConditionTimeoutException notInTime) {
            return false;
        }
    }
}
