package dev.gjallarhorn.surface;

import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.remote.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the target has, in the manner of InSpec resources: its packet filter, mounts, identities, log sources,
 * processes and containers. Each noun is discovered the first time an attack asks for it, once per run, over
 * the run's one connection (the shell lives in resource files next to this class), and written to
 * {@code evidence/surface/NOUN.txt} with what was run and how long it took. Attacks ask the surface, then act.
 *
 * <p>Discovery runs as root and changes nothing. A noun that could not be read is still returned (empty),
 * with the reason in its evidence, so that the attack that needs it can say INCONCLUSIVE instead of HOLDS.
 *
 * <p>Each noun's discovery is its own class ({@link FirewallDiscovery}, {@link MountDiscovery},
 * {@link IdentityDiscovery}, {@link LogSourceDiscovery}, {@link ProcessDiscovery}, {@link ContainerDiscovery});
 * this facade serialises them, so one discovery runs at a time over the connection.
 */
public final class Surface {

    private final Discovery discovery;
    private final FirewallDiscovery firewall;
    private final MountDiscovery mounts;
    private final IdentityDiscovery identities;
    private final LogSourceDiscovery logSources;
    private final ProcessDiscovery processes;
    private final ContainerDiscovery containers;

    public Surface(Target target, EvidenceStore evidence, Duration timeout) {
        this.discovery = new Discovery(target, evidence, timeout);
        this.firewall = new FirewallDiscovery(discovery);
        this.mounts = new MountDiscovery(discovery);
        this.identities = new IdentityDiscovery(discovery, firewall);
        this.logSources = new LogSourceDiscovery(discovery);
        this.processes = new ProcessDiscovery(discovery);
        this.containers = new ContainerDiscovery(discovery);
    }

    /** The evidence files written so far, by noun. */
    public synchronized Map<String, Path> evidenceFiles() {
        return discovery.files();
    }

    /** The packet filter of both families, from iptables-save, ip6tables-save, nft and UFW's rule files. */
    public synchronized FirewallRuleset firewall() {
        return firewall.ruleset();
    }

    /**
     * Why the target has no IPv6 at all (a kernel without it, no address on any interface but loopback, or IPv6
     * switched off on every interface), so that an empty IPv6 ruleset means "nothing to filter"; empty when it
     * has IPv6 or that could not be read.
     */
    public synchronized Optional<String> noIpv6() {
        return firewall.noIpv6();
    }

    /** Per interface, whether IPv6 is switched off on it (from {@code /proc/sys/net/ipv6/conf}); empty if unknown. */
    public synchronized Map<String, Boolean> ipv6Disabled() {
        return firewall.ipv6Disabled();
    }

    /** The mount table, as findmnt shows it to root. */
    public synchronized MountTable mounts() {
        return mounts.table();
    }

    /** Whether the target is a container (systemd-detect-virt --container), where a hypervisor boundary cannot be checked. */
    public synchronized boolean container() {
        return mounts.container();
    }

    public synchronized String containerKind() {
        return mounts.containerKind();
    }

    /** The mounts whose files are the host's, wherever they are mounted. */
    public synchronized List<HostShare> hostShares() {
        return mounts.hostShares();
    }

    /** Mounts the target declares as harness scaffolding (a twin's gateway runtime), left out of the shares. */
    public synchronized Set<String> scaffolding() {
        return mounts.scaffolding();
    }

    /**
     * Every identity a process on the target can have: the login user, root, the gateway's service identity,
     * an unrelated user, and the owners of the firewall's uid matches.
     */
    public synchronized List<Principal> identities() {
        return identities.identities();
    }

    /** Where the target writes logs: journald's storage, /var/log, units' output files, logrotate's and rsyslog's files, open log files. */
    public synchronized List<LogSource> logSources() {
        return logSources.logSources();
    }

    /** Every process, with its user and unit. */
    public synchronized List<TargetProcess> processes() {
        return processes.processes();
    }

    /** The units that load secrets.env through {@code EnvironmentFile=}: their processes hold the secrets by design. */
    public synchronized Set<String> secretsUnits() {
        return processes.secretsUnits();
    }

    /** The containers and images of the target's Docker engine. */
    public synchronized Inventory containers() {
        return containers.inventory();
    }
}
