package dev.nsgaudit.rules;

import dev.nsgaudit.model.Severity;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The built-in rule catalog, read from the {@code rules/} data shipped in the jar, sorted by id. */
public final class RuleCatalog {

    private static final String FOLDER = "/dev/nsgaudit/rules";
    private final Map<String, CatalogRule> byId;

    private RuleCatalog(Map<String, CatalogRule> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    private static final class Bundled {
        static final RuleCatalog INSTANCE = load();
    }

    public static RuleCatalog bundled() {
        return Bundled.INSTANCE;
    }

    public List<CatalogRule> rules() {
        return List.copyOf(byId.values());
    }

    public Optional<CatalogRule> rule(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    private static RuleCatalog load() {
        URL url = RuleCatalog.class.getResource(FOLDER);
        if (url == null) {
            throw new IllegalStateException("rule catalog missing from the jar");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                return read(fs.getPath(FOLDER));
            }
            return read(Path.of(uri));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the rule catalog: " + e.getMessage(), e);
        }
    }

    private static RuleCatalog read(Path folder) throws IOException {
        Map<String, CatalogRule> rules = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted(
                    java.util.Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                CatalogRule rule = parse(new Yaml(new SafeConstructor(new LoaderOptions())).load(in),
                        file.getFileName().toString());
                rules.put(rule.id(), rule);
            }
        }
        return new RuleCatalog(rules);
    }

    @SuppressWarnings("unchecked")
    private static CatalogRule parse(Object doc, String file) {
        if (!(doc instanceof Map<?, ?> map)) {
            throw new IllegalStateException("rules/" + file + ": not a rule definition (a defect of the build)");
        }
        Map<String, Object> m = (Map<String, Object>) map;
        List<CatalogRule.Reference> refs = new ArrayList<>();
        for (Object r : (List<Object>) m.getOrDefault("references", List.of())) {
            Map<String, Object> rm = (Map<String, Object>) r;
            refs.add(new CatalogRule.Reference(String.valueOf(rm.get("title")), (String) rm.get("url")));
        }
        Map<String, Object> check = (Map<String, Object>) m.getOrDefault("check", Map.of());
        List<CatalogRule.Traffic> traffic = new ArrayList<>();
        for (Object t : (List<Object>) check.getOrDefault("traffic", List.of())) {
            Map<String, Object> tm = (Map<String, Object>) t;
            traffic.add(new CatalogRule.Traffic(String.valueOf(tm.get("protocol")), String.valueOf(tm.get("ports"))));
        }
        return new CatalogRule(String.valueOf(m.get("id")), Severity.parse(String.valueOf(m.get("severity"))),
                String.valueOf(m.get("title")), String.valueOf(m.get("description")),
                String.valueOf(m.get("rationale")), String.valueOf(m.get("remediation")), refs,
                String.valueOf(check.getOrDefault("type", "analysis")), traffic);
    }
}
