package dev.gjallarhorn.attack.pairing;

/** Strangers and chats, by role; ids no real Telegram account needs to have. */
final class ForgedIds {

    static final long STRANGER = 777000101L;
    static final long SECOND = 777000102L;
    static final long THIRD = 777000103L;
    static final long IN_GROUP = 777000104L;
    static final long FOURTH = 777000105L;
    static final long SELF_APPROVED = 777000106L;
    static final long EDITOR = 777000107L;
    static final long IN_TOPIC = 777000108L;
    static final long WITH_DOCUMENT = 777000109L;
    static final long FORWARDER = 777000110L;
    static final long BUTTON_PRESSER = 777000111L;
    /** The first of the senders other identities write into the pairing store, one id per identity from here on. */
    static final long WRITTEN_BY_OTHERS = 777000120L;
    static final long GROUP_CHAT = -1001777000100L;
    static final long CHANNEL = -1001777000200L;
    static final long FORUM = -1001777000300L;
    static final long OTHER_GROUP = -1001777000400L;

    private ForgedIds() {
    }
}
