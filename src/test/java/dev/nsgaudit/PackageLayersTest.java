package dev.nsgaudit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The package layering of the README (Design notes): no import runs upward, and the question packages of
 * {@code analyze} do not import each other, so that each question can change without the others. Checked on the
 * compiled main classes (tests may reach across layers).
 */
class PackageLayersTest {

    /** Lowest first: a package may use the ones before it, never one after it. */
    static final List<String> LAYERS = List.of("net", "model", "rules", "semantics", "load", "eval", "analyze", "audit",
            "report", "cli");

    /** The sub-packages of {@code analyze} that each answer one kind of question. */
    static final List<String> QUESTIONS = List.of("rules", "layers", "policies", "exposure");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.nsgaudit");

    @Test
    void noImportRunsUpward() {
        layers().check(MAIN);
    }

    @Test
    void questionPackagesDoNotImportEachOther() {
        for (ArchRule rule : questionRules()) {
            rule.check(MAIN);
        }
    }

    @Test
    void theSetEnginesDoNotImportTheQuestions() {
        noClasses().that().resideInAPackage("dev.nsgaudit.analyze.space..")
                .should().dependOnClassesThat().resideInAnyPackage(questionPackages(null))
                .because("the set engines serve every question")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    /** The questions take the narrow dependencies they need; only the composition above them knows the facade. */
    @Test
    void questionsAndSetEnginesDoNotUseTheAnalyzerFacade() {
        noClasses().that().resideInAnyPackage(questionAndSpacePackages())
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.nsgaudit.analyze.Analyzer")
                .because("each question takes the topology, evaluator, set spaces and lookups it needs (README, Design"
                        + " notes), not the whole Analyzer")
                .check(MAIN);
    }

    static ArchRule layers() {
        var architecture = layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true);
        for (String layer : LAYERS) {
            architecture = architecture.layer(layer).definedBy("dev.nsgaudit." + layer + "..");
        }
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            architecture = architecture.whereLayer(LAYERS.get(i))
                    .mayOnlyBeAccessedByLayers(LAYERS.subList(i + 1, LAYERS.size()).toArray(new String[0]));
        }
        return architecture.whereLayer(LAYERS.get(LAYERS.size() - 1)).mayNotBeAccessedByAnyLayer()
                .because("a lower package must not depend on a higher one (README, Design notes)");
    }

    static List<ArchRule> questionRules() {
        List<ArchRule> out = new ArrayList<>();
        for (String question : QUESTIONS) {
            out.add(noClasses().that().resideInAPackage("dev.nsgaudit.analyze." + question + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(questionPackages(question))
                    .because("each question of analyze uses only the analyze core and analyze.space")
                    .allowEmptyShould(true));
        }
        return out;
    }

    private static String[] questionAndSpacePackages() {
        List<String> out = new ArrayList<>(List.of(questionPackages(null)));
        out.add("dev.nsgaudit.analyze.space..");
        return out.toArray(String[]::new);
    }

    /** The question packages other than {@code except} (null: all of them), as ArchUnit package patterns. */
    private static String[] questionPackages(String except) {
        return QUESTIONS.stream().filter(q -> !q.equals(except)).map(q -> "dev.nsgaudit.analyze." + q + "..")
                .toArray(String[]::new);
    }
}
