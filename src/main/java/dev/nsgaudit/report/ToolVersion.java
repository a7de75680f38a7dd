package dev.nsgaudit.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The version of this build, stamped by Maven resource filtering into {@code dev/nsgaudit/nsgaudit.properties}:
 * what {@code --version} prints and every report carries. Classes that were not built by Maven (an IDE that does
 * not filter resources) say {@code development}.
 */
public final class ToolVersion {

    public static final String NAME = "nsgaudit";
    private static final Properties STAMPED = read();
    private static final String VERSION = stamped("version").orElse("development");

    private ToolVersion() {
    }

    public static String version() {
        return VERSION;
    }

    /**
     * The project's home (the pom's {@code <url>}), for SARIF's {@code tool.driver.informationUri}; empty while the
     * pom names none: an address made up here would send users of code scanning somewhere that is not ours.
     */
    public static Optional<String> informationUri() {
        return stamped("url");
    }

    private static Optional<String> stamped(String key) {
        String v = STAMPED.getProperty(key, "").trim();
        // An unfiltered copy, or a pom without the value, still holds the placeholder.
        return v.isEmpty() || v.startsWith("${") ? Optional.empty() : Optional.of(v);
    }

    private static Properties read() {
        Properties p = new Properties();
        try (InputStream in = ToolVersion.class.getResourceAsStream("/dev/nsgaudit/nsgaudit.properties")) {
            if (in != null) {
                p.load(in);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
