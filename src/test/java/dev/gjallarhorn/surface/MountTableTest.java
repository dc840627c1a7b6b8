package dev.gjallarhorn.surface;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MountTableTest {

    @Test
    void onAContainerTwinEveryMountBoundInFromTheHostIsAShare() {
        MountTable table = MountTable.parse(Recorded.text("findmnt.twin-as-claimed.json"));
        List<String> shares = table.hostShares(true, Set.of()).stream().map(HostShare::target).toList();
        assertThat(shares).containsExactlyInAnyOrder("/mnt/obsidian", "/mnt/openclaw-config", "/mnt/secrets", "/mnt/buildlog-data",
                "/mnt/openclaw-agents", "/mnt/openclaw", "/opt/openclaw-runtime");
        assertThat(table.hostShares(true, Set.of("/opt/openclaw-runtime"))).as("the twin's scaffolding is left out").hasSize(6);
        assertThat(table.at("/mnt/openclaw").orElseThrow().writable()).isFalse();
        assertThat(table.at("/workspace").orElseThrow().overlayLower()).contains("/mnt/openclaw");
        assertThat(table.hostShares(false, Set.of())).as("the same table read as a VM's: no share type, nothing bound in").isEmpty();
    }

    @Test
    void bindsOfHostDirectoriesOnOneDeviceAreToldApartByTheirRoot() {
        Mount root = new Mount(1, 0, "0:39", "/", "/", "overlay", "overlay", "rw", "rw");
        Mount buildlog = new Mount(2, 1, "254:0", "/h/shares/buildlog-data", "/mnt/buildlog-data", "/dev/vda", "ext4", "rw", "rw");
        Mount agents = new Mount(3, 1, "254:0", "/h/shares/openclaw-agents", "/mnt/openclaw-agents", "/dev/vda", "ext4", "rw", "rw");
        Mount agentsAgain = new Mount(4, 1, "254:0", "/h/shares/openclaw-agents", "/home/lima.linux/.openclaw/agents", "/dev/vda", "ext4", "rw", "rw");
        List<HostShare> shares = new MountTable(List.of(root, buildlog, agents, agentsAgain)).hostShares(true, Set.of());
        assertThat(shares).extracting(HostShare::why).containsExactly(
                "bound into this container from its host (ext4 /dev/vda /h/shares/buildlog-data)",
                "bound into this container from its host (ext4 /dev/vda /h/shares/openclaw-agents)",
                "a bind of /mnt/openclaw-agents (same device 254:0)");
    }

    @Test
    void onAVmSharesAreFoundByTypeWhereverTheyAreMountedAndBindsOfThemToo() {
        MountTable table = MountTable.parse(Recorded.text("findmnt.lima-vz.json"));
        List<HostShare> shares = table.hostShares(false, Set.of());
        assertThat(shares).extracting(HostShare::target).containsExactly("/mnt/openclaw", "/mnt/secrets", "/mnt/openclaw-agents",
                "/Users/operator", "/tmp/lima", "/home/operator.linux/.openclaw/agents");
        assertThat(shares.get(5).why()).contains("a bind of /mnt/openclaw-agents");
        assertThat(table.at("/Users/operator").orElseThrow().writable()).isTrue();
        assertThat(table.at("/mnt/openclaw").orElseThrow().writable()).isFalse();
    }
}
