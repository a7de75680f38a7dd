package dev.nsgaudit.cli;

import dev.nsgaudit.eval.FlowQuery;
import dev.nsgaudit.eval.Verifier;
import dev.nsgaudit.model.InputException;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.report.Printable;
import dev.nsgaudit.report.VerifyJson;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;

/** {@code nsgaudit verify}: IP flow verify, offline. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Is this packet allowed to or from this NIC (or by this NSG), and which rule decided it?",
                "Prints one JSON object per query. Exit 0 when every query is answered, 1 when an answer is"
                        + " inconclusive (unresolved values are reported on stderr and act only through this),"
                        + " 2 for bad usage, a bad query line or input that could not be read (then no answer).",
                ""})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    InputOptions inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One query on the command line, or a file of them: the two are alternatives. */
    @ArgGroup(exclusive = true, multiplicity = "1")
    Queries queries;

    static final class Queries {
        @ArgGroup(exclusive = false, multiplicity = "1", heading = "One query (or --flows):%n")
        Single single;

        @Option(names = "--flows", paramLabel = "FILE|-", required = true,
                description = "Queries, one per line: JSON lines or CSV with the header"
                        + " nic|nsg,direction,protocol,local,remote; '-' reads standard input.")
        String flows;
    }

    static final class Single {
        @ArgGroup(exclusive = true, multiplicity = "1", order = 0)
        Where where;

        @Option(names = "--direction", paramLabel = "Inbound|Outbound", required = true,
                description = "Inbound: --remote opens a connection to --local; Outbound: the reverse.")
        String direction;

        @Option(names = "--protocol", paramLabel = "TCP|UDP|ICMP|ESP|AH|*", required = true,
                description = "The packet's protocol; '*' asks for every protocol at once (one case each).")
        String protocol;

        @Option(names = "--local", paramLabel = "IP[:PORT]", required = true,
                description = "The NIC's address; port '*' allowed outbound (the source port).")
        String local;

        @Option(names = "--remote", paramLabel = "IP[:PORT]", required = true,
                description = "The other end; port '*' allowed inbound (the source port).")
        String remote;
    }

    static final class Where {
        @Option(names = "--nic", paramLabel = "NAME", required = true,
                description = "The NIC whose subnet and NIC NSGs apply.")
        String nic;

        @Option(names = "--nsg", paramLabel = "NAME", required = true,
                description = "Evaluate one NSG on its own, as seen from each virtual network it is attached in.")
        String nsg;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String flows = queries.flows;
        FlowQuery single = null;
        if (flows == null) {
            Single q = queries.single;
            try {
                single = FlowQuery.parse(q.where.nic, q.where.nsg, q.direction, q.protocol, q.local, q.remote);
            } catch (IllegalArgumentException e) {
                err.println("nsgaudit verify: " + e.getMessage()
                        + " (give --nic or --nsg, --direction, --protocol, --local and --remote, or --flows FILE)");
                return ExitCodes.INPUT_ERROR;
            }
        }
        // A large flows file is read while the topology loads; its errors are still reported after the input's.
        CompletableFuture<FlowsFile> flowsAhead = flows != null ? FlowsRun.readAhead(flows) : null;
        Workspace ws;
        try {
            ws = Workspace.load(inputs);
        } catch (InputException e) {
            return Workspace.inputError(err, e);
        }
        ws.printProblems(err);
        if (ws.unusable()) {
            // What could not be read may hold the deciding rule: no answer rather than a definite one that is wrong.
            err.println("nsgaudit verify: no answer: the input could not be read or used (see above); fix it and"
                    + " run again");
            return ExitCodes.INPUT_ERROR;
        }
        Verifier verifier = new Verifier(ws.evaluator());
        int code = ExitCodes.OK;
        if (single != null) {
            try {
                Verifier.Answer answer = verifier.verify(single);
                out.println(Json.compact(VerifyJson.of(answer.result(), answer.notes())));
                if (!answer.result().conclusive() && code == ExitCodes.OK) {
                    code = ExitCodes.FINDINGS;
                }
            } catch (IllegalArgumentException e) {
                err.println("nsgaudit verify: " + Printable.line(e.getMessage()));
                code = ExitCodes.INPUT_ERROR;
            }
            return code;
        }
        return new FlowsRun(flows, verifier, out, err, true).run(System.in, flowsAhead);
    }
}
