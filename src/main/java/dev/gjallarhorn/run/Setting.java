package dev.gjallarhorn.run;

import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.verdict.VerdictKind;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every {@code -Dgjallarhorn.*} property the harness reads, with the form its value must take and the default
 * that applies when it is absent. The one list of settings: {@link SettingsCheck} validates against it, the
 * {@code settings} command prints it, and a name that is not here is an error (with a did-you-mean).
 */
public enum Setting {
    TARGET("gjallarhorn.target", Form.TARGET, "twin", "what to attack: twin, twin:PROFILE[+FAULT,...], ssh://user@host:port or lima:NAME"),
    SSH_IDENTITY("gjallarhorn.ssh.identity", Form.FILE, null, "private key for an ssh: target (lima: reads it from ssh.config)"),
    SSH_KNOWN_HOSTS("gjallarhorn.ssh.knownHosts", Form.FILE, null, "known_hosts file that pins the target's host key"),
    SSH_HOST_KEY("gjallarhorn.ssh.hostKeyFingerprint", Form.FINGERPRINT, null, "the target's pinned host key, SHA256:..."),
    CANARY_ADDRESS("gjallarhorn.canary.address", Form.ADDRESS, null, "this host's address as the target sees it (where canaries are reached)"),
    CANARY_BIND("gjallarhorn.canary.bind", Form.ADDRESS, null, "the local address the canaries listen on"),
    LIMA_CREATE("gjallarhorn.lima.create", Form.FLAG, "false", "create a missing Lima instance from the template"),
    LIMA_TEMPLATE("gjallarhorn.lima.template", Form.FILE, "lima/bilrost-twin.yaml", "the Lima template used with lima.create"),
    REPORTS("gjallarhorn.reports", Form.DIRECTORY, "reports", "where the reports go"),
    THREAT_MODEL("gjallarhorn.threatModel", Form.FILE, "scenarios/bilrost-threat-model.md", "the threat model to judge"),
    BASELINE("gjallarhorn.baseline", Form.FILE, null, "a verdicts.json to compare with instead of the run history's last decided verdicts"),
    CLAIMS("gjallarhorn.claims", Form.CLAIM_IDS, null, "attack only these claims (comma-separated ids): a run narrowed on purpose"),
    INVASIVE("gjallarhorn.invasive", Form.FLAG, "false", "allow steps that change a real ssh:/lima: target (always on for a twin the run started)"),
    ALLOW_UNIDENTIFIED("gjallarhorn.allowUnidentified", Form.FLAG, "false", "attack a host that does not identify as a Bilrost sandbox"),
    AGENT_CHANNEL("gjallarhorn.agentChannel", Form.FLAG, "true", "drive the gateway through the Telegram and LLM doubles"),
    AGENT_FAILURES("gjallarhorn.agentChannel.failures", Form.FAILURE_PHASES, "quick",
            "which API failures the agent channel provokes: quick (about a minute), all (about 5 min more) or off"),
    STRICT("gjallarhorn.strict", Form.FLAG, "false", "also fail on " + VerdictKind.STALE.label() + " and " + VerdictKind.INCONCLUSIVE.label() + " claims"),
    FAIL_ON("gjallarhorn.failOn", Form.FAIL_ON, "contradicted", "contradicted (any contradicted claim fails) or regressions (only new ones)"),
    INCONCLUSIVE_BUDGET("gjallarhorn.inconclusiveBudget", Form.COUNT, "3", "runs in a row a claim may stay " + VerdictKind.INCONCLUSIVE.label() + " before the gate fails"),
    TIMEOUT_CONNECT("gjallarhorn.timeout.connect", Form.DURATION, "15s", "upper bound for reaching the target"),
    TIMEOUT_COMMAND("gjallarhorn.timeout.command", Form.DURATION, "60s", "upper bound for one command on the target"),
    TIMEOUT_DISCOVERY("gjallarhorn.timeout.discovery", Form.DURATION, "180s", "upper bound for reading one noun of the target's surface (the firewall's four tools alone may take 30 s each)"),
    TIMEOUT_PROBE("gjallarhorn.timeout.probe", Form.DURATION, "8s", "upper bound for one egress attempt, counted from the start of its client process (on a busy 2-core machine starting it takes seconds)"),
    SYNC_GATE_SCRIPT("gjallarhorn.syncGate.script", Form.FILE, null, "Bilrost's scripts/sync-gate.sh on this host: the sync gate is run here, --dry-run, against the target (lima:/ssh:)"),
    SYNC_GATE_PATH("gjallarhorn.syncGate.path", Form.TEXT, null, "directories, separated by ':', put before PATH for that gate (where its gitleaks, rsync and ssh are)"),
    ROTATION_MAX_AGE_DAYS("gjallarhorn.rotation.maxAgeDays", Form.COUNT, "90", "secrets older than this many days count as not rotated"),
    CONCURRENCY("gjallarhorn.concurrency", Form.COUNT, "4", "attack classes that run side by side over the one SSH connection (1: one after the other)"),
    BENCH_RUNS("gjallarhorn.bench.runs", Form.COUNT, "3", "measured runs of the benchmark (-Pbench), besides its warm-up and serial runs"),
    EGRESS_SEED("gjallarhorn.egress.seed", Form.NUMBER, null, "the seed of the egress attack's random port sample, to repeat a run's sample (printed in its evidence)"),
    SECRETS_BUDGET("gjallarhorn.secrets.budgetSeconds", Form.COUNT, "240", "seconds the secrets-at-rest search may take in all; a place not read to its end is "
            + VerdictKind.INCONCLUSIVE.label(Optional.of(Reason.TIMEOUT))),
    LOCK_TIMEOUT("gjallarhorn.setup.lockTimeout", Form.DURATION, "5m", "upper bound for waiting on the dpkg lock when installing host packages"),
    TWIN_BASE("gjallarhorn.twin.base", Form.TEXT, null, "a base image for the twin, e.g. debian:bookworm-slim where a registry answers"),
    STATE("gjallarhorn.state", Form.DIRECTORY, "~/.gjallarhorn", "where twins, caches and the secret fingerprint key are kept on this host"),
    HOME("gjallarhorn.home", Form.DIRECTORY, ".", "the gjallarhorn checkout (set by the build)"),
    ATTACK_SUITE("gjallarhorn.attackSuite", Form.FLAG, "false", "set by -Pattack: this JVM runs the attack suite"),
    INVOCATION("gjallarhorn.invocation", Form.TEXT, null, "set by -Pattack: which Maven invocation the reports must come from");

