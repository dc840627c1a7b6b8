package dev.gjallarhorn.cli;

import dev.gjallarhorn.run.Setting;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Lists every {@code -Dgjallarhorn.*} setting with the value this JVM was given (or its default), what it
 * means and the form it takes. The values were validated before the command ran.
 */
@Command(name = "settings", description = "List every -Dgjallarhorn.* setting: its value here (or default), meaning and accepted form.")
final class SettingsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        for (Setting setting : Setting.values()) {
            String given = System.getProperty(setting.key());
            String value = given != null ? given + "  (-D)" : setting.fallback().map(v -> v + "  (default)").orElse("(not set)");
            out.println(setting.key() + " = " + value);
            out.println("    " + setting.meaning() + "; " + setting.form().accepted());
        }
        return 0;
    }
}
