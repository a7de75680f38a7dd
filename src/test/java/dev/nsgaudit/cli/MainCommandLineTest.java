package dev.nsgaudit.cli;

import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: a run that names its command builds only that command's picocli model, and nothing a user sees
 * changes: the command's usage is the same as in the whole tree, and everything else still gets the whole tree.
 */
class MainCommandLineTest {

    @Test
    void aRunNamingItsCommandBuildsOnlyThatCommand() {
        assertThat(Main.commandLine("check").getSubcommands()).containsOnlyKeys("check");
        assertThat(Main.commandLine("show").getSubcommands()).containsOnlyKeys("show");
        assertThat(Main.commandLine("help").getSubcommands()).hasSize(7);
        assertThat(Main.commandLine("--help").getSubcommands()).hasSize(7);
        assertThat(Main.commandLine("chek").getSubcommands()).hasSize(7);
        assertThat(Main.commandLine(null).getSubcommands()).hasSize(7);
    }

    @Test
    void eachCommandsUsageIsTheSameAsInTheWholeTree() {
        CommandLine whole = Main.commandLine(null);
        for (String name : whole.getSubcommands().keySet()) {
            CommandLine alone = Main.commandLine(name).getSubcommands().get(name.equals("help") ? "" : name);
            if (alone == null) {
                continue; // help always gets the whole tree
            }
            assertThat(usage(alone)).as(name).isEqualTo(usage(whole.getSubcommands().get(name)));
        }
    }

    @Test
    void helpAndMisspeltCommandsStillSeeEveryCommand() {
        Cli.Run help = run("help");
        assertThat(help.out()).contains("verify").contains("effective").contains("show").contains("check")
                .contains("rules").contains("diff");
        assertThat(run("help", "check").out()).isEqualTo(run("check", "--help").out());
        Cli.Run misspelt = run("chek", "x");
        assertThat(misspelt.code()).isEqualTo(2);
        assertThat(misspelt.err()).startsWith("nsgaudit: Unmatched arguments from index 0: 'chek', 'x'");
        Cli.Run badOption = run("check", "--nope", "x");
        assertThat(badOption.code()).isEqualTo(2);
        assertThat(badOption.err()).contains("--nope").contains("Try 'nsgaudit check --help'");
    }

    private static String usage(CommandLine c) {
        StringWriter w = new StringWriter();
        c.usage(new PrintWriter(w), CommandLine.Help.Ansi.OFF);
        return w.toString();
    }
}
