package dev.gjallarhorn.probe;

import dev.gjallarhorn.remote.CommandResult;
import java.util.ArrayList;
import java.util.List;

/** The lines a target-side script prints as {@code KIND field field ... rest}, split for reading. */
public record ScriptOutput(CommandResult result, List<Line> lines) {

    /**
     * One output line: its kind (first word) and the words after it. A word that holds a space (a path) is printed
     * with octal escapes ({@code \040} for a space, {@code \011} a tab, {@code \134} a backslash, as
     * {@code /proc/mounts} writes them); {@link #word(int)} gives it decoded.
     */
    public record Line(String kind, List<String> words, String text) {
        public String word(int index) {
            return index < words.size() ? decode(words.get(index)) : "";
        }

        static String decode(String word) {
            return word.indexOf('\\') < 0 ? word : java.util.regex.Pattern.compile("\\\\([0-7]{3})").matcher(word)
                    .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 8))));
        }

        /** Everything from word {@code index} on, as printed. */
        public String rest(int index) {
            String[] parts = text.split(" ", index + 2);
            return parts.length > index + 1 ? parts[index + 1] : "";
        }
    }

    public static ScriptOutput of(CommandResult result) {
        List<Line> lines = new ArrayList<>();
        for (String raw : result.stdout().split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            lines.add(new Line(words[0], List.of(words).subList(1, words.length), line));
        }
        return new ScriptOutput(result, lines);
    }

    public List<Line> all(String kind) {
        return lines.stream().filter(l -> l.kind().equals(kind)).toList();
    }

    public String value(String kind) {
        return lines.stream().filter(l -> l.kind().equals(kind)).findFirst().map(l -> l.rest(0)).orElse("");
    }

    /** A script's number field, or -1 where the field is not a decimal int. */
    public static int number(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
