package dev.gjallarhorn.scenario;

import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.target.Cmd;
import dev.gjallarhorn.target.RemoteScript;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The tool sandbox as the target's {@code openclaw.json} configures it, and whether its image is there yet (the
 * twin loads it in the background after boot). Read once per run.
 */
public record SandboxConfig(String configFile, String service, String image, String network, String toolNetwork,
                            String section, boolean imagePresent, List<String> live) {

    static final RemoteScript SCRIPT = RemoteScript.load(SandboxConfig.class, "sandbox-replica.sh");

    public static SandboxConfig of(AttackRun run) {
        return run.observeOnce(SandboxConfig.class, () -> read(run, Duration.ofSeconds(120)));
    }

    private static SandboxConfig read(AttackRun run, Duration waitForImage) {
        Instant deadline = Instant.now().plus(waitForImage);
        while (true) {
            ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(SCRIPT, "config").asRoot(), run.settings().commandTimeout()));
            SandboxConfig config = new SandboxConfig(out.value("CONFIG"), out.value("SERVICE"), out.value("IMAGE"), out.value("NETWORK"),
                    out.value("TOOL-NETWORK"), out.value("SANDBOX"), out.value("IMAGE-PRESENT").equals("yes"),
                    out.all("LIVE").stream().map(l -> l.word(0)).toList());
            if (config.imagePresent() || Instant.now().isAfter(deadline) || config.image().isEmpty()) {
                return config;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return config;
            }
        }
    }

    /** {@code docker run --rm -i} of the sandbox image on a network, labelled with the run, as root. */
    public UnaryOperator<Cmd> containerOn(String networkMode, String name, String token) {
        return probe -> probe.inside(List.of("docker", "run", "--rm", "-i", "--name", name, "--label", "dev.gjallarhorn.run=" + token,
                "--network", networkMode, image)).asRoot();
    }
}
