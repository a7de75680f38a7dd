package dev.nsgaudit.analyze.space;

import com.github.javabdd.BDD;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PortSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realistic witness ({@link SetAlgebra#realisticWitness}): a public source and an ephemeral source port where the
 * set has one, the smallest packet's other fields, the same packet on both engines, and always a packet of the set.
 */
class RealisticWitnessTest {

    private final HeaderSpace space = new HeaderSpace(Set.of());
    private final BddAlgebra bdds = new BddAlgebra(space);
    private final BoxAlgebra boxes = new BoxAlgebra(new BoxSpace(Set.of()));

    @AfterEach
    void close() {
        space.close();
    }

    /** Tcp from {@code sources} (source ports {@code sourcePorts}) to 10.1.1.4 on {@code port}, in one algebra. */
    private static <S> S tcp(SetAlgebra<S> a, String sources, PortSet sourcePorts, int port) {
        S traffic = a.traffic(Protocol.TCP.mask(), PortSet.range(port, port), sourcePorts);
        S src = a.sourceAddresses(AddressSet.of(sources.split(",")));
        S dst = a.destinationAddresses(AddressSet.of("10.1.1.4/32"));
        S out = a.intersect(traffic, src);
        S out2 = a.intersect(out, dst);
        a.free(traffic);
        a.free(src);
        a.free(dst);
        a.free(out);
        return out2;
    }

    /** The witness of the set both engines build, checked to agree and to be a packet of the set. */
    private HeaderWitness witness(Function<SetAlgebra<?>, Object> build) {
        return both(build, false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private HeaderWitness both(Function<SetAlgebra<?>, Object> build, boolean other) {
        BDD b = (BDD) build.apply(bdds);
        BoxSet x = (BoxSet) build.apply(boxes);
        HeaderWitness wb = other ? bdds.realisticOther(b) : bdds.realisticWitness(b);
        HeaderWitness wx = other ? boxes.realisticOther(x) : boxes.realisticWitness(x);
        assertThat(wx).as("box engine").isEqualTo(wb);
        Packet p = new Packet(wb.protocol(), wb.sourceAddress(), wb.sourcePort(), Set.copyOf(wb.sourceAsgs()),
                wb.destinationAddress(), wb.destinationPort(), Set.copyOf(wb.destinationAsgs()));
        assertThat(bdds.contains(b, p)).as("in the set").isTrue();
        assertThat(boxes.contains(x, p)).as("in the box set").isTrue();
        b.free();
        return wb;
    }

    /** The union of two {@link #tcp} sets. */
    private static <S> S union(SetAlgebra<S> a, String sources1, PortSet ports1, int port1, String sources2,
                               PortSet ports2, int port2) {
        S x = tcp(a, sources1, ports1, port1);
        S y = tcp(a, sources2, ports2, port2);
        S out = a.union(x, y);
        a.free(x);
        a.free(y);
        return out;
    }

    @Test
    void theWholeInternetGivesAPublicSourceAndAnEphemeralPort() {
        HeaderWitness w = witness(a -> tcp(a, "0.0.0.0/0", PortSet.ALL, 22));
        assertThat(w.sourceAddress()).isEqualTo(IpAddress.parse("1.0.0.0"));
        assertThat(w.sourcePort()).isEqualTo(49152);
        assertThat(w.destinationPort()).isEqualTo(22);
    }

    @Test
    void specialPurposeBlocksAreSkipped() {
        // 0/8, 10/8 and the documentation blocks come first in address order; the first public address is after them.
        HeaderWitness w = witness(a -> tcp(a, "0.0.0.0/8,10.0.0.0/8,192.0.2.0/24,198.51.100.0/24,203.0.113.0/24,"
                + "203.0.114.0/32", PortSet.ALL, 22));
        assertThat(w.sourceAddress()).isEqualTo(IpAddress.parse("203.0.114.0"));
        assertThat(w.sourcePort()).isEqualTo(49152);
        HeaderWitness v = witness(a -> tcp(a, "10.0.0.0/8,100.64.0.0/10,100.128.0.0/32", PortSet.ALL, 22));
        assertThat(v.sourceAddress()).isEqualTo(IpAddress.parse("100.128.0.0"));
    }

    @Test
    void withoutAPublicSourceTheSmallestSourceWithAnEphemeralPort() {
        HeaderWitness w = witness(a -> tcp(a, "10.0.0.0/8", PortSet.ALL, 3389));
        assertThat(w.sourceAddress()).isEqualTo(IpAddress.parse("10.0.0.0"));
        assertThat(w.sourcePort()).isEqualTo(49152);
    }

    @Test
    void withoutAnEphemeralPortTheSmallestPort() {
        HeaderWitness w = witness(a -> tcp(a, "0.0.0.0/0", PortSet.range(1000, 2000), 22));
        assertThat(w.sourceAddress()).isEqualTo(IpAddress.parse("1.0.0.0"));
        assertThat(w.sourcePort()).isEqualTo(1000);
    }

    @Test
    void aPublicSourceComesBeforeAnEphemeralPort() {
        // Public sources only on low ports, private ones on every port: the public source wins.
        HeaderWitness w = witness(a -> union(a, "52.1.0.0/16", PortSet.range(0, 1023), 22,
                "10.0.0.0/8", PortSet.ALL, 22));
        assertThat(w.sourceAddress()).isEqualTo(IpAddress.parse("52.1.0.0"));
        assertThat(w.sourcePort()).isEqualTo(0);
        // Where some public source has an ephemeral port, that one.
        HeaderWitness v = witness(a -> union(a, "52.1.0.0/16", PortSet.range(0, 1023), 22,
                "60.0.0.0/8", PortSet.range(50000, 50000), 22));
        assertThat(v.sourceAddress()).isEqualTo(IpAddress.parse("60.0.0.0"));
        assertThat(v.sourcePort()).isEqualTo(50000);
    }

    @Test
    void theDestinationStaysTheSmallestPackets() {
        // Port 22 only from private sources, 3389 from everyone: the witness keeps port 22, as the smallest packet.
        HeaderWitness w = witness(a -> union(a, "10.0.0.0/8", PortSet.ALL, 22,
                "0.0.0.0/0", PortSet.ALL, 3389));
        assertThat(w.destinationPort()).isEqualTo(22);
        assertThat(w.sourceAddress()).isEqualTo(IpAddress.parse("10.0.0.0"));
        assertThat(w.sourcePort()).isEqualTo(49152);
    }

    @Test
    void ipv6SourcesAreGlobalUnicastAndNotSpecial() {
        HeaderWitness w = witness(a -> {
            S6<?> s = new S6<>(a);
            return s.build("::/0");
        });
        assertThat(w.sourceAddress().family()).isEqualTo(IpFamily.V6);
        assertThat(SpecialPurposeAddresses.PUBLIC.contains(w.sourceAddress())).isTrue();
        assertThat(w.sourceAddress()).isEqualTo(IpAddress.parse("2000::"));
        HeaderWitness v = witness(a -> new S6<>(a).build("::/3,2001:db8::/32,fc00::/7,2400:cb00::/32"));
        assertThat(v.sourceAddress()).isEqualTo(IpAddress.parse("2400:cb00::"));
    }

    /** Tcp from IPv6 sources to 2001:db8:ffff::4 port 443. */
    private record S6<S>(SetAlgebra<S> a) {
        Object build(String sources) {
            S traffic = a.traffic(Protocol.TCP.mask(), PortSet.range(443, 443), PortSet.ALL);
            S src = a.sourceAddresses(AddressSet.of(sources.split(",")));
            S dst = a.destinationAddresses(AddressSet.of("2001:db8:ffff::4/128"));
            S x = a.intersect(traffic, src);
            S out = a.intersect(x, dst);
            a.free(traffic);
            a.free(src);
            a.free(dst);
            a.free(x);
            return out;
        }
    }

    @Test
    void realisticOtherNeverPicksTheDestinationAsSource() {
        // The only public source is the destination itself: a host's traffic to itself is no packet of a policy.
        HeaderWitness w = both(a -> {
            Object s = tcpTo(a, "52.1.1.4/32,10.0.0.0/8", "52.1.1.4/32");
            return s;
        }, true);
        assertThat(w.sourceAddress()).isEqualTo(IpAddress.parse("10.0.0.0"));
        assertThat(w.sourcePort()).isEqualTo(49152);
    }

    private static <S> Object tcpTo(SetAlgebra<S> a, String sources, String destination) {
        S traffic = a.traffic(Protocol.TCP.mask(), PortSet.range(22, 22), PortSet.ALL);
        S src = a.sourceAddresses(AddressSet.of(sources.split(",")));
        S dst = a.destinationAddresses(AddressSet.of(destination));
        S x = a.intersect(traffic, src);
        S out = a.intersect(x, dst);
        a.free(traffic);
        a.free(src);
        a.free(dst);
        a.free(x);
        return out;
    }

    @Test
    void anIcmpWitnessHasNoPortAndAPublicSource() {
        HeaderWitness w = witness(a -> {
            Object t = a.traffic(Protocol.ICMP.mask(), PortSet.ALL, PortSet.ALL);
            return t;
        });
        assertThat(w.sourcePort()).isEqualTo(-1);
        assertThat(SpecialPurposeAddresses.PUBLIC.contains(w.sourceAddress())).isTrue();
    }

    @Test
    void openPortsAreFoundExactlyAsRanges() {
        BDD set = tcp(bdds, "0.0.0.0/0", PortSet.ALL, 22);
        BDD wide = space.destinationPorts(PortSet.range(8000, 8080)).andWith(space.sourceAddresses(AddressSet.of(
                "0.0.0.0/1")));
        BDD narrow = space.destinationPorts(PortSet.range(3389, 3389)).andWith(space.sourceAddresses(AddressSet.of(
                "198.51.100.0/24")));
        BDD all = set.or(wide).orWith(narrow);
        PortSet asked = PortSet.ofRanges(List.of(new int[] {22, 22}, new int[] {80, 80}, new int[] {3389, 3389},
                new int[] {7000, 9000}));
        PortSet big = space.destinationPortsWhere(all, asked,
                b -> space.countSourceAddresses(b, IpFamily.V4) > 16_777_216);
        assertThat(big.toString()).isEqualTo("22,8000-8080");
        PortSet any = space.destinationPortsWhere(all, asked, b -> !b.isZero());
        assertThat(any.toString()).isEqualTo("22,3389,8000-8080");
        set.free();
        wide.free();
        all.free();
    }
}
