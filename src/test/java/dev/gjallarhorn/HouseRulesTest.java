package dev.gjallarhorn;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.CallableDeclaration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house's size rules, measured on {@code src/main/java} in the unit-test phase: no source file over
 * {@value #MAX_FILE_LINES} lines and no method or constructor over {@value #MAX_METHOD_LINES} lines (from its
 * signature's first line to its closing brace, Javadoc not counted). A class that grows past them is split by
 * meaning into rooms of its own, not trimmed of blank lines.
 */
class HouseRulesTest {

    static final int MAX_FILE_LINES = 300;
    static final int MAX_METHOD_LINES = 60;
    private static final Path MAIN = Path.of("src/main/java");

    private static List<Path> sources;

    @BeforeAll
    static void readTheHouse() throws IOException {
        StaticJavaParser.setConfiguration(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        try (Stream<Path> walk = Files.walk(MAIN)) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(sources).as("the main sources under %s", MAIN.toAbsolutePath()).hasSizeGreaterThan(100);
    }

    @Test
    void noSourceFileIsOverThreeHundredLines() throws IOException {
        List<String> over = new ArrayList<>();
        for (Path source : sources) {
            long lines = Files.readAllLines(source).size();
            if (lines > MAX_FILE_LINES) {
                over.add(MAIN.relativize(source) + ": " + lines + " lines");
            }
        }
        assertThat(over).as("files over %d lines", MAX_FILE_LINES).isEmpty();
    }

    @Test
    void noMethodIsOverSixtyLines() throws IOException {
        List<String> over = new ArrayList<>();
        for (Path source : sources) {
            CompilationUnit unit = StaticJavaParser.parse(source);
            for (CallableDeclaration<?> callable : unit.findAll(CallableDeclaration.class)) {
                int begin = callable.getName().getBegin().orElseThrow().line;
                int end = callable.getEnd().orElseThrow().line;
                int lines = end - begin + 1;
                if (lines > MAX_METHOD_LINES) {
                    over.add(MAIN.relativize(source) + " " + callable.getNameAsString() + ": " + lines + " lines");
                }
            }
        }
        assertThat(over).as("methods and constructors over %d lines", MAX_METHOD_LINES).isEmpty();
    }
}
