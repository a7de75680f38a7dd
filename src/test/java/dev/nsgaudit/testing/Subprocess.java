package dev.nsgaudit.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tool in its own JVM, for what an in-process run cannot change: the working folder and the environment
 * (SOURCE_DATE_EPOCH).
 */
public final class Subprocess {

    private Subprocess() {
    }

    /** The exit code and what the process printed (stdout and stderr together). */
    public record Run(int code, String output) {
    }

    public static Run nsgaudit(Path cwd, Map<String, String> env, String... args) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.nsgaudit.cli.Main"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("nsgaudit-run", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().remove("SOURCE_DATE_EPOCH");
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("nsgaudit did not finish within 300 s: " + String.join(" ", args));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
