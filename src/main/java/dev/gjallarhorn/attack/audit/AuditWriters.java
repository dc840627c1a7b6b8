package dev.gjallarhorn.attack.audit;

import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.surface.Mount;
import dev.gjallarhorn.surface.MountTable;
import dev.gjallarhorn.surface.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every way to write the overlay and who can take it. The ways: through the merged view {@code /workspace}, directly
 * in the upper directory, and directly in the lower directory. The identities: the surface's (the login user, root,
 * the gateway's service user, an unrelated user, the firewall's owner matches) and whoever the layers' owners, groups
 * and ACLs name (the probe adds those). Each is tried with a create, as that identity, in each layer: it got through,
 * was refused (the refusal seen: EACCES, EPERM, EROFS) or could not run. Whoever got through writes every kind of
 * {@link AuditWrite} that way (the lower layer: a create only, shown beside the claim: a write there is not one to the
 * upper layer, and C-READ-ONLY-HOST-MOUNTS judges that it can happen).
 */
final class AuditWriters {

    /** The overlay at /workspace. */
    static final String VIEW = "/workspace";

    private AuditWriters() {
    }

    enum Way {
        MERGED("merged", "through /workspace"),
        UPPER("upper", "directly in the upper layer"),
        LOWER("lower", "directly in the lower layer");

        final String slug;
        final String phrase;

        Way(String slug, String phrase) {
            this.slug = slug;
            this.phrase = phrase;
        }

