package dev.nsgaudit.report;

import dev.nsgaudit.audit.AuditedFinding;
import dev.nsgaudit.model.Finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Findings of one rule that differ only by protocol or layer ("can open Tcp 3389", "can open Udp 3389" on the same
 * target, rule and status) told once, with the list: "can open Tcp and Udp 3389". Only the words that differ are
 * listed; the example packet after ", for example" is the first finding's (the JSON, SARIF and HTML reports keep
 * every finding with its own).
 */
final class FindingGroups {

    /** Protocols, and layers named as appliedTo is written: the words a group may differ in. */
    private static final Pattern VARIABLE = Pattern.compile("\\b(?:Tcp|Udp|Icmp|Esp|Ah)\\b"
            + "|\\b(?:subnet|nic|nsg):[^\\s,;()\\]]+");
    private static final String EXAMPLE = ", for example ";

    private FindingGroups() {
    }

    /** Findings told as one line; {@code message} lists what differs. */
    record Group(List<AuditedFinding> members, String message) {

        AuditedFinding first() {
            return members.get(0);
        }
    }

    static List<Group> of(List<AuditedFinding> findings) {
        Map<List<Object>, List<AuditedFinding>> groups = new LinkedHashMap<>();
        for (AuditedFinding a : findings) {
            Finding f = a.finding();
            List<Object> key = new ArrayList<>(List.<Object>of(f.id(), f.severity(), a.status(), f.location().toString()));
            key.add(Objects.toString(a.note()));
            key.add(Objects.toString(f.networkSecurityGroup()));
            key.add(Objects.toString(f.rule()));
            key.add(Objects.toString(f.target()));
            key.add(VARIABLE.matcher(claim(f.message())).replaceAll("\u0000"));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
        }
        List<Group> out = new ArrayList<>();
        for (List<AuditedFinding> members : groups.values()) {
            out.add(new Group(members, members.size() == 1 ? members.get(0).finding().message() : merged(members)));
        }
        return out;
    }

    /** The message without its example packet, which differs between members by nature. */
    private static String claim(String message) {
        int i = message.indexOf(EXAMPLE);
        return i < 0 ? message : message.substring(0, i);
    }

    /** The first message with each variable word that differs replaced by the list of the members' words. */
    private static String merged(List<AuditedFinding> members) {
        List<List<String>> words = new ArrayList<>();
        for (AuditedFinding a : members) {
            List<String> w = new ArrayList<>();
            Matcher m = VARIABLE.matcher(claim(a.finding().message()));
            while (m.find()) {
                w.add(m.group());
            }
            words.add(w);
        }
        String first = members.get(0).finding().message();
        String claim = claim(first);
        StringBuilder out = new StringBuilder();
        Matcher m = VARIABLE.matcher(claim);
        int at = 0;
        int i = 0;
        while (m.find()) {
            Set<String> values = new LinkedHashSet<>();
            for (List<String> w : words) {
                values.add(w.get(i));
            }
            out.append(claim, at, m.start()).append(listed(new ArrayList<>(values)));
            at = m.end();
            i++;
        }
        return out.append(first.substring(at)).toString();
    }

    private static String listed(List<String> values) {
        if (values.size() == 1) {
            return values.get(0);
        }
        return String.join(", ", values.subList(0, values.size() - 1)) + " and " + values.get(values.size() - 1);
    }
}
