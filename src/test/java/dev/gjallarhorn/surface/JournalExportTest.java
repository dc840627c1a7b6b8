package dev.gjallarhorn.surface;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalExportTest {

    private static final byte[] TOKEN = "123456789:GJHFIXTUREnotarealtoken".getBytes(StandardCharsets.UTF_8);

    @Test
    void readsTextAndBinaryFieldsOfEveryEntry() {
        List<JournalExport.Entry> entries = JournalExport.parse(Recorded.bytes("journal-export.coredump.bin"));
        assertThat(entries).hasSize(2).noneMatch(JournalExport.Entry::truncated);
        JournalExport.Entry core = entries.get(0);
        assertThat(core.text("MESSAGE")).isEqualTo("Process 4242 (node) of user 999 dumped core.");
        assertThat(core.text("COREDUMP_ENVIRON")).as("a binary field, newlines and all").contains("HOME=/home/openclaw\nTELEGRAM_BOT_TOKEN=");
        assertThat(core.text("__CURSOR")).startsWith("s=");
        assertThat(core.fieldsContaining(TOKEN)).as("the token is in that field, and not in MESSAGE").containsExactly("COREDUMP_ENVIRON");
        assertThat(entries.get(1).text("NOTE")).isEqualTo("GJHFIXTURE in a text field");
        assertThat(entries.get(1).fieldsContaining(TOKEN)).isEmpty();
    }

    @Test
    void aCutStreamGivesWhatWasRead() {
        byte[] all = Recorded.bytes("journal-export.coredump.bin");
        List<JournalExport.Entry> entries = JournalExport.parse(Arrays.copyOf(all, 900));
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).truncated()).isTrue();
        assertThat(entries.get(0).text("_SYSTEMD_UNIT")).isNotNull();
    }
}
