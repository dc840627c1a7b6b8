package dev.gjallarhorn.attack.pairing;

import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.attack.agent.GatewayResponse;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An identity on the target writing a sender where the gateway looks up admitted senders: its pairing store (a sqlite
 * database under {@code ~/.openclaw/state}) and its config's Telegram allowlist ({@code openclaw.json}, hot-reloaded).
 * Refused by the file system or sqlite (BLOCKED), or written and the sender then admitted without any code
 * (SUCCEEDED: anything running as that identity can let a sender in). For the service identity that is its own store
 * (a note); for any other it is a pairing bypass.
 */
final class SelfApproval {

    /** What one write did: written, refused (the refusal's words), or undecided (why). */
    record Write(String where, boolean written, Reason undecided, String said) {

        boolean refused() {
            return !written && undecided == null;
        }

        @Override
        public String toString() {
            return where + ": " + (written ? "written" : refused() ? "refused: " + said : "could not run (" + undecided.slug() + "): " + said);
        }
    }

    private SelfApproval() {
    }

    /** The pairing store write's answer line: exit code ({@code -1}: no answer; {@code 127}: node would not run), then its message. */
    static Write storeWrite(ScriptOutput.Line line) {
        String where = "the pairing store";
        if (line.word(0).equals("-1") || line.rest(1).matches("(?i).*database is (locked|busy).*")) {
            return new Write(where, false, Reason.TIMEOUT, "no answer, or the gateway held the store locked for 30 s: " + line.rest(1));
        }
        if (line.word(0).equals("127")) {
            return new Write(where, false, Reason.PROBE_ERROR, "the writer's tool would not start: " + line.rest(1));
        }
        if (line.word(0).equals("0")) {
            return new Write(where, true, null, line.rest(1));
        }
        // only the file system or sqlite saying no is a refusal; a missing table is the probe's own failure
        return line.rest(1).matches("(?i).*(permission denied|EACCES|EPERM|readonly database|read-only|unable to open database).*")
                ? new Write(where, false, null, line.rest(1))
                : new Write(where, false, Reason.PROBE_ERROR, "the write failed for another reason: " + line.rest(1));
    }

    /**
     * A refused store write, undecided (oracle-blind) unless {@code storeThere}: the gateway's own identity wrote the
     * store at that path in this run (sqlite says "unable to open" for a missing store as for a forbidden one).
     */
    static Write refusalSeen(Write store, boolean storeThere) {
        return store.refused() && !storeThere
                ? new Write(store.where(), false, Reason.ORACLE_BLIND, "refused (" + store.said()
                        + "), but the gateway's own identity did not write the store at that path either")
                : store;
    }

    /** The config allowlist write's answer line: 0 added, 1 refused when the file system said so, else undecided. */
    static Write allowlistWrite(ScriptOutput.Line line) {
        String where = "the allowlist in openclaw.json";
        if (line.word(0).equals("-1")) {
            return new Write(where, false, Reason.TIMEOUT, "no answer: " + line.text());
        }
        if (line.word(0).equals("0")) {
            return new Write(where, true, null, line.rest(1));
        }
        if (line.word(0).equals("1") && line.rest(1).matches("(?i).*(permission denied|read-only file system|operation not permitted).*")) {
            return new Write(where, false, null, line.rest(1));
        }
        return new Write(where, false, Reason.PROBE_ERROR, line.rest(1));
    }

    /**
     * The service identity writing its own pairing store (a note).
     *
     * @param who         the writer, a user name on the target
     * @param sender      the sender id that was written
     * @param self        the store write's answer line, see {@link #storeWrite}
     * @param marker      the written sender's DM marker, or null when the write failed (no DM was sent)
     * @param roundClosed whether the round's closing turn started after that DM
     */
    static Observation judge(AgentChannel channel, String who, long sender, ScriptOutput.Line self, String marker, boolean roundClosed) {
        return judge(channel, who, sender, List.of(storeWrite(self)), marker, roundClosed, true);
    }

    /**
     * {@code who}'s writes of {@code sender} into every place the gateway admits senders from: SUCCEEDED when one was
     * written and the sender then got in; BLOCKED when every write was refused; COULD_NOT_RUN otherwise. A sender
     * written but still kept out at the round's close is BLOCKED only for the gateway's {@code own} identity (a note:
     * the gateway ignores that store); for any other writer the write itself went through, so it is never a HOLDS.
     */
    static Observation judge(AgentChannel channel, String who, long sender, List<Write> writes, String marker, boolean roundClosed,
                             boolean own) {
        String writing = "writing a sender into the gateway's admission stores as " + who;
        List<String> written = new ArrayList<>();
        writes.stream().filter(Write::written).forEach(w -> written.add(w.where()));
        if (written.isEmpty()) {
            Optional<Write> undecided = writes.stream().filter(w -> !w.written() && !w.refused()).findFirst();
            return undecided.isPresent()
                    ? Observation.couldNotRun(writing, undecided.get().undecided(), String.join("; ", writes.stream().map(Write::toString).toList()))
                    : Observation.blocked(writing, String.join("; ", writes.stream().map(Write::toString).toList()));
        }
        String subject = "sender " + sender + ", written by " + who + " into " + String.join(" and ", written);
        GatewayResponse response = channel.responseTo(sender, marker);
        if (!channel.llmRequestsMentioning(marker).isEmpty() || response.turnStarted() && !response.challenged()) {
            return Observation.succeeded(subject, "admitted without any code (" + (response.turnStarted() ? response : "reached the model")
                    + "): anything running as " + who + " can let a sender in");
        }
        if (!channel.delivered(marker)) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "the gateway never took the sender's DM from the double");
        }
        Optional<String> down = channel.notRunningBecause();
        if (down.isPresent()) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "not admitted, but " + down.get());
        }
        if (!roundClosed) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "not admitted, but the round's closing turn did not start either");
        }
        String kept = "written, but not admitted" + (response.challenged() ? ": challenged with a code" : "");
        return own ? Observation.blocked(subject, kept) : Observation.couldNotRun(subject, Reason.ORACLE_BLIND, kept
                + " (" + String.join("; ", writes.stream().map(Write::toString).toList()) + "): the write went through; whether the gateway"
                + " reads it before a restart was not seen");
    }
}
