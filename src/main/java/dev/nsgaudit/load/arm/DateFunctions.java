package dev.nsgaudit.load.arm;


import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import static dev.nsgaudit.load.arm.ArmValues.number;
import static dev.nsgaudit.load.arm.ArmValues.text;

/**
 * Date functions. utcNow() is unresolved (a new value on every deployment); dateTimeAdd() computes with ISO 8601
 * durations and, without a format, writes the result as the documented example shows ({@code 4/7/2023 2:53:14 PM});
 * the epoch conversions use whole seconds and ISO 8601 UTC text.
 */
final class DateFunctions {

    private static final DateTimeFormatter DOTNET_DEFAULT =
            DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

    private DateFunctions() {
    }

    static void register(FunctionRegistry.Registrar r) {
        r.add("utcNow", 0, 1, a -> {
            throw a.unresolved("utcNow() is the time of the deployment, which is not known offline");
        });
        r.add("dateTimeAdd", 2, 3, a -> {
            OffsetDateTime base = parse(a, a.string(0));
            OffsetDateTime result = add(a, base, a.string(1));
            return text(a.count() > 2 ? format(a, result, a.string(2)) : DOTNET_DEFAULT.format(result));
        });
        r.add("dateTimeFromEpoch", 1, 1, a -> text(DateTimeFormatter.ISO_INSTANT.format(
                Instant.ofEpochSecond(a.integer(0)))));
        r.add("dateTimeToEpoch", 1, 1, a -> number(parse(a, a.string(0)).toEpochSecond()));
    }

    private static OffsetDateTime parse(Args a, String s) {
        String iso = s.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(iso).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return OffsetDateTime.parse(iso, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX"));
                } catch (DateTimeParseException e3) {
                    throw a.error("'" + s + "' is not an ISO 8601 date and time");
                }
            }
        }
    }

    /** ISO 8601 duration such as P3Y, -P9D, PT1H or P1DT2H; the date part and time part are added in turn. */
    private static OffsetDateTime add(Args a, OffsetDateTime base, String duration) {
        String d = duration.trim().toUpperCase(Locale.ROOT);
        boolean negative = d.startsWith("-");
        if (negative) {
            d = d.substring(1);
        }
        try {
            int t = d.indexOf('T');
            String datePart = t < 0 ? d : d.substring(0, t);
            Period period = datePart.equals("P") ? Period.ZERO : Period.parse(datePart);
            Duration time = t < 0 ? Duration.ZERO : Duration.parse("P" + d.substring(t));
            return negative ? base.minus(period).minus(time) : base.plus(period).plus(time);
        } catch (DateTimeParseException e) {
            throw a.error("'" + duration + "' is not an ISO 8601 duration");
        }
    }

    /** .NET standard formats u, o, s, d and custom patterns with y M d H h m s f t. */
    private static String format(Args a, OffsetDateTime t, String spec) {
        String pattern = switch (spec) {
            case "u" -> "yyyy-MM-dd HH:mm:ss'Z'";
            case "o", "O" -> "yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'";
            case "s" -> "yyyy-MM-dd'T'HH:mm:ss";
            case "d" -> "MM/dd/yyyy";
            default -> javaPattern(spec);
        };
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.US).format(t.withOffsetSameInstant(ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            throw a.error("date format '" + spec + "' is not supported");
        }
    }

    private static String javaPattern(String spec) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if ("yMdHhms".indexOf(c) >= 0) {
                sb.append(c);
            } else if (c == 'f') {
                sb.append('S');
            } else if (c == 't') {
                sb.append(i + 1 < spec.length() && spec.charAt(i + 1) == 't' ? "" : "a");
            } else if (Character.isLetter(c) || c == '\'') {
                sb.append('\'').append(c == '\'' ? "''" : String.valueOf(c)).append('\'');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
