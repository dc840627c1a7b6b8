package dev.gjallarhorn.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GatewayLeaseTest {

    @Test
    void theRestartWaitsForTheClassThatDrivesTheGateway() throws Exception {
        GatewayLease lease = new GatewayLease();
        long stamp = lease.share();
        AtomicBoolean released = new AtomicBoolean();
        CompletableFuture<Boolean> restart = CompletableFuture.supplyAsync(() -> lease.exclusively(released::get));
        Thread.sleep(200);
        assertThat(restart).isNotDone();
        released.set(true);
        // given back on another thread than the one that took it, as JUnit's pool may do
        CompletableFuture.runAsync(() -> lease.release(stamp)).get(5, TimeUnit.SECONDS);
        assertThat(restart.get(5, TimeUnit.SECONDS)).as("the restart ran only after the lease was given back").isTrue();
    }

    @Test
    void aClassThatDrivesTheGatewayWaitsForARestartUnderWay() throws Exception {
        GatewayLease lease = new GatewayLease();
        CountDownLatch restarting = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> lease.exclusively(() -> {
            restarting.countDown();
            try {
                return finish.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(restarting.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Long> share = CompletableFuture.supplyAsync(lease::share);
        Thread.sleep(200);
        assertThat(share).isNotDone();
        finish.countDown();
        restart.get(5, TimeUnit.SECONDS);
        lease.release(share.get(5, TimeUnit.SECONDS));
    }
}
