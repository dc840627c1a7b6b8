package dev.gjallarhorn.surface;

import java.util.LinkedHashMap;
import java.util.Map;

/** One tool's output in a discovery script's {@code @@@ NAME EXIT} sections: its exit status and its text. */
record ScriptSection(int exit, String text) {

    /** The sections of a script's stdout by name, in order; text before the first {@code @@@} line is ignored. */
    static Map<String, ScriptSection> parse(String stdout) {
        Map<String, ScriptSection> sections = new LinkedHashMap<>();
        String name = null;
        int exit = 0;
        StringBuilder text = new StringBuilder();
        for (String line : stdout.split("\n", -1)) {
            if (line.startsWith("@@@ ")) {
                if (name != null) {
                    sections.put(name, new ScriptSection(exit, text.toString()));
                }
                String[] w = line.split(" ");
                name = w[1];
                exit = w.length > 2 ? Integer.parseInt(w[2]) : 0;
                text.setLength(0);
            } else if (name != null) {
                text.append(line).append('\n');
            }
        }
        if (name != null) {
            sections.put(name, new ScriptSection(exit, text.toString()));
        }
        return sections;
    }
}
