package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gjallarhorn.ExitCode;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.host.HostPackages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fresh machine where another process holds the dpkg lock: gjallarhorn waits a bounded time, then says in one
 * line who holds it and what to run, with the exit of a host that cannot provide the twin (never "target
 * unreachable"). The lock is held by this test (fcntl, as apt does) for a few seconds; nothing is installed.
 */
class HostPackagesIT {

    @Test
    void aHeldDpkgLockEndsInOneLineNamingTheHolderAndWhatToRun() throws Exception {
        Process holder = new ProcessBuilder("python3", "-c", "import fcntl, sys, time\n"
                + "f = open('/var/lib/dpkg/lock-frontend', 'w')\n"
                + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                + "print('held', flush=True)\n"
                + "time.sleep(20)\n").redirectErrorStream(true).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).as("the lock holder started").isEqualTo("held");
            long started = System.nanoTime();
            // a package that is not installed (and whose command is not on the PATH), so apt must take the lock
            HarnessError error = catchThrowableOfType(HarnessError.class,
                    () -> HostPackages.ensure(Map.of("sl", "gjallarhorn-no-such-command"), Duration.ofSeconds(2)));
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            System.out.println("the held lock was reported after " + seconds + " s");
            assertThat(error).isNotNull();
            assertThat(error.exitCode()).isEqualTo(ExitCode.TWIN_UNAVAILABLE);
            assertThat(error.getMessage()).doesNotContain("\n")
                    .contains("another process held the dpkg lock for more than 2 s")
                    .contains("pid " + holder.pid())
                    .contains("run: sudo apt-get install -y sl");
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void nothingIsInstalledWhenEveryCommandIsThere() {
        assertThat(HostPackages.ensure(Map.of("coreutils", "ls"), Duration.ofSeconds(1))).isEmpty();
    }
}
