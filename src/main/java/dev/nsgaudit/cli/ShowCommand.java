package dev.nsgaudit.cli;

import dev.nsgaudit.model.InputException;
import dev.nsgaudit.report.ShowWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code nsgaudit show}: what the tool understood, in the YAML definition format (a round trip). */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Prints the loaded model in the YAML definition format (or JSON); each object says where"
                + " it was defined. Loading the output back gives the same model.",
                "Exit 0: printed (unresolved values are reported on stderr and marked in the output); 2: bad usage"
                        + " or input that could not be read."})
final class ShowCommand implements Callable<Integer> {

    enum Format { yaml, json }

    @Mixin
    InputOptions inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", defaultValue = "yaml", paramLabel = "yaml|json",
            description = "yaml: the YAML definition format (default); json: the same model as JSON.")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Workspace ws;
        try {
            ws = Workspace.load(inputs);
        } catch (InputException e) {
            return Workspace.inputError(err, e);
        }
        ws.printProblems(err);
        out.print(format == Format.json ? ShowWriter.json(ws.topology) : ShowWriter.yaml(ws.topology));
        out.flush();
        return ws.unusable() ? ExitCodes.INPUT_ERROR : ExitCodes.OK;
    }
}
