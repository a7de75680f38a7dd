package dev.nsgaudit.load;

import dev.nsgaudit.model.SourceRef;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

/**
 * Positions for the errors SnakeYAML raises without one: the alias and nesting limits (enforced while nodes are
 * composed, with no mark) and characters YAML forbids (given as a code point index). The limits are found again by
 * replaying the parser's events, which carry marks, and counting as the composer does.
 */
final class YamlLimits {

    private YamlLimits() {
    }

    /** Where the alias or nesting limit is first exceeded, or null when it is not (or the text fails before). */
    static SourceRef firstExcess(String text, String file) {
        Map<String, Boolean> anchorIsCollection = new HashMap<>();
        int depth = 0;
        int collectionAliases = 0;
        try {
            for (Event e : new Yaml(YamlLoader.options()).parse(new StringReader(text))) {
                if (e instanceof AliasEvent alias) {
                    if (Boolean.TRUE.equals(anchorIsCollection.get(alias.getAnchor()))
                            && ++collectionAliases > YamlLoader.MAX_ALIASES) {
                        return at(file, e.getStartMark());
                    }
                } else if (e instanceof NodeEvent node && node.getAnchor() != null) {
                    anchorIsCollection.put(node.getAnchor(), e instanceof CollectionStartEvent);
                }
                if (e instanceof CollectionStartEvent && ++depth > YamlLoader.MAX_NESTING) {
                    return at(file, e.getStartMark());
                } else if (e instanceof CollectionEndEvent) {
                    depth--;
                }
            }
        } catch (YAMLException e) {
            return null;
        }
        return null;
    }

    /** The position of the code point at {@code index} (0-based) in {@code text}. */
    static SourceRef at(String text, int index, String file) {
        int line = 1;
        int column = 1;
        int cp = 0;
        for (int i = 0; i < text.length() && cp < index; i += Character.charCount(text.codePointAt(i)), cp++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SourceRef(file, line, column);
    }

    private static SourceRef at(String file, Mark mark) {
        return mark == null ? SourceRef.of(file, 0) : new SourceRef(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
