package dev.gjallarhorn.surface;

import dev.gjallarhorn.host.Progress;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.remote.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 */
public final class Surface {

    static final String MOUNT_COLUMNS = "ID,PARENT,MAJ:MIN,FSROOT,TARGET,SOURCE,FSTYPE,VFS-OPTIONS,FS-OPTIONS";
    private static final RemoteScript FIREWALL = RemoteScript.load(Surface.class, "firewall.sh");
    private static final RemoteScript IDENTITIES = RemoteScript.load(Surface.class, "identities.sh");
    private static final RemoteScript LOG_SOURCES = RemoteScript.load(Surface.class, "log-sources.sh");
    private static final RemoteScript PROCESSES = RemoteScript.load(Surface.class, "processes.sh");
    private static final RemoteScript CONTAINERS = RemoteScript.load(Surface.class, "containers.sh");

    private final Target target;
    private final EvidenceStore evidence;
    private final Duration timeout;
    private final Map<String, Path> files = new LinkedHashMap<>();
    private FirewallRuleset firewall;
    private MountTable mounts;
    private String containerKind;
    private Set<String> scaffolding;
    private List<Principal> identities;
    private List<LogSource> logSources;
    private List<TargetProcess> processes;
    private Set<String> secretsUnits;
    private Inventory inventory;

    public Surface(Target target, EvidenceStore evidence, Duration timeout) {
        this.target = target;
        this.evidence = evidence;
        this.timeout = timeout;
    }

    /** The evidence files written so far, by noun. */
    public synchronized Map<String, Path> evidenceFiles() {
        return Map.copyOf(files);
    }

    /** The packet filter of both families, from iptables-save, ip6tables-save, nft and UFW's rule files. */
    public synchronized FirewallRuleset firewall() {
        if (firewall == null) {
            Instant started = Instant.now();
            CommandResult result = target.run(Cmd.script(FIREWALL).asRoot(), timeout);
            Map<String, Section> sections = sections(result.stdout());
            List<FirewallRule> rules = new ArrayList<>();
            Map<String, String> policies = new LinkedHashMap<>();
            Map<String, String> hooks = new LinkedHashMap<>();
            List<String> gaps = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            readIptables(sections.get("iptables-save"), Family.IPV4, "iptables-save", "v4", rules, policies, gaps, sources);
            readIptables(sections.get("ip6tables-save"), Family.IPV6, "ip6tables-save", "v6", rules, policies, gaps, sources);
            readIptables(sections.get("ufw-user.rules"), Family.IPV4, "ufw user.rules", "ufw4", rules, new LinkedHashMap<>(), gaps, sources);
            readIptables(sections.get("ufw-user6.rules"), Family.IPV6, "ufw user6.rules", "ufw6", rules, new LinkedHashMap<>(), gaps, sources);
            Section nft = sections.get("nft-json");
            if (nft != null && nft.exit() == 0) {
                try {
                    NftRuleset.Parsed parsed = NftRuleset.parse(nft.text());
                    rules.addAll(parsed.rules());
                    hooks.putAll(parsed.hooks());
                    parsed.policies().forEach((k, v) -> policies.put("nft:" + k, v));
                    parsed.skipped().forEach(s -> gaps.add("nft: not read: " + s));
                    sources.add("nft -j list ruleset (" + parsed.rules().size() + " rules)");
                } catch (IllegalArgumentException e) {
                    gaps.add("nft -j list ruleset: " + e.getMessage());
                }
            } else {
                String why = nft == null ? "not run" : nft.exit() == 127 ? "nft is not installed" : "exit " + nft.exit() + ": " + nft.text().strip();
                boolean iptablesSeesAll = sections.values().stream().noneMatch(s -> s.text().contains("incompatible"));
                gaps.add("nft -j list ruleset: " + why + (iptablesSeesAll
                        ? " (iptables-save reported no table it cannot show)" : "; iptables-save reports tables only nft can show"));
            }
            Section ipv6 = sections.get("ipv6");
            noIpv6 = noIpv6(ipv6);
            Map<Family, FirewallRuleset.Unread> unread = unread(sections, result, rules, policies, noIpv6);
            firewall = new FirewallRuleset(rules, policies, hooks, gaps, sources, unread);
            StringBuilder text = new StringBuilder("The packet filter of " + target.describe() + "\n");
            text.append("discovery: ").append(result.describe()).append('\n');
            text.append("read from: ").append(String.join("; ", sources)).append('\n');
            text.append("could not read: ").append(gaps.isEmpty() ? "nothing" : String.join("; ", gaps)).append('\n');
            unread.forEach((family, u) -> text.append("UNKNOWN ").append(family.shortName()).append(" ruleset: ").append(u.why()).append('\n'));
            text.append("IPv6 on this target: ").append(noIpv6.map(why -> "none (" + why + ")").orElse("present, or not known to be absent")).append('\n');
            text.append("policies: ").append(policies).append('\n');
            for (FirewallRuleset.Hook hook : FirewallRuleset.Hook.values()) {
                text.append("\nrules that let new connections through on the ").append(hook).append(" path:\n");
                firewall.letsThrough(hook).forEach(r -> text.append("  [").append(r.origin()).append("] ").append(r.text()).append('\n'));
            }
            text.append("\nIPv6 per interface: ").append(ipv6 == null ? "not read" : ipv6.text().strip().replace('\n', ';')).append('\n');
            sections.forEach((name, s) -> text.append("\n$ ").append(name).append(" (exit ").append(s.exit()).append(")\n").append(s.text()));
            done("firewall", text, started);
            ipv6Disabled = ipv6 == null ? Map.of() : parseIpv6(ipv6.text());
        }
        return firewall;
    }

