package dev.nsgaudit.cli;

import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;

import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11, help: every option described, alternatives shown as such, and bare nsgaudit is a usage error. */
class HelpTest {

    @Test
    void everyOptionAndParameterOfEveryCommandHasADescription() {
        CommandLine root = Main.commandLine(null);
        assertThat(root.getSubcommands()).containsOnlyKeys("verify", "effective", "show", "check", "rules", "diff", "help");
        List<String> undescribed = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(List.of(root));
        commands.addAll(root.getSubcommands().values());
        for (CommandLine c : commands) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (!o.hidden() && String.join("", o.description()).isBlank()) {
                    undescribed.add(c.getCommandName() + " " + o.longestName());
                }
            }
            for (PositionalParamSpec p : c.getCommandSpec().positionalParameters()) {
                if (!p.hidden() && String.join("", p.description()).isBlank()) {
                    undescribed.add(c.getCommandName() + " " + p.paramLabel());
                }
            }
        }
        assertThat(undescribed).isEmpty();
    }

    @Test
    void verifyShowsTheQueryFormsAsAlternatives() {
        Cli.Run r = run("verify", "--help");
        assertThat(r.code()).isZero();
        String usage = r.out().replaceAll("\\s+", " ");
        assertThat(usage).contains("(--flows=FILE|- | (--direction=Inbound|Outbound --protocol=TCP|UDP|ICMP|ESP|AH|*"
                + " --local=IP[:PORT] --remote=IP[:PORT] (--nic=NAME | --nsg=NAME)))");
        assertThat(usage).contains("'*' asks for every protocol");
    }

    @Test
    void bareNsgauditPrintsUsageAndExitsTwo() {
        Cli.Run r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Usage: nsgaudit").contains("verify").contains("check");
    }

    @Test
    void checkHelpNamesTheNewOptions() {
        String usage = run("check", "--help").out();
        assertThat(usage).contains("--quiet").contains("--check=ID").contains("--skip-check=ID")
                .contains("--severity=error|warning|info").contains("--out=DIR|-");
    }
}
