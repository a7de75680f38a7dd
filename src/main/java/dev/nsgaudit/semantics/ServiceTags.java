package dev.nsgaudit.semantics;

import dev.nsgaudit.model.InputException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.nsgaudit.model.ServiceTag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A catalog of service tags read from a file in the official download format
 * ({@code {"changeNumber", "cloud", "values": [{"name", "id", "properties": {...}}]}}). Lookup is
 * case-insensitive; the canonical spelling is the file's. The bundled snapshot is parsed on its first lookup only.
 */
public final class ServiceTags {

    public static final String BUNDLED_RESOURCE = "/dev/nsgaudit/servicetags/ServiceTags_Public.json";
    private static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private final String origin;
    /** The file's content; read on first use when the catalog is lazy, then never again. */
    private volatile Contents contents;
    private final Supplier<Contents> reader;

    /** What a tag file holds: its cloud and its tags by lower-case name. */
    private record Contents(String cloud, Map<String, ServiceTag> byKey) {
        Contents {
            byKey = Collections.unmodifiableMap(byKey);
        }
    }

    private ServiceTags(String origin, String cloud, Map<String, ServiceTag> byKey) {
        this.origin = origin;
        this.contents = new Contents(cloud, byKey);
        this.reader = null;
    }

    private ServiceTags(String origin, Supplier<Contents> reader) {
        this.origin = origin;
        this.reader = reader;
    }

    private static final class Bundled {
        static final ServiceTags INSTANCE = lazy(BUNDLED_ORIGIN,
                () -> ServiceTags.class.getResourceAsStream(BUNDLED_RESOURCE));
    }

    private static final String BUNDLED_ORIGIN = "bundled ServiceTags_Public.json";

    /**
     * The snapshot shipped with the tool (Azure public cloud). It is read on the first lookup: most inputs name no
     * tag beyond the built-in ones (VirtualNetwork, Internet, AzureLoadBalancer, and D7's platform tags), which are
     * never looked up here, and reading the 4.5 MB file was a large part of a small run's start-up.
     */
    public static ServiceTags bundled() {
        return Bundled.INSTANCE;
    }

    /** A catalog read from {@code source} (official format) on its first use; package-private for the tests. */
    static ServiceTags lazy(String origin, Supplier<InputStream> source) {
        return new ServiceTags(origin, () -> {
            try (InputStream in = source.get()) {
                if (in == null) {
                    throw new IllegalStateException(origin + " missing from the jar");
                }
                ServiceTags read = parse(in, origin);
                return read.contents();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** True once the file's content has been read (always for a catalog that is not lazy); for the tests. */
    boolean isRead() {
        return contents != null;
    }

    private Contents contents() {
        Contents c = contents;
        if (c == null) {
            synchronized (this) {
                c = contents;
                if (c == null) {
                    c = reader.get();
                    contents = c;
                }
            }
        }
        return c;
    }

    /** Reads a tag file; throws InputException with file:line:col on malformed content. */
    public static ServiceTags fromFile(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InputException(file + ": service tag file is larger than 256 MiB; pass the official download");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString());
            }
        } catch (IOException e) {
            throw new InputException(file + ": cannot read service tag file (" + e.getMessage() + ")");
        }
    }

    public static ServiceTags of(String origin, List<ServiceTag> tags) {
        Map<String, ServiceTag> map = new LinkedHashMap<>();
        for (ServiceTag t : tags) {
            map.put(t.name().toLowerCase(Locale.ROOT), t);
        }
        return new ServiceTags(origin, "", map);
    }

    static ServiceTags parse(InputStream in, String origin) throws IOException {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                .build();
        Map<String, ServiceTag> map = new LinkedHashMap<>();
        String cloud = "";
        try (JsonParser p = factory.createParser(in)) {
            expect(p, p.nextToken() == JsonToken.START_OBJECT, origin, "a JSON object at the top");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("values".equals(field)) {
                    expect(p, p.currentToken() == JsonToken.START_ARRAY, origin, "'values' to be an array");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        ServiceTag tag = readTag(p, origin);
                        map.put(tag.name().toLowerCase(Locale.ROOT), tag);
                    }
                } else if ("cloud".equals(field) && p.currentToken() == JsonToken.VALUE_STRING) {
                    cloud = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            throw new InputException(origin + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr())
                    + ": malformed service tag file (" + e.getOriginalMessage() + "); use the official download format");
        }
        return new ServiceTags(origin, cloud, map);
    }

    private static ServiceTag readTag(JsonParser p, String origin) throws IOException {
        String name = null;
        String region = "";
        String systemService = "";
        List<String> prefixes = new ArrayList<>();
        List<String> features = new ArrayList<>();
        int line = p.currentLocation().getLineNr();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("name".equals(field)) {
                name = p.getValueAsString();
            } else if ("properties".equals(field) && p.currentToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String prop = p.currentName();
                    p.nextToken();
                    switch (prop) {
                        case "region" -> region = p.getValueAsString("");
                        case "systemService" -> systemService = p.getValueAsString("");
                        case "addressPrefixes" -> readStrings(p, prefixes);
                        case "networkFeatures" -> readStrings(p, features);
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (name == null || name.isBlank()) {
            throw new InputException(origin + ":" + line + ": service tag entry without a name");
        }
        return new ServiceTag(name, region, systemService, prefixes, features);
    }

    private static void readStrings(JsonParser p, List<String> out) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            } else {
                p.skipChildren();
            }
        }
    }

    private static void expect(JsonParser p, boolean ok, String origin, String what) {
        if (!ok) {
            var loc = p.currentLocation();
            throw new InputException(origin + ":" + loc.getLineNr() + ":" + loc.getColumnNr()
                    + ": expected " + what + " (official service tag download format)");
        }
    }

    public Optional<ServiceTag> lookup(String name) {
        return name == null ? Optional.empty()
                : Optional.ofNullable(contents().byKey().get(name.toLowerCase(Locale.ROOT)));
    }

    public int size() {
        return contents().byKey().size();
    }

    public String origin() {
        return origin;
    }

    public String cloud() {
        return contents().cloud();
    }
}
