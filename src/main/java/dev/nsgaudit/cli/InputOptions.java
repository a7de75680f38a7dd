package dev.nsgaudit.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The inputs every command reads: definition files or folders, and how to read them ({@link LoadOptions}). */
public final class InputOptions {

    @Mixin
    LoadOptions load = new LoadOptions();

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "ARM templates, YAML definition files, or folders of them (folders are searched).")
    List<Path> paths = new ArrayList<>();
}
