package dev.gjallarhorn.attack.syncgate;

import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.verdict.PartRole;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The parts of {@code C-SYNC-GATE} that candidates decide, in report order, each with the candidates of
 * {@code sync-gate-probe.sh} that speak to it (one observation each). A candidate's name is the one the probe
 * script knows it by. {@link PartRole#NOTE} parts are shown with the claim but never count.
 */
public enum SyncGateCheck {
    SECRET("a file holding a credential is stopped (secret scanning)", PartRole.CLAIM, "secret"),
    SCANNER_MISSING("with the secret scanner missing from PATH, the gate fails closed", PartRole.CLAIM, "scanner-missing"),
    OUTSIDE_ALLOWLIST("a path outside the allowlist (.git/hooks) is stopped", PartRole.CLAIM, "outside-allowlist"),
    SYMLINK("a symlink out of the workspace is stopped", PartRole.CLAIM, "symlink"),
    OVERSIZED("a file over the size limit (10 MiB) is stopped", PartRole.CLAIM, "oversized"),
    UNSCANNABLE("a secret in a file the scanner skips unread (an ELF binary, a gzip file, a tar archive) is stopped",
            PartRole.CLAIM, "binary", "compressed", "archive"),
    DEEP_PATH("a secret thirteen directories down is stopped", PartRole.CLAIM, "deep-path"),
    DEFAULT_SKIPPED("a secret where scanners look away by default (node_modules/, a lock file, a .png name, Go's vendor/) is stopped",
            PartRole.CLAIM, "default-node-modules", "default-lockfile", "default-image", "default-vendor"),
    TREE_CONFIG("a scanner configuration planted in the tree (.gitleaks.toml, .gitleaksignore) does not silence the scan",
            PartRole.CLAIM, "tree-config", "tree-ignore"),
    INLINE_ALLOW("an inline gitleaks:allow comment does not silence the scan", PartRole.CLAIM, "inline-allow"),
    HARD_LINK("a second name for a secret (a hard link) is stopped", PartRole.CLAIM, "hard-link"),
    EXEC_BIT("a file made executable in the VM does not become executable on the host", PartRole.CLAIM, "exec-bit"),
    EXISTING_FILE("a change to a file the host already has", PartRole.NOTE, "existing-file"),
    LARGE_SECRET("a credential in a file of any size the size check lets through (just over each power of two from 1 MiB, and the largest it takes) is stopped",
            PartRole.CLAIM, "large-secret"),
    HOST_RUN_PATH("a path the host runs or trusts on opening or building the checkout (editor tasks and settings, dev containers, .envrc, git hooks and attributes, CI workflows, build and package files) is stopped unless the allowlist names it outright",
            PartRole.CLAIM, "host-path"),
    HOST_RUN_PATH_NAMED("a path the host runs or trusts that the allowlist names outright", PartRole.NOTE, "host-path-named");

    private final String part;
    private final PartRole role;
    private final List<String> candidates;

    SyncGateCheck(String part, PartRole role, String... candidates) {
        this.part = part;
        this.role = role;
        this.candidates = List.of(candidates);
    }

    /** The part's name as reports show it. */
    public String part() {
        return part;
    }

    public PartRole role() {
        return role;
    }

    /** The probe script's names of the candidates that decide this part. */
    public List<String> candidates() {
        return candidates;
    }

    /** Every candidate, in the order the probe script runs them. */
    public static List<String> allCandidates() {
        return Arrays.stream(values()).flatMap(c -> c.candidates.stream()).toList();
    }

    /**
     * The part a candidate decides. A family of candidates ({@code large-secret}, {@code host-path}) has members the
     * probe derives from the gate, named {@code FAMILY:MEMBER} (a size, a path).
     */
    public static Optional<SyncGateCheck> of(String candidate) {
        return Arrays.stream(values()).filter(c -> c.candidates.contains(family(candidate))).findFirst();
    }

    /** The candidate's family: its name up to the first ':'. */
    public static String family(String candidate) {
        int colon = candidate.indexOf(':');
        return colon < 0 ? candidate : candidate.substring(0, colon);
    }

    /** For a note, the outcome that would be bad news: a host-run path getting through; a change not applied. */
    public Outcome worse() {
        return this == HOST_RUN_PATH_NAMED ? Outcome.SUCCEEDED : Outcome.BLOCKED;
    }
}
