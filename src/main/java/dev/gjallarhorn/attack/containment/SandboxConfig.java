package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.RemoteScript;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The tool sandbox as the gateway resolves it from the target's {@code openclaw.json} (the default agent's sandbox
 * over {@code agents.defaults.sandbox}, OpenClaw's defaults for unset keys), whether its image is there yet (the twin
 * loads it in the background after boot), the gateway's own sandbox containers, and the VM's addresses and listening
 * TCP ports. Read once per run by {@code sandbox-replica.sh config}.
 *
 * @param settings      the resolved settings by line kind ({@code MODE}, {@code SCOPE}, {@code USER},
 *                      {@code READ-ONLY-ROOT}, {@code CAP-DROP}, …); empty when {@link #unread} says why
 * @param unread        why the settings could not be read, or {@code null} when they were
 * @param unreadReason  {@link Reason#PROBE_ERROR} when the script gave nothing readable, {@link Reason#PRECONDITION_UNMET}
 *                      when it said the config cannot be read; {@code null} when read
 * @param listening     the TCP ports something listens on on the VM; empty when the listener table was not read
 */
public record SandboxConfig(String configFile, String service, String image, String network, String toolNetwork,
                            String section, boolean imagePresent, List<String> live, Map<String, String> settings,
                            List<String> binds, List<String> envNames, List<String> hostAddresses,
                            Optional<Set<Integer>> listening, String unread, Reason unreadReason) {

    static final RemoteScript SCRIPT = RemoteScript.load(SandboxConfig.class, "sandbox-replica.sh");

    /** The single-valued settings {@code sandbox-replica.sh config} prints, by line kind. */
    static final List<String> SETTINGS = List.of("MODE", "BACKEND", "SCOPE", "WORKSPACE-ACCESS", "EXEC-HOST", "DM-SCOPE", "USER",
            "READ-ONLY-ROOT", "CAP-DROP", "SECCOMP-PROFILE", "APPARMOR-PROFILE");

    public static SandboxConfig of(AttackContext run) {
        return run.observeOnce(SandboxConfig.class, () -> read(run, Duration.ofSeconds(120)));
    }

    private static SandboxConfig read(AttackContext run, Duration waitForImage) {
        Instant deadline = Instant.now().plus(waitForImage);
        while (true) {
            SandboxConfig config = parse(ScriptOutput.of(run.target().run(Cmd.script(SCRIPT, "config").asRoot(), run.settings().commandTimeout())));
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

    /** The output of {@code sandbox-replica.sh config}; output without a {@code MODE} or {@code CONFIG-UNREADABLE} line is a probe error. */
    public static SandboxConfig parse(ScriptOutput out) {
        Map<String, String> settings = new LinkedHashMap<>();
        String unread = null;
        Reason reason = null;
        if (!out.value("CONFIG-UNREADABLE").isEmpty()) {
            unread = out.value("CONFIG-UNREADABLE");
            reason = Reason.PRECONDITION_UNMET;
        } else if (out.value("MODE").isEmpty()) {
            unread = "the sandbox config script printed no settings (" + out.result().describe()
                    + (out.result().stderr().isBlank() ? "" : ": " + out.result().stderr().strip()) + ")";
            reason = Reason.PROBE_ERROR;
        } else {
            for (String kind : SETTINGS) {
                if (!out.value(kind).isEmpty()) {
                    settings.put(kind, out.value(kind));
                }
            }
        }
        Optional<Set<Integer>> listening = Optional.empty();
        if (out.value("LISTENERS").equals("read")) {
            Set<Integer> ports = new TreeSet<>();
            out.all("TCP-LISTEN").stream().map(l -> l.word(0)).filter(w -> w.matches("\\d{1,5}")).forEach(w -> ports.add(Integer.parseInt(w)));
            listening = Optional.of(ports);
        }
        boolean read = unread == null;
        return new SandboxConfig(out.value("CONFIG"), out.value("SERVICE"), read ? out.value("IMAGE") : "", read ? out.value("NETWORK") : "",
                read ? out.value("TOOL-NETWORK") : "", out.value("SANDBOX"), out.value("IMAGE-PRESENT").equals("yes"),
                out.all("LIVE").stream().map(l -> l.word(0)).toList(), Map.copyOf(settings),
                out.all("BIND").stream().map(l -> l.rest(0)).toList(), out.all("ENV-NAME").stream().map(l -> l.word(0)).toList(),
                out.all("HOST-ADDR").stream().map(l -> l.word(0)).toList(), listening, unread, reason);
    }

    /** A resolved setting by its line kind ({@code MODE}, {@code USER}, …), or empty when it was not read. */
    public String setting(String kind) {
        return settings.getOrDefault(kind, "");
    }

    /** The settings that decide containment, in one line for reports. */
    public String describe() {
        if (unread != null) {
            return "not read: " + unread;
        }
        StringBuilder text = new StringBuilder();
        SETTINGS.forEach(k -> text.append(k.toLowerCase(java.util.Locale.ROOT)).append(' ').append(setting(k)).append(", "));
        text.append("image ").append(image).append(", network ").append(network).append(", binds ")
                .append(binds.isEmpty() ? "-" : String.join(" ", binds)).append(", env ").append(envNames.isEmpty() ? "-" : String.join(" ", envNames));
        return text.toString();
    }

    /** {@code docker run --rm -i} of the sandbox image on a network, labelled with the run, as root. */
    public UnaryOperator<Cmd> containerOn(String networkMode, String name, String token) {
        return probe -> probe.inside(List.of("docker", "run", "--rm", "-i", "--name", name, "--label", "dev.gjallarhorn.run=" + token,
                "--network", networkMode, image)).asRoot();
    }
}
