package dev.gjallarhorn.surface;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads systemd's Journal Export Format ({@code journalctl -o export}): entries separated by an empty line, each
 * field either {@code NAME=value\n} or, when the value is binary or holds a newline, {@code NAME\n}, a 64-bit
 * little-endian length, the bytes, {@code \n}. Every field of every entry is kept as bytes, so a secret in a
 * field that {@code journalctl -o cat} never shows (e.g. {@code COREDUMP_ENVIRON}) is still there to find.
 *
 * <p>No maintained Java library reads this format (systemd ships C only). A truncated last entry (a capped
 * stream) is returned as far as it was read, marked {@link Entry#truncated()}.
 */
public final class JournalExport {

    private JournalExport() {
    }

    /** One journal entry: its fields in order (a field may repeat), values as bytes. */
    public record Entry(Map<String, List<byte[]>> fields, boolean truncated) {

        public String text(String field) {
            List<byte[]> values = fields.get(field);
            return values == null || values.isEmpty() ? "" : new String(values.get(0), StandardCharsets.UTF_8);
        }

        /** The names of the fields whose value contains {@code needle}. */
        public List<String> fieldsContaining(byte[] needle) {
            List<String> names = new ArrayList<>();
            fields.forEach((name, values) -> {
                if (values.stream().anyMatch(v -> indexOf(v, needle) >= 0)) {
                    names.add(name);
                }
            });
            return names;
        }
    }

    public static List<Entry> parse(byte[] data) {
        List<Entry> entries = new ArrayList<>();
        Map<String, List<byte[]>> fields = new LinkedHashMap<>();
        int i = 0;
        while (i < data.length) {
            if (data[i] == '\n') { // an empty line ends the entry
                if (!fields.isEmpty()) {
                    entries.add(new Entry(fields, false));
                    fields = new LinkedHashMap<>();
                }
                i++;
                continue;
            }
            int eol = indexOf(data, (byte) '\n', i);
            int eq = indexOf(data, (byte) '=', i, eol < 0 ? data.length : eol);
            if (eq >= 0) {
                int end = eol < 0 ? data.length : eol;
                String name = new String(data, i, eq - i, StandardCharsets.US_ASCII);
                add(fields, name, slice(data, eq + 1, end));
                if (eol < 0) {
                    entries.add(new Entry(fields, true));
                    return entries;
                }
                i = eol + 1;
            } else {
                if (eol < 0 || eol + 9 > data.length) {
                    entries.add(new Entry(fields, true));
                    return entries;
                }
                String name = new String(data, i, eol - i, StandardCharsets.US_ASCII);
                long size = 0;
                for (int b = 7; b >= 0; b--) {
                    size = size << 8 | (data[eol + 1 + b] & 0xff);
                }
                int start = eol + 9;
                if (size < 0 || start + size > data.length) {
                    add(fields, name, slice(data, start, data.length));
                    entries.add(new Entry(fields, true));
                    return entries;
                }
                add(fields, name, slice(data, start, (int) (start + size)));
                i = (int) (start + size) + 1; // the value's trailing newline
            }
        }
        if (!fields.isEmpty()) {
            entries.add(new Entry(fields, false));
        }
        return entries;
    }

    private static void add(Map<String, List<byte[]>> fields, String name, byte[] value) {
        fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    private static byte[] slice(byte[] data, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(0, to - from));
        out.write(data, from, Math.max(0, to - from));
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte b, int from) {
        return indexOf(data, b, from, data.length);
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
