package dev.nsgaudit.cli;

import dev.nsgaudit.report.ToolVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** The {@code nsgaudit} command line. */
@Command(name = "nsgaudit",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Checks Azure network security offline: exact IP flow verify, effective rules and audits.",
        subcommands = {VerifyCommand.class, EffectiveCommand.class, ShowCommand.class, CheckCommand.class,
                RulesCommand.class, DiffCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, false, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the tool with the given streams and returns the exit code (used by the end-to-end tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // No stack traces for users: one line, exit 2. NSGAUDIT_DEBUG=1 shows the trace.
            commandLine.getErr().println("nsgaudit: internal error: " + e
                    + " (please report it; set NSGAUDIT_DEBUG=1 for details)");
            if (System.getenv("NSGAUDIT_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.INPUT_ERROR;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            // Picocli words two matches of nested alternatives (--nic and --nsg) as a dump of the groups.
            String message = e.getMessage().contains("expected only one match") && c.getCommandName().equals("verify")
                    ? "Error: give one of --nic and --nsg (not both) for a single query, or --flows FILE"
                    : e.getMessage();
            c.getErr().println("nsgaudit: " + message);
            c.getErr().println("Try 'nsgaudit " + (c.getCommandName().equals("nsgaudit") ? "" : c.getCommandName() + " ")
                    + "--help' for usage.");
            return ExitCodes.INPUT_ERROR;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // Errors are not exceptions: picocli's handler does not see them. Still one line, never a trace.
            err.println("nsgaudit: the input is too large for this run (" + e.getClass().getSimpleName()
                    + "); give the JVM more memory with NSGAUDIT_JAVA_OPTS=-Xmx4g or analyse fewer NSGs at once");
            code = ExitCodes.INPUT_ERROR;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** Bare {@code nsgaudit}: no command was given, which is a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.INPUT_ERROR;
    }

    /** The version the build stamped (see ToolVersion). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {ToolVersion.NAME + " " + ToolVersion.version()};
        }
    }
}
