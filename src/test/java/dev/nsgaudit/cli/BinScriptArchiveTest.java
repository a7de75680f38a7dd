package dev.nsgaudit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: bin/nsgaudit starts the JVM with the class-data archive the build writes beside the jar only while the
 * archive is newer than the jar (a stale archive would switch class sharing off altogether), and the run works
 * whatever the archive holds. The jar is a stand-in whose main class prints the JVM's options.
 */
class BinScriptArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void theArchiveIsUsedOnlyWhileItIsNewerThanTheJar() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("project/bin"));
        Path script = Files.copy(Path.of("bin/nsgaudit"), bin.resolve("nsgaudit"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path target = Files.createDirectories(tmp.resolve("project/target"));
        Path jar = Files.copy(optionsJar(), target.resolve("nsgaudit.jar"));
        Path archive = target.resolve("nsgaudit.jsa");
        String flag = "-XX:SharedArchiveFile=" + tmp.toRealPath().resolve("project/target/nsgaudit.jsa");

        String none = run(script);
        assertThat(none).doesNotContain("SharedArchiveFile").contains("-XX:TieredStopAtLevel=1")
                .as("the archive's own flags come only with it").doesNotContain("ArchiveRelocationMode")
                .doesNotContain("BytecodeVerificationRemote");

        // Not an archive at all: the JVM ignores it and the run still works.
        Files.writeString(archive, "not an archive");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.setLastModifiedTime(archive, FileTime.from(Instant.parse("2026-01-01T00:00:10Z")));
        assertThat(run(script)).contains(flag, "-XX:ArchiveRelocationMode=0", "-XX:-BytecodeVerificationRemote");

        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:20Z")));
        assertThat(run(script)).as("a jar rebuilt after the archive").doesNotContain("SharedArchiveFile")
                .doesNotContain("BytecodeVerificationRemote");
    }

    /** The JVM options the stand-in jar printed; fails unless the script ran it and it exited 0. */
    private String run(Path script) throws Exception {
        Process p = new ProcessBuilder(script.toString()).directory(tmp.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).isEmpty();
        return out;
    }

    /** A jar whose main class prints the JVM's options, compiled with the JDK's own compiler. */
    private Path optionsJar() throws IOException, InterruptedException {
        Path src = Files.createDirectories(tmp.resolve("options"));
        Files.writeString(src.resolve("Options.java"), "public class Options { public static void main(String[] a) {"
                + " System.out.println(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()); } }");
        Path javaHome = Path.of(System.getProperty("java.home"));
        exec(src, javaHome.resolve("bin/javac").toString(), "Options.java");
        exec(src, javaHome.resolve("bin/jar").toString(), "--create", "--file", "options.jar", "--main-class", "Options",
                "Options.class");
        return src.resolve("options.jar");
    }

    private static void exec(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    }
}
