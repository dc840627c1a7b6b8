package dev.gjallarhorn.report;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimKind;
import dev.gjallarhorn.claims.Stride;
import java.util.List;

/**
 * The Allure epic of a claim, read from the register, never from the attack class: a register row's epic is its
 * first STRIDE letter ({@code S/D} is "Spoofing"), its other letters are {@link #others(Claim) more categories}
 * shown as labels. The control lists carry no STRIDE letters, so a control's epic is the list it is in.
 */
public final class StrideEpic {

    public static final String CONTROLS_THAT_EXIST = "Controls that exist";
    public static final String CONTROLS_THAT_DO_NOT_EXIST = "Controls that do not exist (yet)";

    private StrideEpic() {
    }

    public static String of(Claim claim) {
        if (claim.kind() == ClaimKind.RISK && !claim.stride().isEmpty()) {
            return claim.stride().get(0).title();
        }
        return claim.kind() == ClaimKind.CONTROL_ABSENT ? CONTROLS_THAT_DO_NOT_EXIST : CONTROLS_THAT_EXIST;
    }

    /** The claim's STRIDE categories after the first, in register order. */
    public static List<Stride> others(Claim claim) {
        return claim.stride().size() > 1 ? claim.stride().subList(1, claim.stride().size()) : List.of();
    }
}
