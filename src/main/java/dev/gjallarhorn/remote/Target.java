package dev.gjallarhorn.remote;

import java.time.Duration;

/**
 * One live connection to one sandbox; many commands run over it, each on its own channel and each
 * bounded by a timeout. Nothing a probe does runs on the harness's own machine.
 */
public interface Target extends AutoCloseable {

    /** Runs a command; transport trouble throws {@link TargetUnreachable}, a failing command does not. */
    CommandResult run(Cmd cmd, Duration timeout);

    /** How a user names this target, e.g. {@code ssh://lima@127.0.0.1:2222}. */
    String describe();

    /** The login user of the connection: the Lima-style user with sudo. */
    String user();

    @Override
    void close();
}
