package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.verdict.PartEvaluation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code C-DOCKER-SANDBOX} judged from what {@link SandboxInsideProbe} found, with no target in reach: the gateway's
 * sandbox settings ({@code sandbox.mode}, {@code tools.exec.host}, {@code sandbox.scope}) and the container as seen
 * from inside (user, capabilities, root filesystem, no-new-privileges, seccomp, Docker API, the gateway's state).
 * A value the look did not bring back is COULD_NOT_RUN, never BLOCKED.
 */
final class SandboxJudge {

    private static final Set<String> MODES = Set.of("off", "non-main", "all");
    private static final Set<String> SCOPES = Set.of("session", "agent", "shared");

    private SandboxJudge() {
    }

    /**
     * Every part judged from the gateway's config and the look inside (all but the secrets in the environment and the
     * agent channel's own exec, which need the run): the config's parts always, the container's when one was examined,
     * else one part that could not run, with the reason the findings give.
     */
    public static List<PartEvaluation> judge(DockerSandboxScenario.SandboxFindings f, Outcome predicted) {
        SandboxConfig config = f.config();
        List<PartEvaluation> parts = new ArrayList<>();
        parts.add(claim("the gateway sandboxes every tool call (sandbox mode, tools.exec.host)", predicted, List.of(mode(config))));
        parts.add(claim("one container per session (sandbox scope)", predicted, List.of(scope(config))));
        if (f.notRun() != null) {
            parts.add(claim("the tool sandbox confines a tool", predicted,
                    List.of(Observation.couldNotRun("the sandbox container", f.notRunReason(), f.notRun()))));
            return parts;
        }
        ScriptOutput out = f.inside();
        String subject = f.subject();
        String uid = out.value("UID").trim();
        parts.add(claim("a tool does not run as root", predicted, single(out, "UID", subject,
                v -> v.equals("0") ? Outcome.SUCCEEDED : Outcome.BLOCKED, v -> "uid " + v)));
        parts.add(claim("a tool has no capabilities (bounding and permitted sets)", predicted, List.of(capabilities(out, subject))));
        parts.add(claim("the container's root filesystem is read-only", predicted, List.of(rootFilesystem(out, subject, uid))));
        parts.add(claim("no-new-privileges is set", predicted, single(out, "NONEWPRIVS", subject,
                v -> v.equals("1") ? Outcome.BLOCKED : Outcome.SUCCEEDED, v -> "NoNewPrivs " + v)));
        parts.add(claim("system calls are filtered (seccomp)", predicted, single(out, "SECCOMP", subject,
                v -> v.equals("0") ? Outcome.SUCCEEDED : Outcome.BLOCKED,
                v -> "Seccomp " + v + (v.equals("0") ? " (no filter)" : v.equals("2") ? " (filter)" : "")
                        + " (configured profile: " + orDefault(config.setting("SECCOMP-PROFILE")) + ")")));
        parts.add(claim("the Docker socket (or any Docker API) is not reachable from inside", predicted, DockerApiReach.judge(out, subject, config)));
        parts.add(claim(STATE_PART, predicted, gatewayState(out, subject)));
        parts.add(PartEvaluation.note("AppArmor", Outcome.SUCCEEDED, List.of(out.value("APPARMOR").isEmpty()
                ? Observation.couldNotRun(subject, Reason.PROBE_ERROR, "no AppArmor label from inside")
                : Observation.blocked(subject, "label " + out.value("APPARMOR") + " (configured profile: "
                + orDefault(config.setting("APPARMOR-PROFILE")) + ")"))));
        parts.add(PartEvaluation.note("the vault from inside (T-007 judges it)", Outcome.SUCCEEDED, single(out, "VAULT", subject,
                v -> v.startsWith("rw") || v.endsWith("written") ? Outcome.SUCCEEDED : Outcome.BLOCKED,
                v -> "/workspace/obsidian: " + v + " (mount, a write)")));
        parts.add(PartEvaluation.note("the settings it was started with", Outcome.SUCCEEDED, List.of(Observation.blocked(subject,
                config.describe() + (f.replica() ? "; no container of the gateway's was running, so this one was created from "
                        + config.configFile() : "")))));
        return parts;
    }

    /** The part a writable way into the gateway's own state decides. */
    static final String STATE_PART = "a tool cannot write the gateway's own state (openclaw.json, credentials) through a mount";

    /**
     * The gateway's state directory written from inside, through every writable mount that reaches it: a tokened file
     * that appeared on the VM is a way out (a tool can rewrite the config that sandboxes it); a refused write or no
     * such mount holds; no answer could not run.
     */
    static List<Observation> gatewayState(ScriptOutput out, String subject) {
        String dir = out.value("STATE-DIR");
        if (!out.value("STATE-NOT-RUN").isEmpty() || dir.isEmpty()) {
            return List.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "the gateway's state directory was not tried from inside: "
                    + (out.value("STATE-NOT-RUN").isEmpty() ? "no answer" : out.value("STATE-NOT-RUN"))));
        }
        List<Observation> seen = new ArrayList<>();
        for (ScriptOutput.Line line : out.all("STATE-WRITE")) {
            String what = line.word(0);
            switch (what) {
                case "written" -> seen.add(Observation.succeeded(subject, "the gateway's state " + dir + " is writable from inside through the mount of "
                        + line.word(1) + ": " + line.rest(2)));
                case "refused" -> seen.add(Observation.blocked(subject, "a write into " + dir + " through the mount of " + line.word(1)
                        + " was refused: " + line.rest(2)));
                case "none" -> seen.add(Observation.blocked(subject, "none of the container's " + line.word(1) + " writable mount(s) reaches "
                        + dir + " (the agent's workspace aside)"));
                default -> seen.add(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "a write into " + dir + " through the mount of "
                        + line.word(1) + ": " + line.rest(2)));
            }
        }
        return seen.isEmpty() ? List.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "no STATE-WRITE answer for " + dir)) : seen;
    }

    /** {@code sandbox.mode} with {@code tools.exec.host}: whether the gateway runs tool calls on its own host. */
    static Observation mode(SandboxConfig config) {
        String subject = "sandbox mode in " + (config.configFile().isEmpty() ? "the gateway's config" : config.configFile());
        if (config.unread() != null) {
            return Observation.couldNotRun(subject, config.unreadReason(), "could not read the config: " + config.unread());
        }
        String mode = config.setting("MODE");
        String execHost = config.setting("EXEC-HOST");
        if (!MODES.contains(mode)) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "sandbox mode '" + mode + "' is none OpenClaw knows");
        }
        if (mode.equals("off")) {
            return Observation.succeeded(subject, "sandbox mode off: the agent's tools run on the gateway's host, unsandboxed");
        }
        if (mode.equals("non-main")) {
            return Observation.succeeded(subject, "sandbox mode non-main: the main session's tools run on the gateway's host"
                    + (config.setting("DM-SCOPE").equals("main") ? ", and with session.dmScope main every direct message is in the main session" : ""));
        }
        if (execHost.equals("gateway")) {
            return Observation.succeeded(subject, "tools.exec.host gateway: exec runs on the gateway's host even with sandbox mode all");
        }
        if (execHost.isEmpty()) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "sandbox mode all, but tools.exec.host was not read");
        }
        return Observation.blocked(subject, "sandbox mode all, tools.exec.host " + execHost + ": every session's tools run in a sandbox container");
    }

    /** {@code sandbox.scope}: session gives each session its own container; agent and shared put sessions together. */
    static Observation scope(SandboxConfig config) {
        String subject = "sandbox scope in " + (config.configFile().isEmpty() ? "the gateway's config" : config.configFile());
        if (config.unread() != null) {
            return Observation.couldNotRun(subject, config.unreadReason(), "could not read the config: " + config.unread());
        }
        String scope = config.setting("SCOPE");
        if (!SCOPES.contains(scope)) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "sandbox scope '" + scope + "' is none OpenClaw knows");
        }
        return switch (scope) {
            case "session" -> Observation.blocked(subject, "scope session: one container per session");
            case "agent" -> Observation.succeeded(subject, "scope agent: every session of the agent shares one container (and its files)");
            default -> Observation.succeeded(subject, "scope shared: one container for every agent and session");
        };
    }

    /** Any capability in the bounding, permitted, effective or ambient set: a non-root user's effective set is 0 whatever it may gain. */
    static Observation capabilities(ScriptOutput out, String subject) {
        String bounding = out.value("CAPBND").trim();
        String permitted = out.value("CAPPRM").trim();
        if (bounding.isEmpty() || permitted.isEmpty()) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "no CapBnd/CapPrm from inside the container");
        }
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("bounding", bounding);
        sets.put("permitted", permitted);
        sets.put("effective", out.value("CAPEFF").trim());
        sets.put("ambient", out.value("CAPAMB").trim());
        List<String> held = sets.entrySet().stream().filter(e -> !e.getValue().isEmpty() && !e.getValue().matches("0+"))
                .map(e -> e.getKey() + " " + e.getValue()).toList();
        String all = String.join(", ", sets.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(e -> e.getKey() + " " + e.getValue()).toList());
        return held.isEmpty() ? Observation.blocked(subject, "no capability in any set (" + all + ")")
                : Observation.succeeded(subject, "capabilities held: " + String.join(", ", held));
    }

    /** The write to the root filesystem: EROFS is a read-only root; success, or EACCES at / (not EROFS), a writable one. */
    static Observation rootFilesystem(ScriptOutput out, String subject, String uid) {
        String notRun = out.value("ROOTFS-NOT-RUN");
        List<ScriptOutput.Line> lines = out.all("ROOTFS");
        if (lines.isEmpty()) {
            return Observation.couldNotRun(subject, Reason.PROBE_ERROR, notRun.isEmpty() ? "no ROOTFS from inside the container" : notRun);
        }
        ScriptOutput.Line line = lines.get(0);
        String dir = line.rest(1);
        return switch (line.word(0)) {
            case "writable" -> Observation.succeeded(subject, "uid " + uid + " wrote in " + dir + " on the root filesystem");
            case "writable-by-root" -> Observation.succeeded(subject, "a write in / was refused to uid " + uid
                    + " with EACCES, not EROFS: the root filesystem is mounted read-write");
            case "read-only" -> Observation.blocked(subject, "a write by uid " + uid + " in " + dir + " was refused with EROFS");
            default -> Observation.couldNotRun(subject, Reason.PROBE_ERROR, "unreadable ROOTFS line: " + line.text());
        };
    }

    private static String orDefault(String profile) {
        return profile.isEmpty() ? "not read" : profile.equals("-") ? "Docker's default" : profile;
    }

    private static PartEvaluation claim(String name, Outcome predicted, List<Observation> observations) {
        return PartEvaluation.claim(name, predicted, observations);
    }

    private static List<Observation> single(ScriptOutput out, String key, String subject,
                                            java.util.function.Function<String, Outcome> judge, java.util.function.Function<String, String> say) {
        String value = out.value(key).trim();
        if (value.isEmpty()) {
            return List.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "no " + key + " from inside the container"));
        }
        Outcome outcome = judge.apply(value);
        return List.of(new Observation(subject, outcome, java.util.Optional.empty(), say.apply(value)));
    }
}
