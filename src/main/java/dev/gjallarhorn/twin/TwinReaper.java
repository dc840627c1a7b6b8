package dev.gjallarhorn.twin;

import dev.gjallarhorn.host.HostMounts;
import dev.gjallarhorn.host.Progress;
import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.Map;

/**
 * Removes what runs that died left behind: twins whose owning process is gone (recorded, or half-started with only
 * their directory), containers no record names, twin networks no record knows and no container uses, and air-gap
 * rules whose bridge no longer exists. Never a twin whose owner is alive.
 */
final class TwinReaper {

    private TwinReaper() {
    }

    static void reapOrphans(DockerClient docker) {
        List<TwinRecord> records = TwinRecord.all();
        for (TwinRecord orphan : records) {
            boolean ownerAlive = ProcessHandle.of(orphan.ownerPid()).map(ProcessHandle::isAlive).orElse(false);
            if ("run".equals(orphan.owner()) && !ownerAlive) {
                Progress.say("removing " + orphan.name() + ", left behind by a run that ended without cleaning up");
                Twin.removeQuietly(docker, orphan.containerId(), orphan.network(), orphan.dir());
            }
        }
        reapUnrecordedDirs(records);
        // a run killed between starting its container and writing its record leaves a container no record names
        Set<String> recorded = records.stream().map(TwinRecord::containerId).collect(Collectors.toSet());
        for (Container container : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.gjallarhorn.twin", "true")).exec()) {
            Map<String, String> labels = container.getLabels();
            long pid = Long.parseLong(labels.getOrDefault("dev.gjallarhorn.owner-pid", "0"));
            boolean ownerAlive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if ("run".equals(labels.get("dev.gjallarhorn.owner")) && !ownerAlive && !recorded.contains(container.getId())) {
                Progress.say("removing container " + String.join(",", container.getNames()) + ", left behind by a run that ended without cleaning up");
                Twin.removeQuietly(docker, container.getId(), null, null);
            }
        }
        Set<String> known = records.stream().map(TwinRecord::networkId).collect(Collectors.toSet());
        for (Network network : docker.listNetworksCmd().withFilter("label", List.of(TwinNetwork.LABEL)).exec()) {
            long pid = Long.parseLong(network.getLabels().getOrDefault(TwinNetwork.LABEL_PID, "0"));
            boolean ownerAlive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (!ownerAlive && !known.contains(network.getId())) {
                String bridge = network.getOptions().getOrDefault("com.docker.network.bridge.name", "");
                Progress.say("removing network " + network.getName() + ", left behind by an earlier run");
                try {
                    new TwinNetwork(network.getName(), network.getId(), bridge, "", "").remove(docker);
                } catch (RuntimeException stillInUse) {
                    Progress.say("  kept it: " + Twin.oneLine(stillInUse));
                }
            }
        }
        Set<String> bridges = docker.listNetworksCmd().exec().stream()
                .map(n -> n.getOptions() == null ? "" : n.getOptions().getOrDefault("com.docker.network.bridge.name", ""))
                .collect(Collectors.toSet());
        for (String bridge : AirGap.bridgesWithRules()) {
            if (!bridges.contains(bridge)) {
                AirGap.remove(bridge);
            }
        }
    }

    /**
     * A twin directory without a record is a twin still starting, or one whose run died while starting it (its share
     * images may still be mounted under it): removed, mounts first, only when the process its {@link Twin#OWNER_FILE} names
     * is gone. A directory without that file (an older release's) is left alone.
     */
    static void reapUnrecordedDirs(List<TwinRecord> records) {
        Set<Path> recorded = records.stream().map(TwinRecord::dir).collect(Collectors.toSet());
        Path twins = TwinRecord.twinsDir();
        if (!Files.isDirectory(twins)) {
            return;
        }
        try (java.util.stream.Stream<Path> children = Files.list(twins)) {
            for (Path dir : children.filter(Files::isDirectory).filter(d -> !recorded.contains(d)).toList()) {
                Path owner = dir.resolve(Twin.OWNER_FILE);
                if (!Files.isRegularFile(owner)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(Files.readString(owner).trim());
                } catch (NumberFormatException unreadable) {
                    continue;
                }
                // a twin started by hand writes its record and its CLI exits: a record written since the list was read
                // makes the directory that twin's, however dead its starter is
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) || Files.exists(dir.resolve(TwinRecord.FILE))) {
                    continue;
                }
                Progress.say("removing " + dir.getFileName() + ", a twin whose run died while starting it");
                try {
                    HostMounts.unmountUnder(dir);
                    TwinImages.deleteTree(dir);
                } catch (RuntimeException busy) {
                    Progress.say("  kept it: " + Twin.oneLine(busy));
                }
            }
        } catch (IOException e) {
            Progress.say("could not look through " + twins + " for twins left half-started: " + e.getMessage());
        }
    }
}
