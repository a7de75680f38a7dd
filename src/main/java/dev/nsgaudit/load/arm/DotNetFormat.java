package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

/**
 * The composite formatting of .NET's String.Format, which format() uses: {@code {index[,alignment][:spec]}},
 * {@code {{} and {@code }}} for literal braces. Numeric specs N, D, X, F, G, P and custom 0/#/,/. patterns are
 * supported (invariant culture); other values ignore the spec, as .NET does for strings.
 */
final class DotNetFormat {

    private DotNetFormat() {
    }

    static String format(Args a, String pattern, List<JsonNode> values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '{') {
                if (i + 1 < n && pattern.charAt(i + 1) == '{') {
                    out.append('{');
                    i += 2;
                    continue;
                }
                int close = pattern.indexOf('}', i);
                if (close < 0) {
                    throw a.error("format string has '{' without '}' at position " + i);
                }
                out.append(item(a, pattern.substring(i + 1, close), values));
                i = close + 1;
            } else if (c == '}') {
                if (i + 1 < n && pattern.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw a.error("format string has '}' without '{' at position " + i);
            } else {
                out.append(c);
                i++;
            }
            if (out.length() > Limits.MAX_STRING_LENGTH) {
                throw a.error("the formatted string is longer than " + Limits.MAX_STRING_LENGTH);
            }
        }
        return out.toString();
    }

    private static String item(Args a, String item, List<JsonNode> values) {
        String spec = null;
        int colon = item.indexOf(':');
        if (colon >= 0) {
            spec = item.substring(colon + 1);
            item = item.substring(0, colon);
        }
        int alignment = 0;
        int comma = item.indexOf(',');
        String indexText = item;
        if (comma >= 0) {
            indexText = item.substring(0, comma);
            try {
                alignment = Integer.parseInt(item.substring(comma + 1).trim());
            } catch (NumberFormatException e) {
                throw a.error("bad alignment in format item {" + item + "}");
            }
        }
        int index;
        try {
            index = Integer.parseInt(indexText.trim());
        } catch (NumberFormatException e) {
            throw a.error("bad format item {" + item + "}");
        }
        if (index < 0 || index >= values.size()) {
            throw a.error("format item {" + index + "} has no argument (there are " + values.size() + ")");
        }
        String text = value(a, values.get(index), spec);
        if (Math.abs(alignment) > Limits.MAX_STRING_LENGTH) {
            throw a.error("alignment " + alignment + " is too large");
        }
        if (text.length() < Math.abs(alignment)) {
            String pad = " ".repeat(Math.abs(alignment) - text.length());
            text = alignment > 0 ? pad + text : text + pad;
        }
        return text;
    }

    private static String value(Args a, JsonNode v, String spec) {
        if (spec == null || spec.isEmpty() || !v.isNumber()) {
            return ArmValues.toText(v);
        }
        BigDecimal d = v.decimalValue();
        char kind = spec.charAt(0);
        String digitsText = spec.substring(1);
        boolean standard = Character.isLetter(kind) && digitsText.chars().allMatch(Character::isDigit);
        if (!standard) {
            return custom(a, d, spec);
        }
        Integer digits = digitsText.isEmpty() ? null : Integer.parseInt(digitsText);
        switch (Character.toUpperCase(kind)) {
            case 'N':
                return grouped(d.setScale(digits == null ? 2 : digits, RoundingMode.HALF_EVEN));
            case 'F':
                return d.setScale(digits == null ? 2 : digits, RoundingMode.HALF_EVEN).toPlainString();
            case 'D':
                return zeroPad(integral(a, d), digits);
            case 'X': {
                BigInteger value = integral(a, d);
                String hex = (value.signum() < 0 ? value.add(BigInteger.ONE.shiftLeft(64)) : value).toString(16);
                hex = kind == 'X' ? hex.toUpperCase(Locale.ROOT) : hex;
                return digits != null && hex.length() < digits ? "0".repeat(digits - hex.length()) + hex : hex;
            }
            case 'G':
                return ArmValues.toText(v);
            case 'P':
                return grouped(d.movePointRight(2).setScale(digits == null ? 2 : digits, RoundingMode.HALF_EVEN))
                        + " %";
            default:
                throw a.error("format specifier '" + spec + "' is not supported");
        }
    }

    private static BigInteger integral(Args a, BigDecimal d) {
        try {
            return d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw a.error("format specifiers D and X need an integer, not " + d);
        }
    }

    private static String zeroPad(BigInteger v, Integer digits) {
        String s = v.abs().toString();
        if (digits != null && s.length() < digits) {
            s = "0".repeat(digits - s.length()) + s;
        }
        return v.signum() < 0 ? "-" + s : s;
    }

    private static String grouped(BigDecimal d) {
        String plain = d.abs().toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot >= 0 ? plain.substring(0, dot) : plain;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                sb.append(',');
            }
            sb.append(whole.charAt(i));
        }
        if (dot >= 0) {
            sb.append(plain.substring(dot));
        }
        return (d.signum() < 0 ? "-" : "") + sb;
    }

    private static String custom(Args a, BigDecimal d, String spec) {
        if (!spec.matches("[0#,.]+")) {
            throw a.error("format specifier '" + spec + "' is not supported");
        }
        DecimalFormat f = new DecimalFormat(spec, DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_EVEN);
        return f.format(d);
    }
}
