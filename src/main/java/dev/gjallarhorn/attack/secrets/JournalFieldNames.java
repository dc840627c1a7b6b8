package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.attack.secrets.SecretSearch.Hit;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.surface.JournalExport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Names the journal field a secret is in, by reading the journal's export stream ({@link JournalExport}) as root. */
final class JournalFieldNames {

    /** How much of the journal's export stream is read to name the field a secret is in. */
    static final int JOURNAL_NAMING_CAP = 64 * 1024 * 1024;

    private JournalFieldNames() {
    }

    /**
     * Names the journal fields the secrets are in: reads the export stream (at most {@link #JOURNAL_NAMING_CAP} bytes)
     * and replaces each "the journal" hit with the field, unit and time of the entries that hold it.
     */
    static List<String> name(AttackContext run, SecretPatterns patterns, List<Hit> hits) {
        CommandResult export = run.target().run(Cmd.of("sh", "-c", "journalctl -o export -a --no-pager | head -c " + JOURNAL_NAMING_CAP
                + " | base64 -w0").asRoot(), Duration.ofMinutes(2));
        List<JournalExport.Entry> entries;
        try {
            entries = JournalExport.parse(Base64.getDecoder().decode(export.stdout().strip()));
        } catch (IllegalArgumentException e) {
            return List.of("the export stream could not be read (" + export.describe() + "): the fields stay unnamed");
        }
        List<String> named = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            Hit hit = hits.get(i);
            if (!hit.place().equals("journald") || !hit.where().equals("the journal")) {
                continue;
            }
            List<String> places = new ArrayList<>();
            for (Redactor.Form form : patterns.forms()) {
                if (!form.secretName().equals(hit.secret()) || !form.encoding().equals(hit.encoding())) {
                    continue;
                }
                byte[] needle = form.text().getBytes(StandardCharsets.UTF_8);
                for (JournalExport.Entry entry : entries) {
                    for (String field : entry.fieldsContaining(needle)) {
                        String unit = entry.text("_SYSTEMD_UNIT").isEmpty() ? entry.text("SYSLOG_IDENTIFIER") : entry.text("_SYSTEMD_UNIT");
                        places.add("field " + field + " of an entry of " + (unit.isEmpty() ? "an unnamed source" : unit)
                                + (entry.text("COREDUMP_UNIT").isEmpty() ? "" : " (a core dump of " + entry.text("COREDUMP_UNIT") + ")"));
                    }
                }
            }
            if (!places.isEmpty()) {
                List<String> distinct = places.stream().distinct().limit(3).toList();
                hits.set(i, new Hit(hit.place(), "the journal: " + String.join("; ", distinct), hit.secret(), hit.encoding()));
                named.add(hit.secret() + " (" + hit.encoding() + "): " + String.join("; ", distinct));
            }
        }
        named.add(0, "named from " + entries.size() + " entries of the export stream" + (export.stdout().length() * 3L / 4 >= JOURNAL_NAMING_CAP
                ? " (its first " + JOURNAL_NAMING_CAP / (1024 * 1024) + " MiB)" : ""));
        return named;
    }
}
