package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.run.AttackContext;
import java.util.List;
import java.util.function.Consumer;

/**
 * The places the gateway decides admission from (its pairing store, its config's allowlist) and its control API,
 * written and called as identities on the target through the channel script, each call noted in the channel's log.
 */
public final class GatewayAdmission {

    private final AttackContext run;
    private final Consumer<String> note;

    GatewayAdmission(AttackContext run, Consumer<String> note) {
        this.run = run;
        this.note = note;
    }

    /**
     * As {@code who} (a user name on the target), without sudo: writes a sender into the pairing allowlist store.
     *
     * @return {@code SELF-APPROVE <exit> <message>}; exit {@code 127} when node cannot run as {@code who}, {@code -1} no answer
     */
    public ScriptOutput.Line selfApprove(long sender, String who) {
        return ChannelScript.selfApprove(run, sender, who, note);
    }

    /**
     * As {@code who}: opens the config for writing (a refusal is seen there), then adds a sender to its Telegram
     * allowlist, which the gateway hot-reloads. The config is kept first: {@link #allowlistRestore()} puts it back.
     *
     * @return {@code ALLOWLIST-WRITE <exit> <message>}: 0 added, 1 refused (or no config), 126 opened but not
     *         rewritten, 127 no tool, -1 no answer
     */
    public ScriptOutput.Line allowlistWrite(long sender, String who) {
        return ChannelScript.allowlistWrite(run, sender, who, note);
    }

    /**
     * The gateway's HTTP control API ({@code POST /tools/invoke}, {@code sessions_history} of the session holding
     * {@code marker}, as the gateway names it to its own credential) on each address it listens on: as root with its own
     * credential, then as each of {@code others} without one and with a wrong one, and 50 wrong ones in a row as nobody.
     *
     * @return {@code CP-SESSION <listener> <key|none> <list status> <keys named>}, {@code CP <control|none|wrong> <who>
     *         <listener> <status|error> <marker|no-marker>}, {@code CP-BURST}, {@code CP-NONE <why>}, {@code CP-END} lines
     */
    public ScriptOutput controlPlane(String marker, List<String> others) {
        return ChannelScript.controlPlane(run, marker, others, note);
    }

    /** Puts back the config an {@link #allowlistWrite} changed; {@code ALLOWLIST-RESTORE <exit> <message>}. */
    public ScriptOutput.Line allowlistRestore() {
        return ChannelScript.allowlistRestore(run, note);
    }
}
