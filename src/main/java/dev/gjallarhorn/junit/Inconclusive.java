package dev.gjallarhorn.junit;

import dev.gjallarhorn.verdict.VerdictKind;
import dev.gjallarhorn.probe.Reason;

/**
 * Thrown by a check whose claim could not be judged. Not an {@link AssertionError}, so JUnit reports an
 * error and Allure a "broken" test: never a pass, never a contradiction. The message starts with
 * {@code INCONCLUSIVE(reason)} so report categories can group by reason.
 */
public final class Inconclusive extends RuntimeException {

    private final Reason reason;

    public Inconclusive(Reason reason, String message) {
        super(VerdictKind.inconclusivePrefix(reason) + message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
