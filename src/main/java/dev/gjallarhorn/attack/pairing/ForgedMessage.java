package dev.gjallarhorn.attack.pairing;

import dev.gjallarhorn.attack.agent.AgentChannel;
import dev.gjallarhorn.doubles.TelegramDouble;
import dev.gjallarhorn.doubles.TelegramUpdate;
import java.util.function.Function;

/**
 * A forged update that must not get in: who sent what, its marker, the chat the second oracle watches (0: none),
 * and which oracle can see it get in.
 */
record ForgedMessage(String subject, String marker, long chat, Seen seen) {

    /** What a group message or channel post starts with, so the bot is addressed. */
    static final String MENTION = "@" + TelegramDouble.BOT_USERNAME + " ";

    /** Which oracle can see an admission: both, or only the model (a reaction or a button press starts no turn of its own). */
    enum Seen { MODEL_OR_CHAT, MODEL_ONLY }

    /** Sends {@code update} (given a fresh marker for {@code what}) through the channel. */
    static ForgedMessage send(AgentChannel channel, String subject, String what, long chat, Seen seen, Function<String, TelegramUpdate> update) {
        String marker = channel.marker(what);
        channel.send(update.apply(marker));
        return new ForgedMessage(subject, marker, chat, seen);
    }

    /** A plain DM from {@code sender}, watched in its own chat. */
    static ForgedMessage dm(AgentChannel channel, String subject, long sender, String what) {
        return send(channel, subject, what, sender, Seen.MODEL_OR_CHAT, m -> TelegramUpdate.dm(sender, m + " hello"));
    }
}
