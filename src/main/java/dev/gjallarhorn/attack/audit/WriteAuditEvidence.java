package dev.gjallarhorn.attack.audit;

import dev.gjallarhorn.attack.audit.AuditWriters.Access;
import dev.gjallarhorn.attack.audit.AuditWriters.Layers;
import dev.gjallarhorn.attack.audit.AuditWriters.Planned;
import dev.gjallarhorn.attack.audit.AuditWriters.Way;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.surface.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The evidence text of the audit trail's writes ({@link WriteAudit}): what was tried, what it covered, how each write was judged. */
final class WriteAuditEvidence {

    private WriteAuditEvidence() {
    }

    /** The evidence: each dimension (way, identity, kind) and what it covered or could not, then every write. */
    static void describe(StringBuilder text, String token, Layers layers, List<Principal> identities, ScriptOutput writers,
                                 List<Planned> plan, ScriptOutput written, WriteAudit.Result result, Duration took) {
        text.append("ways: through /workspace (the merged view); directly in the upper layer ").append(layers.upper())
                .append(" (its work directory ").append(layers.work()).append("); directly in the lower layer ").append(layers.lower())
                .append(layers.unknown().isEmpty() ? "" : " (" + layers.unknown() + ")")
                .append(" - from the mount table (evidence/surface/mounts.txt). The claim names writes to the upper layer: the"
                        + " lower layer's are shown, not judged (C-READ-ONLY-HOST-MOUNTS judges whether they can happen)\n");
        text.append("layers (owner:group, mode, ACL entries that may write):\n");
        writers.all("LAYER").forEach(l -> text.append("  ").append(l.rest(0)).append('\n'));
        text.append("identities (the surface's: ").append(identities.isEmpty() ? "not read" : identities.stream().map(Principal::toString)
                .collect(Collectors.joining("; "))).append("; and whoever the layers' owners, groups and ACLs name):\n");
        writers.all("CANDIDATE").forEach(l -> text.append("  ").append(l.word(0)).append(": ").append(l.rest(1)).append('\n'));
        writers.all("ABSENT").forEach(l -> text.append("  ").append(l.word(0)).append(": not tried, ").append(l.rest(1)).append('\n'));
        text.append("who can write where (a create as each identity in each layer; got through / refused / could not run):\n");
        List<Access> access = AuditWriters.parse(writers);
        for (Access a : access) {
            text.append("  ").append(a.way().phrase).append(" as ").append(a.identity()).append(": ").append(switch (a.result()) {
                case "through" -> "got through";
                case "refused" -> "refused (" + a.detail() + ")";
                default -> "could not run (" + a.result() + " " + a.detail() + ")";
            }).append('\n');
        }
        if (access.isEmpty()) {
            text.append("  nothing: ").append(writers.result().describe()).append('\n');
        }
        text.append("kinds, for each identity that got through to the merged view or the upper layer: ")
                .append(AuditWrite.ALL.stream().map(AuditWrite::kind).collect(Collectors.joining(", ")))
                .append("; to the lower layer: create\n");
        text.append("\nwrites (each must be in the watcher's log; one is lost when a control written after it is logged and it is not;"
                + " waited at most ").append(WriteAudit.LOGGED_WITHIN.toSeconds()).append(" s): ").append(plan.size()).append(" in ")
                .append(took.toMillis()).append(" ms, until every one was logged, a control after them was, or the bound ended\n");
        if (written != null) {
            // the controls are named where a judgement rests on one
            written.lines().stream().filter(l -> !l.kind().equals("START") && !l.kind().equals("CONTROL"))
                    .forEach(l -> text.append("  ").append(l.text()).append('\n'));
        }
        result.writes().forEach(o -> text.append("  ").append(o).append('\n'));
        text.append("lower layer (shown, not judged):\n");
        result.lowerLayer().forEach(o -> text.append("  ").append(o).append('\n'));
        text.append("\ncoverage:\n");
        for (Way way : Way.values()) {
            text.append("  ").append(way.phrase).append(": ").append(coverage(way, access.stream().filter(a -> a.way() == way).toList())).append('\n');
        }
        text.append("  ").append(result.summary()).append('\n');
    }

    private static String coverage(Way way, List<Access> access) {
        if (access.isEmpty()) {
            return "no identity tried";
        }
        Map<String, List<String>> by = new LinkedHashMap<>();
        by.put(way == Way.LOWER ? "written (a create) as" : "written (every kind) as", new ArrayList<>());
        by.put("refused to", new ArrayList<>());
        by.put("could not try", new ArrayList<>());
        access.forEach(a -> by.get(switch (a.result()) {
            case "through" -> way == Way.LOWER ? "written (a create) as" : "written (every kind) as";
            case "refused" -> "refused to";
            default -> "could not try";
        }).add(a.identity()));
        return by.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(e -> e.getKey() + " " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }
}
