package dev.gjallarhorn.claims;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A threat model file's bytes as lines of text. UTF-8 is the norm; a byte-order mark says otherwise and is
 * obeyed: UTF-16 (little or big endian, what Windows editors and PowerShell's {@code >} write) and UTF-8 with
 * a BOM are read as such, because the mark makes the encoding certain and the claims do not depend on it.
 * Without a mark, the bytes must be UTF-8: a file that is not is an error naming the line and the byte, and a
 * file with NUL bytes (UTF-16 that lost its mark) is named as such; nothing is guessed.
 *
 * @param encoding the encoding the file was read in; {@link dev.gjallarhorn.report.RegisterPatch} needs it,
 *                 because {@code git apply} cannot patch a UTF-16 file
 */
public record ThreatModelText(List<String> lines, Charset encoding) {

    public ThreatModelText {
        lines = List.copyOf(lines);
    }

    public static ThreatModelText decode(Path file, byte[] bytes) {
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return new ThreatModelText(lines(file, bytes, 2, StandardCharsets.UTF_16LE), StandardCharsets.UTF_16LE);
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return new ThreatModelText(lines(file, bytes, 2, StandardCharsets.UTF_16BE), StandardCharsets.UTF_16BE);
        }
        int skip = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        for (int i = skip; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new ThreatModelError(file, lineAt(bytes, i), "has NUL bytes (at byte " + i + "): it looks like UTF-16 without a byte-order mark;"
                        + " save it as UTF-8 (or as UTF-16 with a byte-order mark)");
            }
        }
        return new ThreatModelText(lines(file, bytes, skip, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static List<String> lines(Path file, byte[] bytes, int skip, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        try {
            return decoder.decode(in).toString().lines().toList();
        } catch (CharacterCodingException e) {
            int at = in.position();
            String line = charset == StandardCharsets.UTF_8 ? " (line " + lineAt(bytes, at) + ")" : "";
            throw new ThreatModelError(file, 0, "is not " + charset.name() + " text: byte " + at + line + " is 0x"
                    + String.format("%02X", bytes[Math.min(at, bytes.length - 1)] & 0xFF) + ", which " + charset.name() + " cannot decode;"
                    + " save the document as UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)");
        }
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        return bytes.length >= prefix.length && Arrays.equals(
                Arrays.copyOf(bytes, prefix.length), toBytes(prefix));
    }

    private static byte[] toBytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
