package dev.gjallarhorn.twin;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The twin as a container: systemd as PID 1, its own air-gapped network, the host shares bound under
 * {@code /mnt}, a profile and faults chosen at boot.
 * <p>Image: {@code gjallarhorn/twin} (built by {@link TwinImages}). Exposed port: 22 (ssh).
 * <p>{@code --privileged} fails on machines whose capability bounding set lacks CAP_SYS_RESOURCE, so the
 * twin gets every capability this Docker knows but that one, one by one.
 */
public final class TwinContainer extends GenericContainer<TwinContainer> {

    static final int SSH_PORT = 22;
    static final String LABEL_TWIN = "dev.gjallarhorn.twin";
    private static final Set<String> WITHHELD = Set.of("ALL", "SYS_RESOURCE", "BPF", "PERFMON", "CHECKPOINT_RESTORE");

    private final String name;
    private final TwinSpec spec;
    private final TwinNetwork network;
    private final Map<String, String> labels = new HashMap<>();
    private String authorizedKey = "";
    private boolean outlivesJvm;

    public TwinContainer(String image, String name, TwinSpec spec, TwinNetwork network) {
        super(DockerImageName.parse(image));
        this.name = name;
        this.spec = spec;
        this.network = network;
        addExposedPort(SSH_PORT);
        setWaitStrategy(new TwinReadyWait().withStartupTimeout(Duration.ofMinutes(3)));
    }

    /** The key the Lima-style user accepts. */
    public TwinContainer withAuthorizedKey(String line) {
        this.authorizedKey = line;
        return self();
    }

    public TwinContainer withShares(TwinShares shares) {
        for (TwinShares.Share share : shares.shares()) {
            withFileSystemBind(shares.bindSource(share).toString(), share.mountPoint(),
                    share.writable() ? BindMode.READ_WRITE : BindMode.READ_ONLY);
        }
        return self();
    }

    /** The OpenClaw gateway, read-only where the twin's gateway unit looks for it; without it the unit stays inactive. */
    public TwinContainer withGatewayRuntime(java.util.Optional<Path> runtime) {
        runtime.ifPresent(dir -> withFileSystemBind(dir.toString(), GatewayRuntime.MOUNT_POINT, BindMode.READ_ONLY));
        return self();
    }

    public TwinContainer withLabel(String key, String value) {
        labels.put(key, value);
        return self();
    }

    /**
     * Keeps the twin running after this JVM exits (for {@code twin up}). Testcontainers removes every
     * container labelled with its session id when the JVM ends; this twin never gets that label.
     */
    public TwinContainer outlivingThisJvm() {
        this.outlivesJvm = true;
        return self();
    }

    @Override
    protected void configure() {
        setNetworkMode(network.name());
        String selection = "PROFILE=" + spec.profile().id() + "\nFAULTS=" + String.join(",", spec.faults())
                + "\nREGENERATE_HOST_KEYS=1\n";
        withCopyToContainer(Transferable.of(selection, 0644), "/etc/bilrost-twin/selection.env");
        withCopyToContainer(Transferable.of(authorizedKey + "\n", 0644), "/etc/bilrost-twin/authorized_keys");
        boolean cgroupV2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        if (!cgroupV2) {
            withFileSystemBind("/sys/fs/cgroup", "/sys/fs/cgroup", BindMode.READ_WRITE);
        }
        labels.put(LABEL_TWIN, "true");
        labels.put("dev.gjallarhorn.spec", spec.toString());
        withCreateContainerCmdModifier(cmd -> {
            cmd.withName(name).withHostName("bilrost-twin").withLabels(outlivesJvm ? new LabelsOutsideSession(labels) : labels);
            HostConfig host = cmd.getHostConfig();
            host.withCapAdd(Arrays.stream(Capability.values()).filter(c -> !WITHHELD.contains(c.name())).toArray(Capability[]::new))
                    .withSecurityOpts(List.of("apparmor=unconfined", "seccomp=unconfined"))
                    .withTmpFs(Map.of("/run", "rw,exec", "/run/lock", "rw", "/tmp", "rw,exec",
                            "/var/lib/docker", "rw,exec", "/var/lib/openclaw", "rw,exec"))
                    .withCgroupnsMode(cgroupV2 ? "private" : "host")
                    // a VM's processes show no /docker/<id> cgroup; OpenClaw takes one as "the gateway runs in Docker"
                    .withCgroupParent(CGROUP_PARENT)
                    .withDns(network.gateway());
        });
    }

    static final String CGROUP_PARENT = "/gjallarhorn";

    /** Container labels that refuse Testcontainers' session label, so the JVM-exit cleanup leaves the twin alone. */
    private static final class LabelsOutsideSession extends HashMap<String, String> {
        private static final String SESSION_LABEL = "org.testcontainers.sessionId";

        LabelsOutsideSession(Map<String, String> labels) {
            super(labels);
        }

        @Override
        public String put(String key, String value) {
            return SESSION_LABEL.equals(key) ? null : super.put(key, value);
        }

        @Override
        public void putAll(Map<? extends String, ? extends String> more) {
            more.forEach(this::put);
        }
    }
}
