package dev.nsgaudit.cli;

import dev.nsgaudit.model.InputException;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.semantics.AdminLayer;
import dev.nsgaudit.semantics.CompiledAdminRule;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.report.EffectiveJson;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.report.Printable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code nsgaudit effective}: a NIC's effective security rules, like az network nic list-effective-nsg. */
@Command(name = "effective", mixinStandardHelpOptions = true,
        description = {"Prints the effective security rules of a NIC in the shape of Azure's"
                + " effectiveNetworkSecurityGroups response, with tags expanded to prefixes.",
                "Exit 0: printed; 1: part of the NIC's path is not known offline (stderr says what); 2: bad usage"
                        + " or input that could not be read."})
final class EffectiveCommand implements Callable<Integer> {

    @Mixin
    InputOptions inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nic", paramLabel = "NAME", required = true, description = "The NIC whose effective rules to print.")
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
        if (ws.unusable()) {
            // As verify: what could not be read may hold an NSG in effect, so no rules are shown as the whole.
            err.println("nsgaudit effective: no answer: the input could not be read or used (see above); fix it and"
                    + " run again");
            return ExitCodes.INPUT_ERROR;
        }
        Optional<NetworkInterface> found = ws.topology.networkInterface(nic);
        if (found.isEmpty()) {
            err.println(Printable.line("nsgaudit effective: no NIC named '" + nic + "'; NICs in the input: "
                    + String.join(", ", ws.topology.networkInterfaces().stream().map(NetworkInterface::name).toList())));
            return ExitCodes.INPUT_ERROR;
        }
        out.print(Json.pretty(new EffectiveJson(ws.evaluator()).of(found.get())));
        out.println();
        String unknown = unknownPart(ws, found.get());
        if (unknown != null) {
            // The rules printed are not all that is in effect: the answer is inconclusive, not wrong input.
            err.println(Printable.line("nsgaudit effective: the effective rules of " + nic + " are not fully known: "
                    + unknown));
            return ExitCodes.FINDINGS;
        }
        return ExitCodes.OK;
    }

    /** What about the NIC's path is not known offline (so the rules printed may not be all), or null. */
    private static String unknownPart(Workspace ws, NetworkInterface nic) {
        Topology t = ws.topology;
        IpConfiguration primary = nic.ipConfigurations().get(0);
        if (!primary.unresolved().isEmpty() || !nic.unresolved().isEmpty()) {
            return "NIC " + nic.name() + " has unresolved values";
        }
        Optional<Topology.SubnetRef> subnet = t.subnet(primary.subnet());
        if (subnet.isEmpty()) {
            return "its subnet '" + primary.subnet() + "' is not in the input";
        }
        if (!subnet.get().subnet().unresolved().isEmpty()) {
            return "subnet " + primary.subnet() + " has unresolved values";
        }
        AdminLayer admin = ws.evaluator().adminRules().layer(subnet.get());
        for (Direction direction : Direction.values()) {
            for (CompiledAdminRule rule : admin.rules(direction)) {
                if (!rule.certain()) {
                    return "security admin rule " + rule.displayName() + " may apply: "
                            + String.join("; ", rule.uncertainties()) + " (marked \"unresolved\")";
                }
            }
        }
        List<String> nsgs = new ArrayList<>();
        if (subnet.get().subnet().networkSecurityGroup() != null) {
            nsgs.add(subnet.get().subnet().networkSecurityGroup());
        }
        if (nic.networkSecurityGroup() != null) {
            nsgs.add(nic.networkSecurityGroup());
        }
        for (String name : nsgs) {
            Optional<NetworkSecurityGroup> nsg = t.networkSecurityGroup(name);
            if (nsg.isEmpty()) {
                return "NSG " + name + " is not in the input";
            }
            if (!nsg.get().unresolved().isEmpty() || nsg.get().securityRules().stream()
                    .anyMatch(r -> !r.unresolved().isEmpty())) {
                return "NSG " + name + " has unresolved values (marked \"unresolved\" in its rules)";
            }
        }
        return null;
    }
}