        static Optional<Way> of(String slug) {
            for (Way way : values()) {
                if (way.slug.equals(slug)) {
                    return Optional.of(way);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Where the overlay's layers are, from the mount table ({@code -} for one not known, {@code unknown} saying why);
     * with several lower directories, the topmost.
     */
    record Layers(String upper, String work, String lower, String unknown) {

        static Layers of(MountTable table) {
            if (table.mounts().isEmpty()) {
                return new Layers("-", "-", "-", "the mount table could not be read");
            }
            Optional<Mount> view = table.at(VIEW);
            if (view.isEmpty() || !view.get().fsType().equals("overlay")) {
                return new Layers("-", "-", "-", "the mount table shows no overlay at " + VIEW
                        + view.map(m -> " (" + m.fsType() + ")").orElse(""));
            }
            Mount m = view.get();
            String lower = m.overlayLower().map(l -> l.split(":")[0]).orElse("-");
            return new Layers(m.overlayUpper().orElse("-"), m.overlayWork().orElse("-"), lower,
                    m.overlayUpper().isEmpty() ? "the overlay at " + VIEW + " has no upper directory" : "");
        }

        String dir(Way way) {
            return switch (way) {
                case MERGED -> VIEW;
                case UPPER -> upper;
                case LOWER -> lower;
            };
        }

        List<String> args() {
            return List.of(upper, work, lower);
        }
    }

    /** What a create as {@code identity} in {@code way}'s layer showed: through, refused, failed or absent, and the text. */
    record Access(Way way, String identity, String result, String detail) {
    }

    /** One that got through, numbered in the plan: its files are named {@code .TOKEN-audit-wN-WAY-IDENTITY...}. */
    record Writer(int n, Way way, String identity) {
        String prefix(String token) {
            return "." + token + "-audit-w" + n + "-" + way.slug + "-" + identity;
        }
    }

    /** One write of the plan. */
    record Planned(Writer writer, AuditWrite write) {
        /** How the probe's lines name it: {@code wN:KIND}. */
        String label() {
            return "w" + writer.n() + ":" + write.kind();
        }

        /** How the probe is told to make it: {@code wN:WAY:IDENTITY:KIND}. */
        String spec() {
            return "w" + writer.n() + ":" + writer.way().slug + ":" + writer.identity() + ":" + write.kind();
        }

        /** Its path relative to its layer's top: what the watcher's log lines name, whichever layer it watches. */
        String name(String token) {
            return writer.prefix(token) + write.suffix();
        }

        String subject(String token, Layers layers) {
            return write.kind() + " of " + layers.dir(writer.way()) + "/" + name(token) + " (" + write.what() + ")";
        }

        boolean ordinaryBy(String identity) {
            return writer.way() == Way.MERGED && writer.identity().equals(identity) && AuditWrite.ORDINARY.contains(write.kind());
        }
    }

    /** The surface's identities as the probe takes them, {@code ROLE=NAME}; those that do not exist left out. */
    static List<String> identityArgs(List<Principal> identities) {
        return identities.stream().filter(Principal::exists).map(p -> p.role() + "=" + p.name()).distinct().toList();
    }

    /** The {@code ACCESS <way> <identity> <result> <detail>} lines of the writers step. */
    static List<Access> parse(ScriptOutput out) {
        List<Access> access = new ArrayList<>();
        for (ScriptOutput.Line line : out.all("ACCESS")) {
            Way.of(line.word(0)).ifPresent(way -> access.add(new Access(way, line.word(1), line.word(2), line.rest(3).strip())));
        }
        return access;
    }

    /** Who identities are and why they were tried: {@code CANDIDATE <name> <why>}. */
    static Map<String, String> candidates(ScriptOutput out) {
        Map<String, String> why = new LinkedHashMap<>();
        out.all("CANDIDATE").forEach(l -> why.put(l.word(0), l.rest(1).strip()));
        return why;
    }

    /**
     * The writes to make: every kind, for each identity that got through to the merged view or the upper layer; a
     * create for each that got through to the lower layer. Identities whose names cannot be part of a file name are
     * left out (and said so by {@link #observe}).
     */
    static List<Planned> plan(List<Access> access) {
        List<Planned> plan = new ArrayList<>();
        int n = 0;
        for (Access a : access) {
            if (!a.result().equals("through") || !usable(a.identity())) {
                continue;
            }
            Writer writer = new Writer(++n, a.way(), a.identity());
            List<AuditWrite> kinds = a.way() == Way.LOWER ? List.of(AuditWrite.of("create")) : AuditWrite.ALL;
            kinds.forEach(k -> plan.add(new Planned(writer, k)));
        }
        return plan;
    }

    static boolean usable(String identity) {
        return identity.matches("[a-z_][a-z0-9_.-]*");
    }

    /**
     * What trying {@code a} showed, when it is not a writer's writes: refused is BLOCKED (an identity that cannot write
     * there has no write to leave out of the log); could not run is PROBE_ERROR; absent (no such user) is nothing.
     */
    static Optional<Observation> observe(Access a, Layers layers) {
        String subject = "writing " + a.way().phrase + " (" + layers.dir(a.way()) + ") as " + a.identity();
        return switch (a.result()) {
            case "through" -> usable(a.identity()) ? Optional.empty() : Optional.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR,
                    "got through, but its name cannot be part of the probe's file names: its writes were not made"));
            case "refused" -> Optional.of(Observation.blocked(subject, "refused (" + a.detail() + "): it has no write to leave out of the log"));
            case "absent" -> Optional.empty();
            default -> Optional.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "could not be tried: " + a.result() + " " + a.detail()));
        };
    }

    /**
     * For each of {@code ways} that no identity was tried in, why: the layer is not known (precondition-unmet, or
     * probe-error when the mount table could not be read) or the writers step printed nothing for it.
     */
    static List<Observation> untried(List<Access> access, Layers layers, List<Way> ways) {
        List<Observation> missing = new ArrayList<>();
        for (Way way : ways) {
            if (access.stream().anyMatch(a -> a.way() == way)) {
                continue;
            }
            String subject = "writing " + way.phrase;
            if (layers.dir(way).equals("-")) {
                missing.add(Observation.couldNotRun(subject, layers.unknown().startsWith("the mount table could not")
                        ? Reason.PROBE_ERROR : Reason.PRECONDITION_UNMET, "not tried: " + layers.unknown()));
            } else {
                missing.add(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "not tried: the writers step printed no ACCESS line for "
                        + layers.dir(way)));
            }
        }
        return missing;
    }
}
