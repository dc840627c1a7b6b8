package dev.gjallarhorn.claims;

import java.util.Arrays;
import java.util.Optional;

/** The six STRIDE categories; the tag is what {@code -Dgroups=…} selects, the title is the Allure epic. */
public enum Stride {
    SPOOFING('S', "spoofing", "Spoofing"),
    TAMPERING('T', "tampering", "Tampering"),
    REPUDIATION('R', "repudiation", "Repudiation"),
    INFORMATION_DISCLOSURE('I', "information-disclosure", "Information disclosure"),
    DENIAL_OF_SERVICE('D', "denial-of-service", "Denial of service"),
    ELEVATION_OF_PRIVILEGE('E', "elevation-of-privilege", "Elevation of privilege");

    /** JUnit tags, usable in annotations. */
    public static final String TAG_SPOOFING = "spoofing";
    public static final String TAG_TAMPERING = "tampering";
    public static final String TAG_REPUDIATION = "repudiation";
    public static final String TAG_INFORMATION_DISCLOSURE = "information-disclosure";
    public static final String TAG_DENIAL_OF_SERVICE = "denial-of-service";
    public static final String TAG_ELEVATION_OF_PRIVILEGE = "elevation-of-privilege";

    private final char letter;
    private final String tag;
    private final String title;

    Stride(char letter, String tag, String title) {
        this.letter = letter;
        this.tag = tag;
        this.title = title;
    }

    public char letter() {
        return letter;
    }

    public String tag() {
        return tag;
    }

    public String title() {
        return title;
    }

    public static Optional<Stride> ofLetter(char letter) {
        return Arrays.stream(values()).filter(s -> s.letter == Character.toUpperCase(letter)).findFirst();
    }
}