    /** The shape a value must have. */
    public enum Form {
        TARGET("twin, twin:PROFILE[+FAULT,...], ssh://user@host:port or lima:NAME"),
        FILE("the path of an existing file"),
        DIRECTORY("a directory path"),
        FINGERPRINT("SHA256: followed by 43 base64 characters, as ssh-keygen -lf prints it"),
        ADDRESS("an IPv4 or IPv6 address literal"),
        FLAG("true or false (the name alone means true)"),
        FAIL_ON("contradicted or regressions"),
        FAILURE_PHASES("all, quick or off (false)"),
        COUNT("a whole number of at least 1"),
        NUMBER("a whole number (may be negative)"),
        DURATION("a positive duration: seconds (30) or a number with ms, s or m (500ms, 30s, 2m)"),
        CLAIM_IDS("claim ids separated by commas, e.g. C-FIREWALL,T-003"),
        TEXT("any text");

        private final String accepted;

        Form(String accepted) {
            this.accepted = accepted;
        }

        public String accepted() {
            return accepted;
        }
    }

    private final String key;
    private final Form form;
    private final String fallback;
    private final String meaning;

    Setting(String key, Form form, String fallback, String meaning) {
        this.key = key;
        this.form = form;
        this.fallback = fallback;
        this.meaning = meaning;
    }

    public String key() {
        return key;
    }

    public Form form() {
        return form;
    }

    /** The default as a user would write it, or empty when absent means "not set". */
    public Optional<String> fallback() {
        return Optional.ofNullable(fallback);
    }

    public String meaning() {
        return meaning;
    }

    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
