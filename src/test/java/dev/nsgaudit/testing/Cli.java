package dev.nsgaudit.testing;

import dev.nsgaudit.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/** Runs the command line in-process and captures what it prints. */
public final class Cli {

    private Cli() {
    }

    /** The exit code and the two streams of one run. */
    public record Run(int code, String out, String err) {

        public List<String> outLines() {
            return lines(out);
        }

        public List<String> errLines() {
            return lines(err);
        }

        private static List<String> lines(String text) {
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\R"));
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }
}
