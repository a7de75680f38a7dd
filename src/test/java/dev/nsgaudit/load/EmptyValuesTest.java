package dev.nsgaudit.load;

import dev.nsgaudit.model.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A required value written but left empty ({@code addressPrefix: ~}, {@code subnet:}) is reported like a missing
 * one: before, the key's presence alone passed, and the subnet, network or NIC silently had no address.
 */
class EmptyValuesTest {

    @TempDir
    Path dir;

    private List<String> problems(String yaml) throws IOException {
        Path f = Files.writeString(dir.resolve("net.yaml"), yaml);
        return InputLoader.load(List.of(f)).problems().stream().map(Finding::toLine).toList();
    }

    @Test
    void emptyAddressValuesAreErrors() throws IOException {
        List<String> lines = problems("""
                virtualNetworks:
                  - name: vnet1
                    addressSpace:
                    subnets:
                      - name: app
                        addressPrefix: ~
                networkInterfaces:
                  - name: vm1
                    subnet:
                    privateIPAddress: 10.1.1.4
                """);
        assertThat(lines).anyMatch(l -> l.endsWith(":2:5: error [input-error] virtual network 'vnet1' has no"
                + " addressSpace; add one, e.g. addressSpace: [10.0.0.0/16]"));
        assertThat(lines).anyMatch(l -> l.endsWith(":5:9: error [input-error] subnet 'vnet1/app' has no"
                + " addressPrefix; add one, e.g. addressPrefix: 10.0.1.0/24"));
        assertThat(lines).anyMatch(l -> l.endsWith(":8:5: error [input-error] network interface 'vm1' has no subnet;"
                + " add subnet: <vnet>/<subnet>"));
    }
}
