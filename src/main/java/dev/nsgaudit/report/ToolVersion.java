package dev.nsgaudit.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this build, stamped by Maven resource filtering into {@code dev/nsgaudit/nsgaudit.properties}:
 * what {@code --version} prints and every report carries. Classes that were not built by Maven (an IDE that does
 * not filter resources) say {@code development}.
 */
public final class ToolVersion {

    public static final String NAME = "nsgaudit";
    /** The project's home, for SARIF's {@code tool.driver.informationUri}. */
    public static final String INFORMATION_URI = "https://github.com/nsgaudit/nsgaudit";

    private static final String VERSION = read();

    private ToolVersion() {
    }

    public static String version() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("/dev/nsgaudit/nsgaudit.properties")) {
            if (in == null) {
                return "development";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            // An unfiltered copy still holds the placeholder.
            return v.isEmpty() || v.startsWith("${") ? "development" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
