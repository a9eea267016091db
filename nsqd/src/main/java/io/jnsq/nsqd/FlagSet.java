package io.jnsq.nsqd;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line parsing with the semantics of Go's {@code flag} package, which nsqd uses: {@code -name
 * value}, {@code --name value}, {@code -name=value}; a boolean flag given bare means true and never takes
 * the next argument; parsing stops at {@code --} or at the first argument that is not a flag.
 */
final class FlagSet {

    private final String program;
    private final List<Flag<?>> flags;
    private final Map<String, Flag<?>> byName = new HashMap<>();

    FlagSet(String program, List<Flag<?>> flags) {
        this.program = program;
        this.flags = flags.stream().sorted(Comparator.comparing(Flag::name)).toList();
        for (Flag<?> flag : flags) {
            if (byName.put(flag.name(), flag) != null) {
                throw new IllegalArgumentException("flag redefined: " + flag.name());
            }
        }
    }

    CommandLine parse(String... args) throws FlagException {
        Map<Flag<?>, Object> values = new LinkedHashMap<>();
        int next = 0;
        while (next < args.length) {
            String arg = args[next];
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            next++;
            if (arg.equals("--")) {
                break;
            }
            String nameAndValue = arg.substring(arg.charAt(1) == '-' ? 2 : 1);
            if (nameAndValue.isEmpty() || nameAndValue.charAt(0) == '-' || nameAndValue.charAt(0) == '=') {
                throw new FlagException("bad flag syntax: " + arg);
            }
            int equals = nameAndValue.indexOf('=');
            String name = equals < 0 ? nameAndValue : nameAndValue.substring(0, equals);
            String value = equals < 0 ? null : nameAndValue.substring(equals + 1);
            Flag<?> flag = byName.get(name);
            if (flag == null) {
                if (name.equals("help") || name.equals("h")) {
                    return new CommandLine(values, true);
                }
                throw new FlagException("flag provided but not defined: -" + name);
            }
            if (value == null && !flag.type().isBool()) {
                if (next == args.length) {
                    throw new FlagException("flag needs an argument: -" + name);
                }
                value = args[next++];
            }
            set(values, flag, value == null ? "true" : value);
        }
        return new CommandLine(values, false);
    }

    private static <T> void set(Map<Flag<?>, Object> values, Flag<T> flag, String text) throws FlagException {
        T parsed;
        try {
            parsed = flag.type().parse(text);
        } catch (IllegalArgumentException e) {
            String kind = flag.type().isBool() ? "invalid boolean value " : "invalid value ";
            String forFlag = flag.type().isBool() ? " for -" : " for flag -";
            throw new FlagException(kind + FlagTypes.goQuote(text) + forFlag + flag.name() + ": " + e.getMessage());
        }
        @SuppressWarnings("unchecked") // only this method stores values, always under their own flag
        T earlier = (T) values.get(flag);
        values.put(flag, earlier == null ? parsed : flag.type().repeat(earlier, parsed));
    }

    /** Go's {@code PrintDefaults} layout: flags sorted by name, help on the next line, non-zero defaults. */
    String usage(NsqdConfig defaults) {
        StringBuilder out = new StringBuilder("Usage of ").append(program).append(":\n");
        for (Flag<?> flag : flags) {
            appendUsage(out, flag, defaults);
        }
        return out.toString();
    }

    private static <T> void appendUsage(StringBuilder out, Flag<T> flag, NsqdConfig defaults) {
        out.append("  -").append(flag.name());
        if (!flag.type().typeName().isEmpty()) {
            out.append(' ').append(flag.type().typeName());
        }
        out.append("\n    \t").append(flag.help().replace("\n", "\n    \t"));
        String defaultText = flag.type().describeDefault(flag.value().apply(defaults));
        if (defaultText != null) {
            out.append(" (default ").append(defaultText).append(')');
        }
        out.append('\n');
    }
}
