package dev.nsgaudit.cli;

import dev.nsgaudit.load.arm.ArmTemplateLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How inputs are read, whatever the paths are: the service tag file and the ARM parameters. A mixin of its own
 * because {@code diff} reads two versions with the same options but gives its paths another meaning.
 */
public final class LoadOptions {

    @Option(names = "--service-tags", paramLabel = "FILE",
            description = "Service tag file in the official download format (default: the bundled public-cloud snapshot).")
    Path serviceTags;

    @Option(names = "--parameters", paramLabel = "FILE",
            description = "ARM parameter file for the templates (default: the one beside each template).")
    Path parametersFile;

    @Option(names = "--parameter", paramLabel = "NAME=VALUE",
            description = "An ARM parameter value (JSON or plain text); repeatable; overrides the files.")
    Map<String, String> parameterValues = new LinkedHashMap<>();

    ArmTemplateLoader.Options armOptions() {
        return new ArmTemplateLoader.Options(parametersFile, parameterValues);
    }
}
