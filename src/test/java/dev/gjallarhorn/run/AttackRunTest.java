package dev.gjallarhorn.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gjallarhorn.claims.ThreatModelParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What attacks running side by side share through the run: each observation once, none waiting on another's. */
class AttackRunTest {

    record Slow(int n) {
    }

    record Quick(int n) {
    }

    static AttackRun run(Path dir) {
        Properties p = new Properties();
        p.setProperty("gjallarhorn.reports", dir.toString());
        return AttackRun.unattacked(RunSettings.from(p), ThreatModelParser.parse(Path.of("scenarios/bilrost-threat-model.md")));
    }

    @Test
    void anObservationIsMadeOnceForEveryoneAndASlowOneBlocksNoOther(@TempDir Path dir) throws Exception {
        try (AttackRun run = run(dir)) {
            AtomicInteger made = new AtomicInteger();
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Slow> a = CompletableFuture.supplyAsync(() -> run.observeOnce(Slow.class, () -> {
                made.incrementAndGet();
                await(release);
                return new Slow(1);
            }));
            CompletableFuture<Slow> b = CompletableFuture.supplyAsync(() -> run.observeOnce(Slow.class, () -> new Slow(made.incrementAndGet() + 100)));
            Quick quick = CompletableFuture.supplyAsync(() -> run.observeOnce(Quick.class, () -> new Quick(7))).get(5, TimeUnit.SECONDS);
            assertThat(quick.n()).as("another kind is not held up by the slow one").isEqualTo(7);
            release.countDown();
            assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(b.get(5, TimeUnit.SECONDS));
            assertThat(made).hasValue(1);
        }
    }

    @Test
    void aFailedObservationFailsEveryCallerTheSameWay(@TempDir Path dir) {
        try (AttackRun run = run(dir)) {
            assertThatThrownBy(() -> run.observeOnce(Quick.class, () -> {
                throw new IllegalStateException("probe broke");
            })).hasMessage("probe broke");
            assertThatThrownBy(() -> run.observeOnce(Quick.class, () -> new Quick(1))).hasMessage("probe broke");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
