package dev.gjallarhorn.canary;

import java.util.Locale;

/** Transport of a canary port. */
public enum Protocol {
    TCP, UDP;

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
