package dev.gjallarhorn.surface;

/**
 * An identity a process on the target can have: its role ({@code login}, {@code root}, {@code service},
 * {@code unrelated}, {@code owner-match}), user name, uid ({@code -} when it does not exist) and how it was found.
 */
public record Principal(String role, String name, String uid, String how) {

    public boolean exists() {
        return !uid.equals("-") && !name.equals("-");
    }

    @Override
    public String toString() {
        return role + ": " + name + " (uid " + uid + ", " + how + ")";
    }
}
