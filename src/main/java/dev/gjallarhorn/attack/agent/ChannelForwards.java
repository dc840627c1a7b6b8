package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.remote.LocalForward;
import dev.gjallarhorn.remote.RemoteForward;
import dev.gjallarhorn.remote.SshTarget;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The SSH forwards between the target's loopback and the doubles on this host: a remote forward per double (the
 * gateway reaches them at fixed ports on the target), and a local forward per webhook listener of the gateway (the
 * Telegram double posts updates through it). Each step holds this object's own monitor, never the channel's: a control
 * turn holds the channel while it waits (up to minutes) for an update the double can only post through {@link #webhookRoute}.
 */
final class ChannelForwards {

    /** The session's connection, asked at each opening (a replayed session has none and throws then). */
    private final Supplier<SshTarget> ssh;
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private final Map<Integer, LocalForward> webhookForwards = new HashMap<>();
    private final int telegramDoublePort;
    private RemoteForward telegramForward;

    /** @param telegramDoublePort the Telegram double's port on this host */
    ChannelForwards(Supplier<SshTarget> ssh, int telegramDoublePort) {
        this.ssh = ssh;
        this.telegramDoublePort = telegramDoublePort;
    }

    /** Opens the target's {@link AgentChannel#TELEGRAM_PORT} and {@link AgentChannel#LLM_PORT} towards the doubles. */
    synchronized void openToDoubles(int llmDoublePort) {
        telegramForward = RemoteForward.open(ssh.get(), AgentChannel.TELEGRAM_PORT, telegramDoublePort);
        opened.add(telegramForward);
        opened.add(RemoteForward.open(ssh.get(), AgentChannel.LLM_PORT, llmDoublePort));
    }

    /**
     * Where an update for the registered webhook goes: Telegram would post to the public URL, which leads to the
     * gateway's listener; the double posts to that listener directly, through a local forward opened on first use.
     *
     * @param listener the gateway's webhook listener on the target, as its status gives it
     * @throws IllegalArgumentException when the listener is not on the target's loopback
     */
    synchronized URI webhookRoute(URI listener) {
        String host = listener.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("the gateway's webhook listener " + listener + " is not on the target's loopback; "
                    + "gjallarhorn posts nowhere else");
        }
        LocalForward forward = webhookForwards.computeIfAbsent(listener.getPort(), port -> {
            LocalForward opening = LocalForward.open(ssh.get(), port);
            opened.add(opening);
            return opening;
        });
        return URI.create("http://127.0.0.1:" + forward.localPort() + listener.getRawPath());
    }

    /** Closes the forward the gateway reaches the Telegram double through: its connections are now refused. */
    synchronized void refuseTelegram() {
        if (telegramForward != null) {
            telegramForward.close();
            opened.remove(telegramForward);
            telegramForward = null;
        }
    }

    /** Opens the forward to the Telegram double again after {@link #refuseTelegram()}. */
    synchronized void reopenTelegram() {
        if (telegramForward == null) {
            telegramForward = RemoteForward.open(ssh.get(), AgentChannel.TELEGRAM_PORT, telegramDoublePort);
            opened.add(telegramForward);
        }
    }

    /** Closes every forward opened, ignoring those on a connection that is already gone. */
    synchronized void closeAll() {
        opened.forEach(c -> {
            try {
                c.close();
            } catch (Exception ignored) {
                // a forward on a connection that is already gone
            }
        });
    }
}
