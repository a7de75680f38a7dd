package dev.nsgaudit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: bin/nsgaudit works when symlinked onto the PATH. The script is copied into a project folder of its own;
 * whichever link runs it, it looks for that project's target/nsgaudit.jar (here a stand-in jar whose main class
 * prints its arguments, so that the test does not depend on {@code mvn package}).
 */
class BinScriptTest {

    @TempDir
    Path tmp;

    @Test
    void aSymlinkOnThePathRunsTheProjectsJar() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project/bin"));
        Path script = Files.copy(Path.of("bin/nsgaudit"), project.resolve("nsgaudit"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path onPath = Files.createDirectories(tmp.resolve("home/.local/bin"));
        // A relative link, and a link to that link: both resolve to the script.
        Files.createSymbolicLink(onPath.resolve("nsgaudit"), onPath.relativize(script));
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.createSymbolicLink(other.resolve("ns"), onPath.resolve("nsgaudit"));

        // No jar yet: the message names the project's jar, not one beside the link.
        Result missing = run(other.resolve("ns"), "--version");
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).contains(tmp.toRealPath().resolve("project/target/nsgaudit.jar").toString());

        Files.createDirectories(tmp.resolve("project/target"));
        Files.copy(echoJar(), tmp.resolve("project/target/nsgaudit.jar"));
        Result ran = run(onPath.resolve("nsgaudit"), "check", "a b");
        assertThat(ran.code).as(ran.err).isZero();
        assertThat(ran.out).isEqualTo("[check, a b]\n");
        assertThat(run(other.resolve("ns"), "x").out).isEqualTo("[x]\n");
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(Path command, String... args) throws Exception {
        String[] full = new String[args.length + 1];
        full[0] = command.toString();
        System.arraycopy(args, 0, full, 1, args.length);
        Process p = new ProcessBuilder(full).directory(tmp.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    /** A jar whose main class prints its arguments: compiled from source with the JDK's own compiler. */
    private Path echoJar() throws IOException, InterruptedException {
        Path src = Files.createDirectories(tmp.resolve("echo"));
        Files.writeString(src.resolve("Echo.java"),
                "public class Echo { public static void main(String[] a) { System.out.println(java.util.Arrays.toString(a)); } }");
        Path javaHome = Path.of(System.getProperty("java.home"));
        exec(src, javaHome.resolve("bin/javac").toString(), "Echo.java");
        exec(src, javaHome.resolve("bin/jar").toString(), "--create", "--file", "echo.jar", "--main-class", "Echo",
                "Echo.class");
        return src.resolve("echo.jar");
    }

    private static void exec(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    }
}
