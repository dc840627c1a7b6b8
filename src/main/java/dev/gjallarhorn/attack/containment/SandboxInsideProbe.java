package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.run.AttackContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The look inside a sandbox container: the gateway's own if one runs, else a replica created from the target's
 * {@code openclaw.json} (removed again afterwards). Runs {@code sandbox-inside.sh} in it as its own user, then
 * {@code sandbox-replica.sh state} and {@code docker inspect}, and teaches the run's redactor every value of its
 * environment before anything is written. No judging here: {@link SandboxJudge} does that.
 */
final class SandboxInsideProbe {

    private static final RemoteScript INSIDE = RemoteScript.load(SandboxInsideProbe.class, "sandbox-inside.sh");

    private SandboxInsideProbe() {
    }

    /**
     * The findings of one look; a container that could not be examined gives {@code notRun} with its reason
     * (PRECONDITION_UNMET when the config or image rules it out, PROBE_ERROR when creating it failed otherwise).
     */
    static DockerSandboxScenario.SandboxFindings probe(AttackContext run) {
        Instant started = Instant.now();
        SandboxConfig config = SandboxConfig.of(run);
        Duration timeout = run.settings().commandTimeout();
        boolean replica = config.live().isEmpty();
        if (replica && config.unread() != null) {
            return new DockerSandboxScenario.SandboxFindings(started, Duration.ZERO, config, "", true, null, "", "no sandbox container of the gateway's runs, and how the"
                    + " gateway would start one could not be read: " + config.unread(), config.unreadReason());
        }
        if (!config.imagePresent() && replica) {
            return new DockerSandboxScenario.SandboxFindings(started, Duration.ZERO, config, "", true, null, "",
                    "the sandbox image " + config.image() + " is not on the target, and no sandbox container runs", Reason.PRECONDITION_UNMET);
        }
        String container = replica ? "" : config.live().get(0);
        if (replica) {
            ScriptOutput created = ScriptOutput.of(run.target().run(Cmd.script(SandboxConfig.SCRIPT, "create", run.token()).asRoot(), timeout));
            container = created.value("CONTAINER");
            if (container.isEmpty()) {
                String failed = created.value("CREATE-FAILED");
                return new DockerSandboxScenario.SandboxFindings(started, Duration.ZERO, config, "", true, null, "", "could not create it as OpenClaw would: "
                        + (failed.isEmpty() ? created.result().describe() + " " + created.result().stderr().strip() : failed),
                        failed.isEmpty() ? Reason.PROBE_ERROR : Reason.PRECONDITION_UNMET);
            }
        }
        try {
            List<String> args = new ArrayList<>(List.of(run.token()));
            args.addAll(config.hostAddresses());
            ScriptOutput inside = ScriptOutput.of(run.target().run(Cmd.script(INSIDE, args.toArray(String[]::new))
                    .inside(List.of("docker", "exec", "-i", container)).asRoot(), timeout));
            CommandResult state = run.target().run(Cmd.script(SandboxConfig.SCRIPT, "state", run.token(), container).asRoot(), timeout);
            inside = withLines(inside, ScriptOutput.of(state));
            CommandResult inspect = run.target().run(Cmd.of("docker", "inspect", container).asRoot(), timeout);
            // the values of its environment are in both answers; what looks secret must be redacted before anything is written
            run.redactor().learnEnvironment(inside.all("ENV").stream().map(l -> l.rest(0)).toList());
            run.redactor().learnEnvironment(dev.gjallarhorn.evidence.Environments.dockerConfigEnv(inspect.stdout()));
            return new DockerSandboxScenario.SandboxFindings(started, Duration.between(started, Instant.now()), config, container, replica, inside,
                    inspect.stdout(), null, null);
        } finally {
            if (replica) {
                run.target().run(Cmd.script(SandboxConfig.SCRIPT, "remove", run.token()).asRoot(), timeout);
            }
        }
    }

    private static ScriptOutput withLines(ScriptOutput first, ScriptOutput more) {
        List<ScriptOutput.Line> lines = new ArrayList<>(first.lines());
        lines.addAll(more.lines());
        return new ScriptOutput(first.result(), lines);
    }
}
