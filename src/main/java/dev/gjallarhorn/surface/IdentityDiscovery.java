package dev.gjallarhorn.surface;

import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every identity a process on the target can have, discovered once by {@code identities.sh} from the login user and
 * the uids the firewall's owner matches name, and written to {@code surface/identities.txt}.
 */
final class IdentityDiscovery {

    private static final RemoteScript IDENTITIES = RemoteScript.load(IdentityDiscovery.class, "identities.sh");

    private final Discovery discovery;
    private final FirewallDiscovery firewall;
    private List<Principal> identities;

    IdentityDiscovery(Discovery discovery, FirewallDiscovery firewall) {
        this.discovery = discovery;
        this.firewall = firewall;
    }

    synchronized List<Principal> identities() {
        if (identities == null) {
            discover();
        }
        return List.copyOf(identities);
    }

    private void discover() {
        Instant started = Instant.now();
        Set<String> uids = new LinkedHashSet<>();
        firewall.ruleset().rules().forEach(r -> r.ownerUid().filter(u -> !u.startsWith("!")).ifPresent(u -> uids.add(u.split("-")[0])));
        List<String> args = new ArrayList<>(List.of(discovery.user()));
        args.addAll(uids);
        CommandResult result = discovery.run(Cmd.script(IDENTITIES, args.toArray(String[]::new)).asRoot());
        identities = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            String[] w = line.strip().split("\\s+", 5);
            if (w.length == 5 && w[0].equals("IDENTITY")) {
                identities.add(new Principal(w[1], w[2], w[3], w[4]));
            }
        }
        StringBuilder text = new StringBuilder("Who a process on " + discovery.describe() + " can be\n");
        text.append(result.describe()).append('\n');
        identities.forEach(p -> text.append("  ").append(p).append('\n'));
        text.append("and, beside these, containers: a bridge container and the tool sandbox (their attacks name them)\n");
        discovery.written("identities", text, started);
    }
}
