package dev.gjallarhorn.junit;

/**
 * Thrown by a check whose claim is contradicted: an {@link AssertionError}, so JUnit reports a failure and Allure a
 * "failed" test. Its type, not its message, tells the run that this failure is a verdict and not a harness fault.
 */
public final class Contradicted extends AssertionError {

    /** @param message the verdict's status message ({@code CONTRADICTED: …}, see VerdictMessage) */
    public Contradicted(String message) {
        super(message);
    }
}
