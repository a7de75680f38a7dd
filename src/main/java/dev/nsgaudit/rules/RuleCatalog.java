package dev.nsgaudit.rules;

import dev.nsgaudit.model.Severity;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The built-in rule catalog, read from the {@code rules/} data shipped in the jar, sorted by id: the one source of
 * finding ids, their default severities and their documentation. Besides the checks it holds the problems of the
 * input and the flow policies ({@link CatalogRule.Kind}), so that every id the tool reports is documented here.
 */
public final class RuleCatalog {

    private static final String FOLDER = "/dev/nsgaudit/rules";
    private static final String ANCHOR = "input-error.yaml";
    private static final Set<String> KEYS = Set.of("id", "severity", "title", "description", "rationale",
            "remediation", "references", "check");
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

    /** Every entry: checks, input problems and the flow policies. */
    public List<CatalogRule> entries() {
        return List.copyOf(byId.values());
    }

    /** The entry of any finding id. */
    public Optional<CatalogRule> entry(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The checks: what {@code check} runs and the config can disable or re-rate. */
    public List<CatalogRule> rules() {
        return byId.values().stream().filter(CatalogRule::isCheck).toList();
    }

    /** The check with this id (empty for an input problem or the flow policies, which are no checks). */
    public Optional<CatalogRule> rule(String id) {
        return entry(id).filter(CatalogRule::isCheck);
    }

    private static RuleCatalog load() {
        // The compact form the build writes (CompactCatalog); the YAML files when it is missing (classes compiled
        // without the build's process-classes step).
        try (InputStream compact = RuleCatalog.class.getResourceAsStream(FOLDER + "/" + CompactCatalog.FILE)) {
            if (compact != null) {
                return of(CompactCatalog.read(compact));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the rule catalog: " + e.getMessage(), e);
        }
        // Found through one of its files, not the folder: the package's test classes make a second folder of the
        // same name on the test class path, which holds no entry.
        URL url = RuleCatalog.class.getResource(FOLDER + "/" + ANCHOR);
        if (url == null) {
            throw new IllegalStateException("rule catalog missing from the jar");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                return readJar(new File(((JarURLConnection) url.openConnection()).getJarFileURL().toURI()));
            }
            return read(Path.of(uri).getParent());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the rule catalog: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the catalog folder from the jar's own entries. Not through a zip file system, which indexes every one
     * of the jar's thousands of entries first: that was a measurable part of a short run (issue 14).
     */
    private static RuleCatalog readJar(File jar) throws IOException {
        String prefix = FOLDER.substring(1) + "/";
        try (ZipFile zip = new ZipFile(jar)) {
            List<? extends ZipEntry> files = zip.stream()
                    .filter(e -> e.getName().startsWith(prefix) && e.getName().endsWith(".yaml")
                            && e.getName().indexOf('/', prefix.length()) < 0)
                    .sorted(java.util.Comparator.comparing(ZipEntry::getName)).toList();
            Map<String, CatalogRule> rules = new LinkedHashMap<>();
            Yaml yaml = yaml();
            for (ZipEntry file : files) {
                try (InputStream in = zip.getInputStream(file)) {
                    CatalogRule rule = parse(yaml.load(in), file.getName().substring(prefix.length()));
                    rules.put(rule.id(), rule);
                }
            }
            return new RuleCatalog(rules);
        }
    }

    /** The catalog of these entries, kept in their order (the compact form is written in catalog order). */
    static RuleCatalog of(List<CatalogRule> entries) {
        Map<String, CatalogRule> rules = new LinkedHashMap<>();
        for (CatalogRule rule : entries) {
            rules.put(rule.id(), rule);
        }
        return new RuleCatalog(rules);
    }

    /** Reads a catalog folder; an entry that is not complete and well-formed is a defect of the build. */
    static RuleCatalog read(Path folder) throws IOException {
        Map<String, CatalogRule> rules = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted(
                    java.util.Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        Yaml yaml = yaml();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                CatalogRule rule = parse(yaml.load(in), file.getFileName().toString());
                rules.put(rule.id(), rule);
            }
        }
        return new RuleCatalog(rules);
    }

    /** One parser for all files: building one is a large part of reading a small file, and they are read in turn. */
    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    private static CatalogRule parse(Object doc, String file) {
        if (!(doc instanceof Map<?, ?> map)) {
            throw defect(file, "not a rule definition");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw defect(file, "unknown key '" + key + "'");
            }
        }
        String id = text(map, "id", file);
        if (!file.equals(id + ".yaml")) {
            throw defect(file, "the id '" + id + "' is not the file name");
        }
        Severity severity;
        try {
            severity = Severity.parse(text(map, "severity", file));
        } catch (IllegalArgumentException e) {
            throw defect(file, "severity must be error, warning or info");
        }
        List<CatalogRule.Reference> refs = new ArrayList<>();
        for (Object r : list(map.get("references"), "references", file)) {
            Map<?, ?> rm = mapping(r, "a reference", file);
            Object url = rm.get("url");
            refs.add(new CatalogRule.Reference(text(rm, "title", file), url == null ? null : String.valueOf(url)));
        }
        if (refs.isEmpty()) {
            throw defect(file, "references must name at least one document");
        }
        Map<?, ?> check = mapping(map.get("check"), "check", file);
        String type = text(check, "type", file);
        if (!CatalogRule.CHECK_TYPES.contains(type) && !type.equals("input") && !type.equals("policy")) {
            throw defect(file, "check type '" + type + "' is none of " + CatalogRule.CHECK_TYPES + ", input, policy");
        }
        List<CatalogRule.Traffic> traffic = new ArrayList<>();
        for (Object t : check.get("traffic") == null ? List.of() : list(check.get("traffic"), "traffic", file)) {
            Map<?, ?> tm = mapping(t, "a traffic entry", file);
            traffic.add(new CatalogRule.Traffic(text(tm, "protocol", file), text(tm, "ports", file)));
        }
        return new CatalogRule(id, severity, text(map, "title", file), text(map, "description", file),
                text(map, "rationale", file), text(map, "remediation", file), refs, type, traffic);
    }

    private static String text(Map<?, ?> map, String key, String file) {
        Object value = map.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            throw defect(file, key + " is missing");
        }
        return String.valueOf(value);
    }

    private static List<?> list(Object value, String what, String file) {
        if (!(value instanceof List<?> l)) {
            throw defect(file, what + " must be a list");
        }
        return l;
    }

    private static Map<?, ?> mapping(Object value, String what, String file) {
        if (!(value instanceof Map<?, ?> m)) {
            throw defect(file, what + " must be a mapping");
        }
        return m;
    }

    private static IllegalStateException defect(String file, String problem) {
        return new IllegalStateException("rules/" + file + ": " + problem + " (a defect of the build)");
    }
}
