package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.attack.AgentChannelAttack;
import dev.gjallarhorn.junit.AttackIndex;
import dev.gjallarhorn.twin.TwinFault;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Faults grouped so that no two in one twin bear on the same claim, each group with the attacks that judge its
 * claims (from the attack index). The gateway's conversation (the agent channel) costs minutes, so a fault gets it
 * only when nothing else judges its claims, and such faults share twins only with each other.
 */
public final class FaultGroups {
    /** At most this many faults share a twin: more would make one broken fault hide the others' results. */
    static final int MAX_PER_TWIN = 8;

    public record Group(List<TwinFault> faults, Set<String> attacks) {
        public String target() {
            return "twin:as-claimed+" + String.join(",", faults.stream().map(TwinFault::name).toList());
        }
    }

    public static List<Group> of(List<TwinFault> faults, AttackIndex index) {
        List<Group> groups = new ArrayList<>();
        for (TwinFault fault : faults) {
            Set<String> attacks = attacksOf(fault, index);
            boolean agent = needsAgentChannel(attacks);
            Group home = null;
            for (Group g : groups) {
                boolean sameChannel = needsAgentChannel(g.attacks()) == agent;
                boolean disjoint = g.faults().stream().noneMatch(o -> overlaps(o, fault));
                if (sameChannel && disjoint && g.faults().size() < MAX_PER_TWIN) {
                    home = g;
                    break;
                }
            }
            if (home == null) {
                home = new Group(new ArrayList<>(), new LinkedHashSet<>());
                groups.add(home);
            }
            home.faults().add(fault);
            home.attacks().addAll(attacks);
        }
        return groups;
    }

    private static boolean overlaps(TwinFault a, TwinFault b) {
        return a.concerns(b.claim()) || b.concerns(a.claim()) || a.alsoNamed().stream().anyMatch(b::concerns);
    }

    /** Whether one of the tests ({@code SimpleClass.method}) talks to the gateway. */
    static boolean needsAgentChannel(Set<String> tests) {
        return tests.stream().anyMatch(t -> t.startsWith(AgentChannelAttack.class.getSimpleName() + "."));
    }

    /** The attack tests ({@code SimpleClass.method}) that judge a claim the fault bears on. */
    private static Set<String> attacksOf(TwinFault fault, AttackIndex index) {
        Set<String> all = new LinkedHashSet<>();
        index.attacks().stream().filter(a -> fault.concerns(a.claim())).forEach(a -> all.add(a.test()));
        Set<String> tests = all;
        // the gateway's conversation costs minutes: it is on only for a fault whose claims nothing else judges
        Set<String> withoutGateway = new LinkedHashSet<>(all);
        withoutGateway.removeIf(t -> needsAgentChannel(Set.of(t)));
        if (!withoutGateway.isEmpty()) {
            tests = withoutGateway;
        }
        assertThat(tests).as("attacks that judge " + fault.claim() + " (fault " + fault.name() + ")").isNotEmpty();
        return tests;
    }
}
