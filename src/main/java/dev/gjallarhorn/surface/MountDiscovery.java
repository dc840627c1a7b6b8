package dev.gjallarhorn.surface;

import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The mount table as findmnt shows it to root, with whether the target is a container and which mounts it declares
 * as harness scaffolding, discovered once and written to {@code surface/mounts.txt}.
 */
final class MountDiscovery {

    static final String MOUNT_COLUMNS = "ID,PARENT,MAJ:MIN,FSROOT,TARGET,SOURCE,FSTYPE,VFS-OPTIONS,FS-OPTIONS";

    private final Discovery discovery;
    private MountTable mounts;
    private String containerKind;
    private Set<String> scaffolding;

    MountDiscovery(Discovery discovery) {
        this.discovery = discovery;
    }

    synchronized MountTable table() {
        if (mounts == null) {
            discover();
        }
        return mounts;
    }

    /** What systemd-detect-virt --container said: {@code none}, a container kind, or {@code unknown}. */
    synchronized String containerKind() {
        table();
        return containerKind;
    }

    synchronized boolean container() {
        table();
        return isContainer();
    }

    synchronized Set<String> scaffolding() {
        table();
        return Set.copyOf(scaffolding);
    }

    synchronized List<HostShare> hostShares() {
        return table().mounts().isEmpty() ? List.of() : mounts.hostShares(isContainer(), scaffolding);
    }

    private boolean isContainer() {
        return !containerKind.equals("none") && !containerKind.isEmpty() && !containerKind.equals("unknown");
    }

    private void discover() {
        Instant started = Instant.now();
        CommandResult result = discovery.run(Cmd.of("findmnt", "-J", "-l", "-o", MOUNT_COLUMNS).asRoot());
        CommandResult virt = discovery.run(Cmd.of("sh", "-c",
                "systemd-detect-virt --container 2>/dev/null || true; cat /etc/bilrost-twin/scaffolding 2>/dev/null || true"));
        List<String> lines = virt.stdout().strip().lines().toList();
        containerKind = lines.isEmpty() ? "unknown" : lines.get(0).strip();
        scaffolding = new LinkedHashSet<>(lines.size() > 1 ? lines.subList(1, lines.size()) : List.of());
        StringBuilder text = new StringBuilder("The mount table of " + discovery.describe() + "\n");
        try {
            mounts = MountTable.parse(result.stdout());
        } catch (IllegalArgumentException e) {
            mounts = new MountTable(List.of());
            text.append("could not read it: ").append(result.describe()).append(": ").append(e.getMessage()).append('\n');
        }
        text.append("container: ").append(containerKind).append(" (systemd-detect-virt --container)\n");
        text.append("scaffolding the target declares (/etc/bilrost-twin/scaffolding): ").append(scaffolding.isEmpty() ? "none" : scaffolding).append('\n');
        text.append("\nhost-backed mounts (from filesystem types, devices and binds; never from a path prefix):\n");
        if (!mounts.mounts().isEmpty()) {
            mounts.hostShares(isContainer(), scaffolding).forEach(s -> text.append("  ").append(s).append('\n'));
        }
        text.append("\nall mounts:\n");
        mounts.mounts().forEach(m -> text.append("  ").append(m).append(" id ").append(m.id()).append(" dev ").append(m.device()).append('\n'));
        discovery.written("mounts", text, started);
    }
}
