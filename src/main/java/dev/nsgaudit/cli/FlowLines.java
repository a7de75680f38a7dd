package dev.nsgaudit.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.eval.FlowQuery;
import dev.nsgaudit.eval.Verifier;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.report.VerifyJson;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answering of {@code verify --flows} lines by one thread: the line format once settled, the reused fields of
 * the plain reading, the memo of verdict lines and the NIC of the previous line. Lines are split as
 * {@code BufferedReader.readLine} splits them. The usual line ({@link PlainFlowLine}) whose answer the rules alone
 * give ({@link Verifier#plainVerdictV4}) is answered from its bytes with the JSON of its verdict, written once per
 * distinct verdict ({@link VerdictLines}); every other line is read as text and answered in full. Both give the
 * same bytes for the same line. Not thread-safe: each thread of a run has its own (the {@link Verifier} is shared).
 */
final class FlowLines {

    private static final SerializedString LINE = new SerializedString("line");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final List<String> COLUMNS = List.of("nic", "nsg", "direction", "protocol", "local", "remote");
    /** What every kept verdict line starts with before its fields; the line number replaces it. */
    private static final byte[] PLACEHOLDER = "{\"line\":0".getBytes(StandardCharsets.US_ASCII);

    private final String flows;
    private final Verifier verifier;
    private final PrintWriter err;
    /** False answers every line as text (the reference the plain path is tested against). */
    private final boolean plainPath;
    /** Where result lines go; a run with several threads hands each chunk its own. */
    private ResultLineBuffer out;

    private final PlainFlowLine plain = new PlainFlowLine();
    private final Verifier.PlainVerdict verdict = new Verifier.PlainVerdict();
    private final VerdictLines known = new VerdictLines();
    /** The NIC of the previous plain line, so that a run of lines about one NIC builds no name per line. */
    private byte[] lastNicBytes;
    private String lastNicName;
    private Verifier.NicEntry lastNic;
    private IpAddress lastLocal;

    /** How many lines the plain path answered (for the tests). */
    private int plainAnswers;

    private boolean formatKnown;
    private boolean csv;
    private List<String> header;
    private boolean badLine;
    private boolean inconclusive;
    /** Set when the run must stop (a CSV header without the columns): the exit code. */
    private Integer stop;

    FlowLines(String flows, Verifier verifier, PrintWriter err, boolean plainPath, ResultLineBuffer out) {
        this.flows = flows;
        this.verifier = verifier;
        this.err = err;
        this.plainPath = plainPath;
        this.out = out;
    }

    /** Lines for another thread: the format this one settled, nothing else shared but the verifier. */
    FlowLines sameFormat() {
        FlowLines other = new FlowLines(flows, verifier, err, plainPath, null);
        other.formatKnown = formatKnown;
        other.csv = csv;
        other.header = header;
        return other;
    }

    void writeTo(ResultLineBuffer buffer) {
        this.out = buffer;
    }

    boolean formatKnown() {
        return formatKnown;
    }

    /** The exit code the run must stop with (a CSV header without the columns), or null. */
    Integer stop() {
        return stop;
    }

    boolean badLine() {
        return badLine;
    }

    boolean inconclusive() {
        return inconclusive;
    }

    int plainAnswers() {
        return plainAnswers;
    }

    /**
     * Answers the line numbered {@code lineNumber} that starts at {@code from} and ends at the first CR or LF
     * before {@code limit} (or at it), and returns where the next line starts.
     */
    int next(byte[] bytes, int from, int limit, int lineNumber) {
        // The plain reading finds the end of its line itself, so a plain line is read once.
        int to = plainPath() ? plain.read(bytes, from, limit) : -1;
        if (to < 0 || !answerPlainly(lineNumber)) {
            to = to >= 0 ? to : lineEnd(bytes, from, limit);
            text(new String(bytes, from, to - from, StandardCharsets.UTF_8), lineNumber);
        }
        return to < limit && bytes[to] == '\r' && to + 1 < limit && bytes[to + 1] == '\n' ? to + 2 : to + 1;
    }

    /**
     * Every line of {@code bytes[from, to)}, which starts at a line start and ends at one (or at the end of the
     * input), the first numbered {@code lineNumber + 1}.
     */
    void answer(byte[] bytes, int from, int to, int lineNumber) {
        while (from < to && stop == null) {
            lineNumber++;
            from = next(bytes, from, to, lineNumber);
        }
    }

    /**
     * One line as UTF-8 bytes: the plain form answered here, anything else read as text. A line the plain reading
     * takes is printable ASCII in a JSON object, so neither blank nor a comment nor the CSV header.
     */
    void line(byte[] b, int from, int to, int lineNumber) {
        if (plainPath() && plain.read(b, from, to) == to && answerPlainly(lineNumber)) {
            return;
        }
        text(new String(b, from, to - from, StandardCharsets.UTF_8), lineNumber);
    }

    /** Whether lines may take the plain path: JSON lines, once the first query line has settled the format. */
    private boolean plainPath() {
        return plainPath && formatKnown && !csv;
    }

    private static int lineEnd(byte[] b, int from, int limit) {
        int to = from;
        while (to < limit && b[to] != '\n' && b[to] != '\r') {
            to++;
        }
        return to;
    }

    /** One line as text: skipped, the CSV header, or a query. */
    void text(String line, int lineNumber) {
        if (line.isBlank() || line.startsWith("#")) {
            return;
        }
        if (!formatKnown) {
            formatKnown = true;
            csv = !line.trim().startsWith("{");
            if (csv) {
                header = parseHeader(line);
                if (header == null) {
                    err.println(flows + ":" + lineNumber + ": the CSV header must name the columns"
                            + " nic (or nsg), direction, protocol, local, remote");
                    stop = ExitCodes.INPUT_ERROR;
                }
                return;
            }
        }
        query(line, lineNumber);
    }

    /** The plain line just read, when its verdict is plain; false leaves the line to {@link #query}. */
    private boolean answerPlainly(int lineNumber) {
        Verifier.NicEntry nic = nic();
        if (nic == null) {
            return false;
        }
        IpAddress local = lastLocal != null && lastLocal.lo() == plain.localAddress
                ? lastLocal : (lastLocal = IpAddress.v4(plain.localAddress));
        if (!verifier.plainVerdictV4(nic, plain.direction, plain.protocol, local, plain.localPort, plain.remoteAddress,
                plain.remotePort, verdict)) {
            return false;
        }
        byte[] fields = known.get(verdict);
        if (fields == null) {
            IpAddress remote = IpAddress.v4(plain.remoteAddress);
            // What FlowQuery.parse makes of the line (a port of -1 is one the protocol does not have).
            FlowQuery query = new FlowQuery(lastNicName, null, plain.direction, plain.protocol, local,
                    plain.localPort < 0 ? null : plain.localPort, remote, plain.remotePort < 0 ? null : plain.remotePort);
            byte[] whole = line(0, verifier.verify(query), null).getBytes(StandardCharsets.UTF_8);
            if (!Arrays.equals(whole, 0, PLACEHOLDER.length, PLACEHOLDER, 0, PLACEHOLDER.length)) {
                throw new IllegalStateException("unexpected start of a verify line");
            }
            fields = Arrays.copyOfRange(whole, PLACEHOLDER.length, whole.length);
            known.put(verdict, fields);
        }
        out.startLine(lineNumber);
        out.write(fields);
        out.endLine();
        plainAnswers++;
        return true;
    }

    private Verifier.NicEntry nic() {
        byte[] b = plain.bytes;
        int from = plain.nicStart();
        int to = plain.nicEnd();
        if (lastNicBytes == null || !PlainFlowLine.equal(lastNicBytes, b, from, to)) {
            lastNicBytes = Arrays.copyOfRange(b, from, to);
            lastNicName = new String(lastNicBytes, StandardCharsets.ISO_8859_1);
            lastNic = verifier.nic(lastNicName);
        }
        return lastNic;
    }

    /** One query line read as text and answered in full, or its error. */
    private void query(String line, int lineNumber) {
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
        out.write(line(lineNumber, answer, error).getBytes(StandardCharsets.UTF_8));
        out.endLine();
    }

    /** {"line": N, then the answer's fields or "error"}. */
    private static String line(int lineNumber, Verifier.Answer answer, String error) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.createGenerator(text)) {
            g.writeStartObject();
            g.writeFieldName(LINE);
            g.writeNumber(lineNumber);
            if (answer != null) {
                VerifyJson.writeFields(g, answer.result(), answer.notes());
            } else {
                g.writeFieldName(ERROR);
                g.writeString(error);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

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
