package dev.gjallarhorn.run;

import dev.gjallarhorn.remote.BadTargetSpec;
import dev.gjallarhorn.remote.HostKeyPin;
import dev.gjallarhorn.remote.HostKeyRejected;
import dev.gjallarhorn.remote.LimaInstance;
import dev.gjallarhorn.remote.SshConfigFile;
import dev.gjallarhorn.remote.SshEndpoint;
import dev.gjallarhorn.remote.SshIdentity;
import dev.gjallarhorn.remote.SshTarget;
import dev.gjallarhorn.remote.Target;
import dev.gjallarhorn.twin.LimaTwinStaging;
import dev.gjallarhorn.twin.Twin;
import dev.gjallarhorn.twin.TwinSources;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The target of one run, reached: its SSH connection, where canaries go, what the harness already knows
 * (a twin's canary secrets) and whether invasive steps are allowed. Closing it closes the connection and
 * removes a twin the run started.
 */
public final class TargetSession implements AutoCloseable {

    /** Lima's user-mode network: the guest reaches the host's loopback at this address. */
    static final String LIMA_HOST_GATEWAY = "192.168.5.2";

    private final Target target;
    private final String kind;
    private final Optional<CanaryPlacement> canaries;
    private final String noCanariesBecause;
    private final boolean invasive;
    private final Optional<Twin> twin;

    private TargetSession(Target target, String kind, Optional<CanaryPlacement> canaries, String noCanariesBecause,
                          boolean invasive, Optional<Twin> twin) {
        this.target = target;
        this.kind = kind;
        this.canaries = canaries;
        this.noCanariesBecause = noCanariesBecause;
        this.invasive = invasive;
        this.twin = twin;
    }

    /** Reaches the target {@code settings.targetSpec()} names; throws the transport's typed errors. */
    public static TargetSession open(RunSettings settings) {
        return open(settings, System.getenv());
    }

    public static TargetSession open(RunSettings settings, Map<String, String> environment) {
        TargetSpec spec = settings.targetSpec();
        if (spec instanceof TargetSpec.Twin t) {
            Twin twin = Twin.start(t.spec(), Twin.Owner.RUN);
            try {
                SshTarget ssh = twin.connect(settings.connectTimeout());
                String gateway = twin.hostAddress();
                CanaryPlacement placement = CanaryPlacement.of(settings.canaries().bind().orElse(gateway), settings.canaries().address().orElse(gateway));
                return new TargetSession(ssh, "twin:" + twin.spec(), Optional.of(placement), "", true, Optional.of(twin));
            } catch (RuntimeException e) {
                twin.close();
                throw e;
            }
        }
        if (spec instanceof TargetSpec.Ssh s) {
            SshIdentity identity = SshIdentity.file(settings.ssh().identity().orElseThrow(() -> new BadTargetSpec(
                    "an ssh: target needs -Dgjallarhorn.ssh.identity=PRIVATE_KEY_FILE")));
            HostKeyPin pin = explicitPin(settings).orElseThrow(() -> new HostKeyRejected("no host key pinned for " + s.endpoint()
                    + ": pass -Dgjallarhorn.ssh.hostKeyFingerprint=SHA256:... or -Dgjallarhorn.ssh.knownHosts=FILE"));
            SshTarget ssh = SshTarget.connect(s.endpoint(), identity, pin, settings.connectTimeout());
            Optional<CanaryPlacement> placement = settings.canaries().address()
                    .map(address -> CanaryPlacement.of(settings.canaries().bind().orElse(address), address));
            return new TargetSession(ssh, "ssh", placement,
                    "no canary address: pass -Dgjallarhorn.canary.address=THIS_HOST_AS_THE_TARGET_SEES_IT", settings.invasive(), Optional.empty());
        }
        TargetSpec.Lima l = (TargetSpec.Lima) spec;
        LimaInstance lima = new LimaInstance(l.name(), environment);
        if (settings.lima().create()) {
            LimaTwinStaging.stage(TwinSources.locate()); // what the template mounts, in case it has to be created
        }
        SshConfigFile config = lima.prepare(settings.lima().create(), settings.lima().template());
        Path key = settings.ssh().identity().or(config::readableIdentity).orElseThrow(() -> new BadTargetSpec(
                "no readable IdentityFile in " + config.file() + "; pass -Dgjallarhorn.ssh.identity=FILE"));
        Set<String> serial = lima.serialLogFingerprints();
        HostKeyPin pin = explicitPin(settings).or(() -> serial.isEmpty() ? Optional.empty() : Optional.of(HostKeyPin.anyOf(serial)))
                .orElseThrow(() -> new HostKeyRejected("no host key to pin for lima:" + l.name() + ": no fingerprints in "
                        + lima.limaHome().resolve(l.name()) + "/serial*.log; pass -Dgjallarhorn.ssh.hostKeyFingerprint=SHA256:..."
                        + " (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub in the VM)"));
        SshTarget ssh = SshTarget.connect(new SshEndpoint(config.user(), config.hostName(), config.port()), SshIdentity.file(key),
                pin, settings.connectTimeout());
        CanaryPlacement placement = CanaryPlacement.of(settings.canaries().bind().orElse("127.0.0.1"),
                settings.canaries().address().orElse(LIMA_HOST_GATEWAY));
        return new TargetSession(ssh, "lima:" + l.name(), Optional.of(placement), "", settings.invasive(), Optional.empty());
    }

    private static Optional<HostKeyPin> explicitPin(RunSettings settings) {
        if (settings.ssh().hostKeyFingerprint().isPresent()) {
            return Optional.of(HostKeyPin.fingerprint(settings.ssh().hostKeyFingerprint().get()));
        }
        return settings.ssh().knownHosts().map(HostKeyPin::knownHosts);
    }

    public Target target() {
        return target;
    }

    /** The SSH connection under {@link #target()}; a replayed target (unit tests) has none and throws. */
    public SshTarget ssh() {
        if (target instanceof SshTarget ssh) {
            return ssh;
        }
        throw new IllegalStateException(kind + " is replayed, not reached over SSH");
    }

    /**
     * A session around a target that is not reached over SSH: a recorded target that replays command results in
     * unit tests. It has no canaries, no twin and no secrets known beforehand.
     *
     * @param kind as {@link #kind()} says it, e.g. {@code ssh} or {@code twin:as-claimed}
     */
    public static TargetSession replaying(Target target, String kind, boolean invasive) {
        return new TargetSession(target, kind, Optional.empty(), "a replayed target has no canaries", invasive, Optional.empty());
    }

    /** The host key the connection verified; empty for a replayed target. */
    public String hostKey() {
        return target instanceof SshTarget ssh ? ssh.hostKey() : "";
    }

    /** {@code twin:as-provisioned}, {@code ssh}, {@code lima:NAME}. */
    public String kind() {
        return kind;
    }

    public Optional<CanaryPlacement> canaries() {
        return canaries;
    }

    public String noCanariesBecause() {
        return noCanariesBecause;
    }

    public boolean invasive() {
        return invasive;
    }

    public Optional<Twin> twin() {
        return twin;
    }

    /** Secret values the harness knows before it looks (a twin's canaries), for redaction. */
    public Map<String, String> knownSecrets() {
        return twin.map(Twin::secrets).orElse(Map.of());
    }

    @Override
    public void close() {
        try {
            target.close();
        } finally {
            twin.ifPresent(Twin::close);
        }
    }
}
