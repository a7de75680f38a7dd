package dev.nsgaudit.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.eval.FlowQuery;
import dev.nsgaudit.eval.Verifier;
import dev.nsgaudit.model.InputException;
import dev.nsgaudit.load.Utf8Text;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.report.Printable;
import dev.nsgaudit.report.VerifyJson;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        return runFlows(flows, verifier, out, err);
    }

    private static final SerializedString LINE = new SerializedString("line");
    private static final SerializedString ERROR = new SerializedString("error");

    private int runFlows(String flows, Verifier verifier, PrintWriter out, PrintWriter err) {
        BufferedReader reader;
        try {
            // Strict UTF-8: bytes that are not are reported, never read as replacement characters.
            reader = flows.equals("-")
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))
                    : new BufferedReader(new StringReader(Utf8Text.decode(Files.readAllBytes(Path.of(flows)))));
        } catch (Utf8Text.NotUtf8 e) {
            err.println(Printable.line(flows + ":" + e.line + ":" + e.column + ": error [input-error] " + e.getMessage()));
            return ExitCodes.INPUT_ERROR;
        } catch (IOException e) {
            err.println(Printable.line("nsgaudit verify: cannot read " + flows + ": " + IoMessages.why(e)));
            return ExitCodes.INPUT_ERROR;
        }
        boolean badLine = false;
        boolean inconclusive = false;
        // One generator for all result lines, writing straight into `out` (flushed into it on every return).
        String newline = System.lineSeparator();
        JsonGenerator lines;
        try {
            lines = Json.MAPPER.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lines.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        lines.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        lines.setRootValueSeparator(null);
        try (reader; lines) {
            List<String> header = null;
            boolean csv = false;
            boolean formatKnown = false;
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (!formatKnown) {
                    formatKnown = true;
                    csv = !line.trim().startsWith("{");
                    if (csv) {
                        header = parseHeader(line);
                        if (header == null) {
                            err.println(flows + ":" + lineNumber + ": the CSV header must name the columns"
                                    + " nic (or nsg), direction, protocol, local, remote");
                            return ExitCodes.INPUT_ERROR;
                        }
                        continue;
                    }
                }
                Verifier.Answer answer = null;
                String error = null;
                try {
                    Map<String, String> fields = csv ? csvFields(header, line) : jsonFields(line);
                    FlowQuery query = FlowQuery.parse(fields.get("nic"), fields.get("nsg"), fields.get("direction"),
                            fields.get("protocol"), fields.get("local"), fields.get("remote"));
                    answer = verifier.verify(query);
                    inconclusive |= !answer.result().conclusive();
                } catch (IllegalArgumentException e) {
                    error = e.getMessage();
                    badLine = true;
                }
                // {"line": N, then the answer's fields or "error"}, one line each.
                lines.writeStartObject();
                lines.writeFieldName(LINE);
                lines.writeNumber(lineNumber);
                if (answer != null) {
                    VerifyJson.writeFields(lines, answer.result(), answer.notes());
                } else {
                    lines.writeFieldName(ERROR);
                    lines.writeString(error);
                }
                lines.writeEndObject();
                lines.writeRaw(newline);
            }
        } catch (IOException e) {
            err.println(Printable.line("nsgaudit verify: cannot read " + flows + ": " + IoMessages.why(e)));
            return ExitCodes.INPUT_ERROR;
        }
        out.flush();
        if (badLine) {
            err.println("nsgaudit verify: some queries in " + flows + " could not be answered; see their \"error\"");
            return ExitCodes.INPUT_ERROR;
        }
        return inconclusive ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private static final List<String> COLUMNS = List.of("nic", "nsg", "direction", "protocol", "local", "remote");

    private static List<String> parseHeader(String line) {
        List<String> names = new ArrayList<>();
        for (String cell : splitCsv(line)) {
            String name = cell.trim().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                return null;
            }
            names.add(name);
        }
        return names.containsAll(List.of("direction", "protocol", "local", "remote")) ? names : null;
    }

    private static Map<String, String> csvFields(List<String> header, String line) {
        List<String> cells = splitCsv(line);
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " comma-separated values ("
                    + String.join(",", header) + "), found " + cells.size());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            out.put(header.get(i), cells.get(i).trim());
        }
        return out;
    }

    /** RFC 4180 cells of one line: fields may be quoted, with "" for a quote inside. */
    static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                cell.setLength(0);
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted value");
        }
        cells.add(cell.toString());
        return cells;
    }

    /**
     * The usual line, one JSON object whose values are all strings, read with a streaming parser: its fields in
     * order (a repeated key keeps its first position and its last value, as in a tree). Null for anything else,
     * which {@link #jsonFields} then reads as a tree, with its error messages.
     */
    private static Map<String, String> flatStringObject(String line) {
        try (JsonParser p = Json.MAPPER.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    return null;
                }
                out.put(key, p.getText());
            }
            return t == JsonToken.END_OBJECT ? out : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> jsonFields(String line) {
        Map<String, String> simple = flatStringObject(line);
        if (simple != null) {
            for (String key : simple.keySet()) {
                if (!COLUMNS.contains(key)) {
                    throw new IllegalArgumentException("unknown key '" + key + "'; the keys are "
                            + String.join(", ", COLUMNS));
                }
            }
            return simple;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage().split("\n")[0]);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("each line must be one JSON object with nic (or nsg), direction,"
                    + " protocol, local, remote");
        }
        Map<String, String> out = new LinkedHashMap<>();
        var it = node.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!COLUMNS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown key '" + e.getKey() + "'; the keys are "
                        + String.join(", ", COLUMNS));
            }
            out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
        }
        return out;
    }
}
