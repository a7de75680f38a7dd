package dev.nsgaudit.load.arm;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared corpus of real templates is: ../shared next to the repository (CI clones it there). */
final class CorpusSupport {

    private CorpusSupport() {
    }

    static Path root() {
        Path beside = Path.of("..", "shared", "corpus", "arm-quickstart");
        if (Files.isDirectory(beside)) {
            return beside;
        }
        return Path.of("/work/shared/corpus/arm-quickstart");
    }
}
