package dev.gjallarhorn.attack.audit;

import java.util.List;
import java.util.Set;

/**
 * A kind of write the watcher must log: the probe's kind, the file's name after the writer's prefix, the events that
 * count (a regex; empty: any line naming the file), what it stands for, and whether the probe prepares a file for it
 * before the log's start is taken (so a line naming the file after the start is the write's own, not the file's
 * creation).
 */
record AuditWrite(String kind, String suffix, String events, String what, boolean prepared) {

    static final List<AuditWrite> ALL = List.of(
            new AuditWrite("create", "-create", "", "a new file", false),
            new AuditWrite("modify", "-modify", "MODIFY", "a change in place of an existing file", true),
            new AuditWrite("append", "-append", "MODIFY", "an append", true),
            new AuditWrite("truncate", "-truncate", "MODIFY", "a truncation to 0 bytes", true),
            new AuditWrite("delete", "-delete", "DELETE", "a removal", true),
            new AuditWrite("move", "-moved", "", "a rename inside the tree", true),
            new AuditWrite("rename-in", "-renamed-in", "", "a rename into the tree from outside it", true),
            new AuditWrite("rename-out", "-out", "DELETE|MOVED_FROM", "a rename out of the tree", true),
            new AuditWrite("hardlink", "-hardlink", "", "a hard link", true),
            new AuditWrite("symlink", "-symlink", "", "a symbolic link", false),
            new AuditWrite("chmod", "-mode", "ATTRIB", "a mode change to 0755", true),
            // the kernel reports a change of the modification time alone as IN_MODIFY (both times: IN_ATTRIB)
            new AuditWrite("touch", "-touch", "MODIFY|ATTRIB", "a change of the modification time only", true),
            new AuditWrite("deep", "-deep/a/b/c/d/file", "", "a new directory four levels deep, written at once", false),
            new AuditWrite("hooks", "-repo/hooks/post-checkout", "", "a hook in a new directory", false),
            new AuditWrite("githooks", "-git/.git/hooks/pre-commit", "", "a path under .git/hooks", false));

    /** The writes that show a watcher exists at all (T-008's question); every other kind is C-OVERLAY-WATCHER's. */
    static final Set<String> ORDINARY = Set.of("create", "modify", "delete", "move");

    static AuditWrite of(String kind) {
        return ALL.stream().filter(w -> w.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no such write: " + kind));
    }
}
