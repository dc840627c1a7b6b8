package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.doubles.TelegramCall;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pairing code in a gateway's challenge: eight letters and digits of OpenClaw's alphabet after "Pairing code:". */
final class PairingCode {

    private static final Pattern PAIRING_CODE = Pattern.compile("Pairing code:\\s*(?:<[^>]+>\\s*)*([A-HJ-NP-Z2-9]{8})");

    private PairingCode() {
    }

    /** The code in the first of {@code replies} that carries one; empty when none does. */
    static Optional<String> in(List<TelegramCall> replies) {
        for (TelegramCall call : replies) {
            Matcher m = PAIRING_CODE.matcher(call.text());
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
