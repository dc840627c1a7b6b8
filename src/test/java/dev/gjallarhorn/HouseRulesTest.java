package dev.gjallarhorn;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
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
 * {@value #MAX_FILE_LINES} lines and no method, constructor (a record's compact one too) or initializer block over
 * {@value #MAX_METHOD_LINES} lines (from its first annotation or modifier to its closing brace, Javadoc not counted). A class that grows past them is split by
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
            List<Node> bodies = new ArrayList<>();
            bodies.addAll(unit.findAll(CallableDeclaration.class));
            bodies.addAll(unit.findAll(CompactConstructorDeclaration.class));
            bodies.addAll(unit.findAll(InitializerDeclaration.class));
            for (Node body : bodies) {
                int lines = body.getEnd().orElseThrow().line - body.getBegin().orElseThrow().line + 1;
                if (lines > MAX_METHOD_LINES) {
                    over.add(MAIN.relativize(source) + " " + name(body) + " (line " + body.getBegin().orElseThrow().line + "): " + lines + " lines");
                }
            }
        }
        assertThat(over).as("methods, constructors and initializers over %d lines", MAX_METHOD_LINES).isEmpty();
    }

    private static String name(Node body) {
        return body instanceof CallableDeclaration<?> c ? c.getNameAsString()
                : body instanceof CompactConstructorDeclaration c ? c.getNameAsString() : "an initializer block";
    }
}
