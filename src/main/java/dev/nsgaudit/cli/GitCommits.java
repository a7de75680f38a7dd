package dev.nsgaudit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The git commit an input is at, for the report's record of what was checked: {@code git rev-parse HEAD} in the
 * input's folder, with "+ uncommitted changes" when {@code git status} shows the input changed since. Null when
 * the input is not in a git repository or git is not installed: the report then names the path alone.
 */
final class GitCommits {

    private GitCommits() {
    }

    static String of(Path input) {
        Path folder = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
        if (folder == null) {
            return null;
        }
        String head = git(folder, "rev-parse", "--verify", "--quiet", "HEAD");
        if (head == null || !head.matches("[0-9a-f]{40,64}")) {
            return null;
        }
        String status = git(folder, "status", "--porcelain", "--", input.toAbsolutePath().toString());
        return status == null || status.isEmpty() ? head : head + " + uncommitted changes";
    }

    /** The trimmed standard output of a successful git command, else null. */
    private static String git(Path folder, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = folder.toAbsolutePath().toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null; // no git: the report names the input without a commit
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