    private Map<String, Boolean> ipv6Disabled = Map.of();
    private Optional<String> noIpv6 = Optional.empty();

    /**
     * Why the target has no IPv6 at all (a kernel without it, no address on any interface but loopback, or IPv6
     * switched off on every interface), so that an empty IPv6 ruleset means "nothing to filter"; empty when it
     * has IPv6 or that could not be read.
     */
    public synchronized Optional<String> noIpv6() {
        firewall();
        return noIpv6;
    }

    /** Per interface, whether IPv6 is switched off on it (from {@code /proc/sys/net/ipv6/conf}); empty if unknown. */
    public synchronized Map<String, Boolean> ipv6Disabled() {
        firewall();
        return ipv6Disabled;
    }

    /** The mount table, as findmnt shows it to root. */
    public synchronized MountTable mounts() {
        if (mounts == null) {
            Instant started = Instant.now();
            CommandResult result = target.run(Cmd.of("findmnt", "-J", "-l", "-o", MOUNT_COLUMNS).asRoot(), timeout);
            CommandResult virt = target.run(Cmd.of("sh", "-c", "systemd-detect-virt --container 2>/dev/null || true; cat /etc/bilrost-twin/scaffolding 2>/dev/null || true"),
                    timeout);
            List<String> lines = virt.stdout().strip().lines().toList();
            containerKind = lines.isEmpty() ? "unknown" : lines.get(0).strip();
            scaffolding = new LinkedHashSet<>(lines.size() > 1 ? lines.subList(1, lines.size()) : List.of());
            StringBuilder text = new StringBuilder("The mount table of " + target.describe() + "\n");
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
                mounts.hostShares(container(), scaffolding).forEach(s -> text.append("  ").append(s).append('\n'));
            }
            text.append("\nall mounts:\n");
            mounts.mounts().forEach(m -> text.append("  ").append(m).append(" id ").append(m.id()).append(" dev ").append(m.device()).append('\n'));
            done("mounts", text, started);
        }
        return mounts;
    }

    /** Whether the target is a container (systemd-detect-virt --container), where a hypervisor boundary cannot be checked. */
    public synchronized boolean container() {
        mounts();
        return !containerKind.equals("none") && !containerKind.isEmpty() && !containerKind.equals("unknown");
    }

    public synchronized String containerKind() {
        mounts();
        return containerKind;
    }

    /** The mounts whose files are the host's, wherever they are mounted. */
    public synchronized List<HostShare> hostShares() {
        return mounts().mounts().isEmpty() ? List.of() : mounts.hostShares(container(), scaffolding);
    }

    /** Mounts the target declares as harness scaffolding (a twin's gateway runtime), left out of the shares. */
    public synchronized Set<String> scaffolding() {
        mounts();
        return Set.copyOf(scaffolding);
    }

    /**
     * Every identity a process on the target can have: the login user, root, the gateway's service identity,
     * an unrelated user, and the owners of the firewall's uid matches.
     */
    public synchronized List<Principal> identities() {
        if (identities == null) {
            Instant started = Instant.now();
            Set<String> uids = new LinkedHashSet<>();
            firewall().rules().forEach(r -> r.ownerUid().filter(u -> !u.startsWith("!")).ifPresent(u -> uids.add(u.split("-")[0])));
            List<String> args = new ArrayList<>(List.of(target.user()));
            args.addAll(uids);
            CommandResult result = target.run(Cmd.script(IDENTITIES, args.toArray(String[]::new)).asRoot(), timeout);
            identities = new ArrayList<>();
            for (String line : result.stdout().split("\n")) {
                String[] w = line.strip().split("\\s+", 5);
                if (w.length == 5 && w[0].equals("IDENTITY")) {
                    identities.add(new Principal(w[1], w[2], w[3], w[4]));
                }
            }
            StringBuilder text = new StringBuilder("Who a process on " + target.describe() + " can be\n");
            text.append(result.describe()).append('\n');
            identities.forEach(p -> text.append("  ").append(p).append('\n'));
            text.append("and, beside these, containers: a bridge container and the tool sandbox (their attacks name them)\n");
            done("identities", text, started);
        }
        return List.copyOf(identities);
    }

    /** Where the target writes logs: journald's storage, /var/log, units' output files, logrotate's and rsyslog's files, open log files. */
    public synchronized List<LogSource> logSources() {
        if (logSources == null) {
            Instant started = Instant.now();
            CommandResult result = target.run(Cmd.script(LOG_SOURCES).asRoot(), timeout);
            logSources = new ArrayList<>();
            StringBuilder text = new StringBuilder("Where " + target.describe() + " writes logs\n" + result.describe() + "\n");
            for (String line : result.stdout().split("\n")) {
                String[] w = line.strip().split("\\s+", 4);
                if (w.length >= 3 && w[0].equals("LOG")) {
                    logSources.add(new LogSource(w[1], w[2], w.length > 3 ? w[3] : ""));
                } else if (!line.isBlank()) {
                    text.append(line.strip()).append('\n');
                }
            }
            logSources.forEach(s -> text.append("  ").append(s).append('\n'));
            done("log-sources", text, started);
        }
        return List.copyOf(logSources);
    }

    /** Every process, with its user and unit. */
    public synchronized List<TargetProcess> processes() {
        if (processes == null) {
            Instant started = Instant.now();
            CommandResult result = target.run(Cmd.script(PROCESSES).asRoot(), timeout);
            processes = new ArrayList<>();
            secretsUnits = new LinkedHashSet<>();
            for (String line : result.stdout().split("\n")) {
                String[] w = line.strip().split("\\s+", 5);
                if (w.length == 5 && w[0].equals("PROC")) {
                    try {
                        processes.add(new TargetProcess(Integer.parseInt(w[1]), w[2], w[3], w[4]));
                    } catch (NumberFormatException ignored) {
                        // a line that is not a process
                    }
                } else if (w.length == 2 && w[0].equals("SECRETS-UNIT")) {
                    secretsUnits.add(w[1]);
                }
            }
            StringBuilder text = new StringBuilder("Processes of " + target.describe() + " (" + processes.size() + ")\n");
            text.append("units that load secrets.env (EnvironmentFile=): ").append(secretsUnits).append("\n\n");
            processes.forEach(p -> text.append(String.format("  %7d %-10s %-40s %s%n", p.pid(), p.user(), p.unit(), p.comm())));
            done("processes", text, started);
        }
        return List.copyOf(processes);
    }

    /** The units that load secrets.env through {@code EnvironmentFile=}: their processes hold the secrets by design. */
    public synchronized Set<String> secretsUnits() {
        processes();
        return Set.copyOf(secretsUnits);
    }

    /** The containers and images of the target's Docker engine. */
    public synchronized Inventory containers() {
        if (inventory == null) {
            Instant started = Instant.now();
            CommandResult result = target.run(Cmd.script(CONTAINERS).asRoot(), timeout);
            List<Inventory.Container> containers = new ArrayList<>();
            List<Inventory.Image> images = new ArrayList<>();
            for (String line : result.stdout().split("\n")) {
                String[] w = line.strip().split("\\s+");
                if (w.length >= 5 && w[0].equals("CONTAINER")) {
                    containers.add(new Inventory.Container(w[1], w[2], w[3], w[4]));
                } else if (w.length >= 3 && w[0].equals("IMAGE")) {
                    List<String> dirs = w.length > 3 ? Arrays.stream(w[3].split(":")).filter(d -> d.startsWith("/")).toList() : List.of();
                    images.add(new Inventory.Image(w[1], w[2], dirs));
                }
            }
            inventory = new Inventory(!result.stdout().contains("NODOCKER") && result.succeeded(), containers, images);
            StringBuilder text = new StringBuilder("Containers and images of " + target.describe() + "\n" + result.describe() + "\n");
            containers.forEach(c -> text.append("  container ").append(c).append('\n'));
            images.forEach(i -> text.append("  image ").append(i.id()).append(' ').append(i.tags()).append(" (")
                    .append(i.layerDirs().size()).append(" layer dirs)\n"));
            done("containers", text, started);
        }
        return inventory;
    }

    private void done(String noun, StringBuilder text, Instant started) {
        Duration took = Duration.between(started, Instant.now());
        text.append("\ndiscovered in ").append(took.toMillis()).append(" ms\n");
        files.put(noun, evidence.write("surface", noun + ".txt", text.toString()).relativePath());
        Progress.say("surface: " + noun + " discovered in " + took.toMillis() + " ms");
    }

    private static void readIptables(Section section, Family family, String origin, String prefix, List<FirewallRule> rules,
                                     Map<String, String> policies, List<String> gaps, List<String> sources) {
        if (section == null) {
            return;
        }
        if (section.exit() != 0) {
            gaps.add(origin + ": " + (section.exit() == 127 ? "not installed" : "exit " + section.exit() + ": " + section.text().strip()));
            return;
        }
        IptablesSave.Parsed parsed = IptablesSave.parse(section.text(), family, origin);
        rules.addAll(parsed.rules());
        parsed.policies().forEach((k, v) -> policies.put(prefix + ":" + k, v));
        parsed.skipped().forEach(s -> gaps.add(origin + ": not read: " + s));
        parsed.warnings().forEach(w -> gaps.add(origin + ": " + w));
        sources.add(origin + " (" + parsed.rules().size() + " rules)");
    }

    /**
     * Per family, why its ruleset is unknown: its tool did not report, is not installed, failed or ran into its bound,
     * or printed no rule and no policy while the firewall says it is on (UFW reports itself active, UFW's status
     * could not be read, or the other family has rules). A family nft showed rules or policies of is read; IPv6
     * on a target without IPv6 needs no ruleset.
     */
    static Map<Family, FirewallRuleset.Unread> unread(Map<String, Section> sections, CommandResult result, List<FirewallRule> rules,
                                                       Map<String, String> policies, Optional<String> noIpv6) {
        Map<Family, FirewallRuleset.Unread> unread = new LinkedHashMap<>();
        for (Family family : Family.values()) {
            String tool = family == Family.IPV4 ? "iptables-save" : "ip6tables-save";
            Family other = family == Family.IPV4 ? Family.IPV6 : Family.IPV4;
            Section section = sections.get(tool);
            FirewallRuleset.Unread problem = null;
            if (section == null) {
                problem = new FirewallRuleset.Unread(tool + " did not report (the discovery script: " + result.describe() + ")", result.timedOut());
            } else if (section.exit() == 127) {
                problem = new FirewallRuleset.Unread(tool + " is not installed", false);
            } else if (section.exit() == 124) {
                problem = new FirewallRuleset.Unread(tool + " ran into its bound and was stopped", true);
            } else if (section.exit() != 0) {
                problem = new FirewallRuleset.Unread(tool + " failed: exit " + section.exit() + (section.text().isBlank() ? "" : ": "
                        + section.text().strip().lines().findFirst().orElse("")), false);
            } else if (emptyRuleset(section, family, tool)) {
                Optional<String> on = claimsOn(sections, other);
                if (on.isPresent()) {
                    problem = new FirewallRuleset.Unread(tool + " printed no rule and no policy while " + on.get()
                            + (family == Family.IPV6 ? ": on a target with IPv6 that is either an unfiltered IPv6 or rules the tool cannot see" : ""),
                            false);
                }
            }
            if (problem == null || nftShows(sections, rules, policies, family)) {
                continue;
            }
            if (family == Family.IPV6 && noIpv6.isPresent()) {
                continue;
            }
            unread.put(family, problem);
        }
        return unread;
    }

    private static boolean emptyRuleset(Section section, Family family, String tool) {
        IptablesSave.Parsed parsed = IptablesSave.parse(section.text(), family, tool);
        return parsed.rules().isEmpty() && parsed.policies().isEmpty();
    }

    /**
     * What says the firewall is on, seen from the other family's side; empty when UFW says it is inactive
     * ({@code Status: inactive}, nothing else) or is absent, and the other family is empty too. A UFW status that
     * exited 0 without saying inactive (no {@code Status:} line, say) is unread, so it keeps the firewall claimed on.
     */
    private static Optional<String> claimsOn(Map<String, Section> sections, Family other) {
        Section ufw = sections.get("ufw-status");
        if (ufw != null && ufw.exit() == 0 && ufw.text().contains("Status: active")) {
            return Optional.of("UFW reports itself active");
        }
        if (ufw == null || (ufw.exit() != 0 && ufw.exit() != 127)) {
            return Optional.of("UFW's status could not be read (" + (ufw == null ? "not reported" : "exit " + ufw.exit()) + ")");
        }
        if (ufw.exit() == 0 && ufw.text().lines().map(String::strip).noneMatch(l -> l.equals("Status: inactive"))) {
            String said = ufw.text().strip().lines().findFirst().orElse("");
            return Optional.of("UFW's status could not be read (exit 0 but no \"Status: inactive\" or \"Status: active\""
                    + (said.isEmpty() ? ", and nothing printed" : ": " + said) + ")");
        }
        String otherTool = other == Family.IPV4 ? "iptables-save" : "ip6tables-save";
        Section theirs = sections.get(otherTool);
        if (theirs != null && theirs.exit() == 0 && !emptyRuleset(theirs, other, otherTool)) {
            return Optional.of(otherTool + " shows a ruleset");
        }
        return Optional.empty();
    }

    private static boolean nftShows(Map<String, Section> sections, List<FirewallRule> rules, Map<String, String> policies, Family family) {
        Section nft = sections.get("nft-json");
        if (nft == null || nft.exit() != 0) {
            return false;
        }
        String table = family == Family.IPV4 ? "nft:ip/" : "nft:ip6/";
        return rules.stream().anyMatch(r -> r.origin().equals("nft") && r.family() == family)
                || policies.keySet().stream().anyMatch(k -> k.startsWith(table) || k.startsWith("nft:inet/"));
    }

    /** Why the ipv6 section shows a target without IPv6, if it does; empty when it has IPv6 or the section is missing. */
    static Optional<String> noIpv6(Section section) {
        if (section == null) {
            return Optional.empty();
        }
        List<String> lines = section.text().lines().map(String::strip).toList();
        if (lines.contains("if_inet6 missing") && lines.stream().noneMatch(l -> l.startsWith("disable_ipv6 "))) {
            return Optional.of("the kernel has no IPv6: /proc/net/if_inet6 and /proc/sys/net/ipv6 are missing");
        }
        if (!lines.contains("if_inet6 read")) {
            return Optional.empty();
        }
        Map<String, Boolean> disabled = parseIpv6(section.text());
        List<String> interfaces = disabled.keySet().stream().filter(i -> !i.equals("all") && !i.equals("default") && !i.equals("lo")).toList();
        if (!interfaces.isEmpty() && interfaces.stream().allMatch(disabled::get)) {
            return Optional.of("IPv6 is switched off on every interface (disable_ipv6)");
        }
        Set<String> addressed = new LinkedHashSet<>();
        lines.stream().filter(l -> l.startsWith("inet6 ")).map(l -> l.split("\\s+")).filter(w -> w.length >= 2).forEach(w -> addressed.add(w[1]));
        addressed.remove("lo");
        if (addressed.isEmpty()) {
            return Optional.of("no IPv6 address on any interface but lo (/proc/net/if_inet6)");
        }
        return Optional.empty();
    }

    private static Map<String, Boolean> parseIpv6(String text) {
        Map<String, Boolean> disabled = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 3 && w[0].equals("disable_ipv6")) {
                disabled.put(w[1], w[2].equals("1"));
            }
        }
        return disabled;
    }

    /** One tool's output in a discovery script's {@code @@@ NAME EXIT} sections. */
    record Section(int exit, String text) {
    }

    static Map<String, Section> sections(String stdout) {
        Map<String, Section> sections = new LinkedHashMap<>();
        String name = null;
        int exit = 0;
        StringBuilder text = new StringBuilder();
        for (String line : stdout.split("\n", -1)) {
            if (line.startsWith("@@@ ")) {
                if (name != null) {
                    sections.put(name, new Section(exit, text.toString()));
                }
                String[] w = line.split(" ");
                name = w[1];
                exit = w.length > 2 ? Integer.parseInt(w[2]) : 0;
                text.setLength(0);
            } else if (name != null) {
                text.append(line).append('\n');
            }
        }
        if (name != null) {
            sections.put(name, new Section(exit, text.toString()));
        }
        return sections;
    }
}
