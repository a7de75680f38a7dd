package dev.nsgaudit.cli;

import dev.nsgaudit.report.ToolVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** The {@code nsgaudit} command line. */
@Command(name = "nsgaudit",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Checks Azure network security offline: exact IP flow verify, effective rules and audits.")
public final class Main implements Callable<Integer> {

    /**
     * The subcommands in the order the usage lists them. They are added in {@link #commandLine} rather than named
     * in the annotation: picocli reads every option of every subcommand it is given, by reflection, a large part
     * of a short run's start-up; a run that names its command builds only that one (issue 14).
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("verify", VerifyCommand::new);
        m.put("effective", EffectiveCommand::new);
        m.put("show", ShowCommand::new);
        m.put("check", CheckCommand::new);
        m.put("rules", RulesCommand::new);
        m.put("diff", DiffCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(m);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new Utf8PrintWriter(System.out),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the tool with the given streams and returns the exit code (used by the end-to-end tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(args.length > 0 ? args[0] : null);
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

    /**
     * The command line for a run whose first argument is {@code first}: only that subcommand when it names one
     * (its usage and errors do not list the others), else all of them, for the top-level usage, {@code help}
     * and a misspelt command. Subcommands are added before any setting, which picocli hands down only to the
     * subcommands present.
     */
    public static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new Main());
        Supplier<Object> only = first == null || first.equals("help") ? null : COMMANDS.get(first);
        if (only != null) {
            cli.addSubcommand(first, only.get());
        } else {
            COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        return cli;
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
