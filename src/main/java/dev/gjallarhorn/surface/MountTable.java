package dev.gjallarhorn.surface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The target's mount table, read from {@code findmnt -J -l -o ID,PARENT,MAJ:MIN,FSROOT,TARGET,SOURCE,FSTYPE,
 * VFS-OPTIONS,FS-OPTIONS} (util-linux's JSON, parsed with Jackson), and which of its mounts are backed by the host.
 *
 * <p>Host-backed, from the table alone and never from a path prefix:
 * <ul>
 *   <li>a host-sharing filesystem type (virtiofs, 9p, sshfs, NFS, SMB, vboxsf, …), wherever it is mounted;</li>
 *   <li>a bind mount of such a filesystem elsewhere (same device);</li>
 *   <li>on a container target, every mount of a real filesystem that is not the container's own root: what a
 *       container runtime binds in comes from its host (this is what stands in for shares on the twin).</li>
 * </ul>
 * Mounts the target declares as its own scaffolding (a twin's gateway runtime) are left out, and named.
 */
public record MountTable(List<Mount> mounts) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> SHARE_TYPES = Set.of("virtiofs", "9p", "fuse.sshfs", "sshfs", "nfs", "nfs4", "cifs", "smb3", "smbfs",
            "vboxsf", "fuse.vmhgfs-fuse", "vmhgfs", "prl_fs", "fakeowner", "fuse.rclone", "davfs");
    /** Filesystems the kernel or the target makes itself: never a host's files. */
    static final Set<String> LOCAL_TYPES = Set.of("proc", "sysfs", "tmpfs", "devtmpfs", "devpts", "mqueue", "cgroup", "cgroup2",
            "securityfs", "debugfs", "tracefs", "configfs", "fusectl", "pstore", "bpf", "binfmt_misc", "autofs", "hugetlbfs", "nsfs",
            "efivarfs", "rpc_pipefs", "selinuxfs", "ramfs", "overlay", "shm", "iso9660");

    public MountTable {
        mounts = List.copyOf(mounts);
    }

    public static MountTable parse(String findmntJson) {
        JsonNode root;
        try {
            root = JSON.readTree(findmntJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("not findmnt JSON: " + e.getMessage(), e);
        }
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode fs : root.path("filesystems")) {
            mounts.add(new Mount(fs.path("id").asInt(), fs.path("parent").asInt(), fs.path("maj:min").asText(), fs.path("fsroot").asText("/"),
                    fs.path("target").asText(), fs.path("source").asText(), fs.path("fstype").asText(),
                    fs.path("vfs-options").asText(), fs.path("fs-options").asText()));
        }
        if (mounts.isEmpty()) {
            throw new IllegalArgumentException("findmnt listed no filesystems");
        }
        return new MountTable(mounts);
    }

    public Optional<Mount> at(String target) {
        Mount found = null;
        for (Mount m : mounts) {
            if (m.target().equals(target)) {
                found = m; // the last one mounted there is the one in effect
            }
        }
        return Optional.ofNullable(found);
    }

    /** The mounts whose files are the host's, in mount-table order, each with the reason; scaffolding left out. */
    public List<HostShare> hostShares(boolean containerTarget, Set<String> scaffolding) {
        List<HostShare> shares = new ArrayList<>();
        String rootDevice = at("/").map(Mount::device).orElse("");
        for (Mount m : mounts) {
            if (scaffolding.contains(m.target()) || pseudoPlace(m.target())) {
                continue;
            }
            Optional<HostShare> source = bindSource(shares, m);
            String why = null;
            if (source.isPresent()) {
                why = "a bind of " + source.get().target() + " (same device " + m.device() + ")";
            } else if (SHARE_TYPES.contains(m.fsType())) {
                why = "a " + m.fsType() + " share";
            } else if (containerTarget && !LOCAL_TYPES.contains(m.fsType()) && !m.device().equals(rootDevice) && !m.target().equals("/")) {
                why = "bound into this container from its host (" + m.fsType() + " " + m.source()
                        + (m.fsRoot().equals("/") ? "" : " " + m.fsRoot()) + ")";
            }
            if (why != null) {
                shares.add(new HostShare(m, why));
            }
        }
        return shares;
    }

    /** An earlier share this mount shows again: same device, and a directory of it at or below that share's own. */
    private static Optional<HostShare> bindSource(List<HostShare> earlier, Mount m) {
        HostShare best = null;
        for (HostShare s : earlier) {
            String root = s.mount().fsRoot();
            boolean within = m.fsRoot().equals(root) || m.fsRoot().startsWith(root.endsWith("/") ? root : root + "/");
            if (s.mount().device().equals(m.device()) && within && (best == null || root.length() > best.mount().fsRoot().length())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean pseudoPlace(String target) {
        return target.equals("/proc") || target.startsWith("/proc/") || target.equals("/sys") || target.startsWith("/sys/")
                || target.equals("/dev") || target.startsWith("/dev/");
    }
}
