package dev.nsgaudit.cli;

import dev.nsgaudit.load.arm.ArmTemplateLoader;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The inputs every command reads: definition files or folders, and the service tag file. */
public final class InputOptions {

    @Option(names = "--service-tags", paramLabel = "FILE",
            description = "Service tag file in the official download format (default: the bundled public-cloud snapshot).")
    Path serviceTags;

    @Option(names = "--parameters", paramLabel = "FILE",
            description = "ARM parameter file for the templates (default: the one beside each template).")
    Path parametersFile;

    @Option(names = "--parameter", paramLabel = "NAME=VALUE",
            description = "An ARM parameter value (JSON or plain text); repeatable; overrides the files.")
    Map<String, String> parameterValues = new LinkedHashMap<>();

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "ARM templates, YAML definition files, or folders of them (folders are searched).")
    List<Path> paths = new ArrayList<>();

    ArmTemplateLoader.Options armOptions() {
        return new ArmTemplateLoader.Options(parametersFile, parameterValues);
    }
}
