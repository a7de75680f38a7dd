package dev.nsgaudit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: bin/nsgaudit runs short commands with C1 only and {@code verify --flows}, a long stream of queries,
 * with the default JIT (C1 then C2); {@code NSGAUDIT_JAVA_OPTS} still comes last. The jar is a stand-in whose main
 * class prints the JVM's options and its arguments.
 */
class BinScriptJitTest {

    @TempDir
    Path tmp;

    @Test
    void verifyFlowsAloneGetsTheDefaultJit() throws Exception {
        Path script = project();

        assertThat(run(script, Map.of(), "check", "x")).contains("-XX:TieredStopAtLevel=1", "[check, x]");
        assertThat(run(script, Map.of(), "verify", "--nic", "n", "--local", "10.0.0.4:80"))
                .contains("-XX:TieredStopAtLevel=1");
        assertThat(run(script, Map.of(), "show", "--flows")).as("--flows of another command")
                .contains("-XX:TieredStopAtLevel=1");

        assertThat(run(script, Map.of(), "verify", "--flows", "f.jsonl", "dir"))
                .doesNotContain("TieredStopAtLevel").contains("-XX:+UseSerialGC", "[verify, --flows, f.jsonl, dir]");
        assertThat(run(script, Map.of(), "verify", "dir", "--flows=-")).doesNotContain("TieredStopAtLevel");
        assertThat(run(script, Map.of("NSGAUDIT_JAVA_OPTS", "-XX:TieredStopAtLevel=1"), "verify", "--flows", "-", "d"))
                .as("the user's options still apply").contains("-XX:TieredStopAtLevel=1");
    }

    private Path project() throws IOException, InterruptedException {
        Path bin = Files.createDirectories(tmp.resolve("project/bin"));
        Path script = Files.copy(Path.of("bin/nsgaudit"), bin.resolve("nsgaudit"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path target = Files.createDirectories(tmp.resolve("project/target"));
        Files.copy(optionsJar(), target.resolve("nsgaudit.jar"));
        return script;
    }

    /** The JVM options and the arguments the stand-in jar printed; fails unless it ran and exited 0. */
    private String run(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
        builder.environment().remove("NSGAUDIT_JAVA_OPTS");
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return out;
    }

    /** A jar whose main class prints the JVM's options and its arguments, compiled with the JDK's own compiler. */
    private Path optionsJar() throws IOException, InterruptedException {
        Path src = Files.createDirectories(tmp.resolve("options"));
        Files.writeString(src.resolve("Options.java"), "public class Options { public static void main(String[] a) {"
                + " System.out.println(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()"
                + " + \" \" + java.util.Arrays.toString(a)); } }");
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
