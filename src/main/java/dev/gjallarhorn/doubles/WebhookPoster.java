package dev.gjallarhorn.doubles;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gjallarhorn.Sleep;
import dev.gjallarhorn.doubles.TelegramDouble.Webhook;
import dev.gjallarhorn.doubles.TelegramDouble.WebhookPost;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Posts updates to the webhook a gateway registered with the Telegram double, as Telegram would (with its secret
 * token), over a route to this host's loopback; never anywhere else.
 */
final class WebhookPoster {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile UnaryOperator<URI> route = UnaryOperator.identity();

    /** How a webhook URL on the target is reached from here; see {@link TelegramDouble#routeWebhooks}. */
    void route(UnaryOperator<URI> route) {
        this.route = route;
    }

    /**
     * Posts {@code update} to {@code hook} and, like Telegram, tries again (a second apart, at most {@code retries} more
     * times) while the gateway's listener is down (a channel restart) or failing; each later try goes to the webhook
     * registered then ({@code current}, or {@code hook} if none). Every attempt goes to {@code record} as it ends.
     */
    void deliver(long id, ObjectNode update, Webhook hook, Supplier<Webhook> current, int retries, Consumer<WebhookPost> record) {
        WebhookPost post = post(id, update, hook);
        for (int retry = 0; retry < retries && worthRetrying(post); retry++) {
            record.accept(post);
            Sleep.quietly(Duration.ofSeconds(1));
            Webhook now = current.get();
            post = post(id, update, now == null ? hook : now);
        }
        record.accept(post);
    }

    /**
     * Posts {@code update} (id {@code id}) to {@code hook}: the gateway's status, or status -1 with why it was not sent
     * (no route, a route off loopback, an I/O error, an interrupt). Waits at most 30 s for the answer.
     */
    private WebhookPost post(long id, ObjectNode update, Webhook hook) {
        URI to;
        try {
            to = route.apply(hook.url());
        } catch (RuntimeException e) {
            return new WebhookPost(id, hook.url(), -1, "no route to the webhook: " + e.getMessage(), Instant.now());
        }
        if (to.getHost() == null || !InetAddress.getLoopbackAddress().getHostAddress().equals(to.getHost()) && !"localhost".equals(to.getHost())) {
            return new WebhookPost(id, to, -1, "refused: the double posts only to this host's loopback", Instant.now());
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(to).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(TelegramDouble.JSON.writeValueAsBytes(update)));
            if (!hook.secretToken().isEmpty()) {
                request.header("X-Telegram-Bot-Api-Secret-Token", hook.secretToken());
            }
            int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return new WebhookPost(id, to, status, null, Instant.now());
        } catch (IOException e) {
            return new WebhookPost(id, to, -1, e.toString(), Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookPost(id, to, -1, "interrupted", Instant.now());
        }
    }

    /** Whether Telegram would post again: the listener could not be reached, or answered 5xx or 429 (not a refused or unroutable post). */
    private static boolean worthRetrying(WebhookPost post) {
        return post.failure() != null ? !post.failure().startsWith("refused") && !post.failure().startsWith("no route") : post.status() >= 500 || post.status() == 429;
    }
}
