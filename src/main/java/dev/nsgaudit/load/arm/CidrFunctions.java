package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpPrefix;

import java.math.BigInteger;

import static dev.nsgaudit.load.arm.ArmValues.text;

/**
 * parseCidr, cidrSubnet and cidrHost, exact to the documented examples: IPv4 ranges have a broadcast address
 * and their usable hosts exclude the network and broadcast addresses; IPv6 ranges have no broadcast, their
 * first usable address is the network address, yet cidrHost(…, 0) is the network address plus one.
 */
final class CidrFunctions {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private CidrFunctions() {
    }

    static void register(FunctionRegistry.Registrar r) {
        r.add("parseCidr", 1, 1, CidrFunctions::parseCidr);
        r.add("cidrSubnet", 3, 3, a -> {
            IpPrefix net = prefix(a, 0);
            int bits = net.family().bits();
            long newLength = a.integer(1);
            if (newLength < net.length() || newLength > bits) {
                throw a.error("the new CIDR " + newLength + " must be between " + net.length() + " and " + bits);
            }
            long index = a.integer(2);
            BigInteger count = BigInteger.ONE.shiftLeft((int) newLength - net.length());
            if (index < 0 || BigInteger.valueOf(index).compareTo(count) >= 0) {
                throw a.error("subnet index " + index + " is out of range (there are " + count + " subnets)");
            }
            BigInteger start = value(net.network()).add(BigInteger.valueOf(index).shiftLeft(bits - (int) newLength));
            return text(address(net.family(), start) + "/" + newLength);
        });
        r.add("cidrHost", 2, 2, a -> {
            IpPrefix net = prefix(a, 0);
            long index = a.integer(1);
            BigInteger host = value(net.network()).add(BigInteger.ONE).add(BigInteger.valueOf(index));
            BigInteger last = value(net.last());
            if (net.family() == IpFamily.V4 && net.length() < 31) {
                last = last.subtract(BigInteger.ONE);
            }
            if (index < 0 || host.compareTo(last) > 0) {
                throw a.error("host index " + index + " is outside the usable addresses of " + net);
            }
            return text(address(net.family(), host).toString());
        });
    }

    private static JsonNode parseCidr(Args a) {
        IpPrefix net = prefix(a, 0);
        ObjectNode out = ArmValues.object();
        IpAddress first = net.network();
        IpAddress last = net.last();
        out.put("network", first.toString());
        out.put("netmask", mask(net).toString());
        if (net.family() == IpFamily.V4) {
            out.put("broadcast", last.toString());
            boolean tiny = net.length() >= 31;
            out.put("firstUsable", tiny ? first.toString() : first.next().toString());
            out.put("lastUsable", tiny ? last.toString() : last.previous().toString());
        } else {
            out.put("firstUsable", first.toString());
            out.put("lastUsable", last.toString());
        }
        out.put("cidr", net.length());
        return out;
    }

    private static IpAddress mask(IpPrefix net) {
        IpAddress ones = net.family() == IpFamily.V4 ? IpAddress.v4(0xFFFF_FFFFL) : IpAddress.v6(-1L, -1L);
        return ones.withHostBits(net.length(), false);
    }

    private static IpPrefix prefix(Args a, int i) {
        String text = a.string(i);
        if (text.indexOf('/') < 0) {
            throw a.error("'" + text + "' is not in CIDR notation (address/length)");
        }
        try {
            return IpPrefix.parse(text).prefix();
        } catch (IllegalArgumentException e) {
            throw a.error(e.getMessage());
        }
    }

    private static BigInteger value(IpAddress ip) {
        if (ip.family() == IpFamily.V4) {
            return BigInteger.valueOf(ip.lo());
        }
        BigInteger hi = new BigInteger(Long.toUnsignedString(ip.hi()));
        return hi.multiply(TWO_64).add(new BigInteger(Long.toUnsignedString(ip.lo())));
    }

    private static IpAddress address(IpFamily family, BigInteger v) {
        if (family == IpFamily.V4) {
            return IpAddress.v4(v.longValue());
        }
        return IpAddress.v6(v.shiftRight(64).longValue(), v.longValue());
    }
}
