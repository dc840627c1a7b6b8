package dev.gjallarhorn.attack.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RecordedTarget;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.ReplayedRun;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control turn holds the channel while it waits, up to minutes, for an update that the Telegram double can only post
 * to the gateway's webhook through the channel's route: the route must not wait for that turn.
 */
class WebhookRouteLockTest {

    @TempDir
    Path reports;

    @Test
    void theWebhookRouteIsAnsweredWhileAControlTurnHoldsTheChannel() throws Exception {
        AttackRun run = ReplayedRun.of(new RecordedTarget("lima"), reports);
        // a listener off the target's loopback: the route answers (refuses) at once, no forward is opened; the address (TEST-NET-1) is never contacted
        ScriptOutput status = ScriptOutput.of(new CommandResult(Cmd.of("agent-channel.sh"), OptionalInt.of(0),
                "WEBHOOK-LISTENER http://192.0.2.10:8787/telegram-webhook\n", "", Duration.ofMillis(5), false));
        AgentChannel channel = new AgentChannel(run, null, status, null, null, new ChannelForwards(() -> {
            throw new IllegalStateException("no connection in a replayed run");
        }, 0));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread turn = new Thread(() -> {
            synchronized (channel) {   // as controlTurn does while it waits
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        turn.start();
        try {
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> routed = CompletableFuture.supplyAsync(() -> {
                try {
                    return channel.webhookRoute(URI.create("https://example.invalid/hook")).toString();
                } catch (IllegalArgumentException offLoopback) {
                    return "refused: " + offLoopback.getMessage();
                }
            });
            assertThat(routed.get(5, TimeUnit.SECONDS)).startsWith("refused: ").contains("not on the target's loopback");
        } finally {
            release.countDown();
            turn.join();
        }
    }
}
