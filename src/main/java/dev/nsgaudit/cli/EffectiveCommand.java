package dev.nsgaudit.cli;

import dev.nsgaudit.model.InputException;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.report.EffectiveJson;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.report.Printable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code nsgaudit effective}: a NIC's effective security rules, like az network nic list-effective-nsg. */
@Command(name = "effective", mixinStandardHelpOptions = true,
        description = "Prints the effective security rules of a NIC in the shape of Azure's"
                + " effectiveNetworkSecurityGroups response, with tags expanded to prefixes.")
final class EffectiveCommand implements Callable<Integer> {

    @Mixin
    InputOptions inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nic", paramLabel = "NAME", required = true)
    String nic;

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
        Optional<NetworkInterface> found = ws.topology.networkInterface(nic);
        if (found.isEmpty()) {
            err.println(Printable.line("nsgaudit effective: no NIC named '" + nic + "'; NICs in the input: "
                    + String.join(", ", ws.topology.networkInterfaces().stream().map(NetworkInterface::name).toList())));
            return ExitCodes.INPUT_ERROR;
        }
        out.print(Json.pretty(new EffectiveJson(ws.evaluator()).of(found.get())));
        out.println();
        return ws.hasErrors() ? ExitCodes.INPUT_ERROR : ExitCodes.OK;
    }
}
