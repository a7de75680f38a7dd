package dev.nsgaudit.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The inputs every command reads: definition files or folders, and the service tag file. */
public final class InputOptions {

    @Option(names = "--service-tags", paramLabel = "FILE",
            description = "Service tag file in the official download format (default: the bundled public-cloud snapshot).")
    Path serviceTags;

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "YAML definition files or folders (folders are searched).")
    List<Path> paths = new ArrayList<>();
}
