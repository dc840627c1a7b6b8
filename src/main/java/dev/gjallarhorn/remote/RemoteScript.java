package dev.gjallarhorn.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Shell that runs on the target, kept as a resource file next to the class that uses it. */
public record RemoteScript(String name, String text) {

    public static RemoteScript load(Class<?> owner, String resourceName) {
        try (InputStream in = owner.getResourceAsStream(resourceName)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resourceName + " next to " + owner.getName());
            }
            return new RemoteScript(resourceName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script resource " + resourceName, e);
        }
    }
}
