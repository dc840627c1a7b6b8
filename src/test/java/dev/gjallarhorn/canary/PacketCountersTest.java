package dev.gjallarhorn.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PacketCountersTest {

    @Test
    void readsEachTokensPacketsFromTheVerboseListing() {
        String listing = """
                -P INPUT ACCEPT -c 120 9000
                -A INPUT -s 172.30.0.2/32 -d 172.30.0.1/32 -p icmp -m string --string "gjaaaaaaaaaa" --algo bm -m comment --comment "gjallarhorn-egress:gjaaaaaaaaaa" -c 1 40
                -A INPUT -s 172.30.0.2/32 -d 172.30.0.1/32 -p 201 -m string --string "gjbbbbbbbbbb" --algo bm -m comment --comment gjallarhorn-egress:gjbbbbbbbbbb -c 0 0
                -A INPUT -p tcp -m comment --comment "someone else's" -c 7 700
                """;
        assertThat(PacketCounters.parse(listing)).containsExactly(java.util.Map.entry("gjaaaaaaaaaa", 1L), java.util.Map.entry("gjbbbbbbbbbb", 0L));
    }

    @Test
    void aCounterTheListingLacksIsUnknownAndAnUnreadListingKnowsNothing() {
        PacketCounters.Counts counts = new PacketCounters.Counts(java.util.Map.of("gjaaaaaaaaaa", 2L), Optional.empty());
        assertThat(counts.of("gjaaaaaaaaaa")).contains(2L);
        assertThat(counts.of("gjzzzzzzzzzz")).isEmpty();
        assertThat(new PacketCounters.Counts(java.util.Map.of("gjaaaaaaaaaa", 2L), Optional.of("iptables: timed out")).of("gjaaaaaaaaaa")).isEmpty();
    }

    @Test
    void theRuleCountsOnlyAndCarriesItsTokenTwice() {
        PacketCounters.Counter counter = new PacketCounters.Counter("gjaaaaaaaaaa", "gre", "172.30.0.2", "172.30.0.1");
        assertThat(counter.rule("-I")).containsExactly("iptables", "-w", "-I", "INPUT", "1", "-s", "172.30.0.2", "-d", "172.30.0.1", "-p", "gre",
                "-m", "string", "--algo", "bm", "--string", "gjaaaaaaaaaa", "-m", "comment", "--comment", "gjallarhorn-egress:gjaaaaaaaaaa");
        assertThat(counter.rule("-D")).doesNotContain("1").contains("-D").doesNotContain("-j");
    }
}
