package org.allot.isolation.projects.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a projects file shaped like Solaris {@code /etc/project}: one project per line,
 * {@code name:id:comment:users:groups:attributes}, {@code #} comments and blank lines ignored.
 *
 * <pre>
 * # name:id:comment:users:groups:attributes
 * batch:100:nightly jobs:*::project.max-processes=(priv,100,deny);project.max-memory=(priv,512M,deny)
 * web:101:services:alice,bob:www:project.cpu-shares=(priv,20,none)
 * </pre>
 *
 * Attributes are {@code ;}-separated {@code name=(privilege,value,action)}; values of
 * {@code project.max-memory} take a K, M, G or T suffix (powers of 1024). Every error names the
 * source, the line, the field and what was expected, e.g.
 * {@code etc/allot-projects line 3, field 2 (id): expected a non-negative integer but found 'x'}.
 */
public final class ProjectFile {

    private static final String[] FIELDS = {"name", "id", "comment", "users", "groups", "attributes"};
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]*");
    private static final Pattern CONTROL = Pattern.compile("([a-z][a-z.\\-]*)=\\((basic|priv|privileged|system),"
            + "([0-9]+[KMGTkmgt]?),(deny|none)\\)");
    private static final Set<String> SUPPORTED = Set.of(ResourceControl.MAX_PROCESSES, ResourceControl.MAX_MEMORY,
            ResourceControl.CPU_SHARES);

    private ProjectFile() {
    }

    /** The projects in {@code text} by name, in file order; {@code source} names the file in errors. */
    public static Map<String, Project> parse(String text, String source) {
        Map<String, Project> projects = new LinkedHashMap<>();
        Map<Long, String> ids = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Project p = parseLine(line, source, i + 1);
            if (projects.containsKey(p.name())) {
                throw error(source, i + 1, 1, "a project name used once, but '" + p.name() + "' is declared again");
            }
            String other = ids.putIfAbsent(p.id(), p.name());
            if (other != null) {
                throw error(source, i + 1, 2, "a project id used once, but " + p.id() + " is also project '" + other
                        + "'");
            }
            projects.put(p.name(), p);
        }
        return projects;
    }

    private static Project parseLine(String line, String source, int n) {
        String[] f = line.split(":", -1);
        if (f.length != 6) {
            throw new ProjectFileException(source + " line " + n + ": expected 6 fields name:id:comment:users:groups:"
                    + "attributes but found " + f.length + " in '" + line + "'");
        }
        if (!NAME.matcher(f[0]).matches()) {
            throw error(source, n, 1, "a name of letters, digits, '_', '-' and '.' starting with a letter but found '"
                    + f[0] + "'");
        }
        long id;
        try {
            id = Long.parseLong(f[1]);
        } catch (NumberFormatException e) {
            id = -1;
        }
        if (id < 0) {
            throw error(source, n, 2, "a non-negative integer but found '" + f[1] + "'");
        }
        return new Project(f[0], id, f[2], list(f[3]), list(f[4]), controls(f[5], source, n));
    }

    private static Map<String, ResourceControl> controls(String field, String source, int n) {
        Map<String, ResourceControl> controls = new LinkedHashMap<>();
        if (field.isBlank()) {
            return controls;
        }
        for (String attr : field.split(";")) {
            String a = attr.strip();
            if (a.isEmpty()) {
                continue;
            }
            Matcher m = CONTROL.matcher(a);
            if (!m.matches()) {
                throw error(source, n, 6, "attributes like project.max-processes=(priv,100,deny), each"
                        + " name=(basic|priv|system,value,deny|none), separated by ';', but found '" + a + "'");
            }
            String name = m.group(1);
            if (!SUPPORTED.contains(name)) {
                throw error(source, n, 6, "one of the supported attributes " + new java.util.TreeSet<>(SUPPORTED)
                        + " but found '" + name + "'");
            }
            if (controls.containsKey(name)) {
                throw error(source, n, 6, "each attribute once, but '" + name + "' is given twice");
            }
            long value = value(name, m.group(3), source, n);
            controls.put(name, new ResourceControl(name, m.group(2).equals("privileged") ? "priv" : m.group(2), value,
                    m.group(4)));
        }
        return controls;
    }

    private static long value(String attribute, String text, String source, int n) {
        char last = Character.toUpperCase(text.charAt(text.length() - 1));
        boolean suffixed = Character.isLetter(last);
        if (suffixed && !attribute.equals(ResourceControl.MAX_MEMORY)) {
            throw error(source, n, 6, "a plain number for " + attribute + " but found '" + text
                    + "' (K, M, G and T suffixes are for project.max-memory)");
        }
        long number;
        try {
            number = Long.parseLong(suffixed ? text.substring(0, text.length() - 1) : text);
        } catch (NumberFormatException e) {
            throw error(source, n, 6, "a number for " + attribute + " but found '" + text + "'");
        }
        int shift = suffixed ? 10 * ("KMGT".indexOf(last) + 1) : 0;
        if (number <= 0 || (shift > 0 && number > (Long.MAX_VALUE >> shift))) {
            throw error(source, n, 6, "a positive value for " + attribute + " but found '" + text + "'");
        }
        return number << shift;
    }

    private static List<String> list(String field) {
        List<String> result = new ArrayList<>();
        for (String s : field.split(",")) {
            if (!s.isBlank()) {
                result.add(s.strip());
            }
        }
        return result;
    }

    private static ProjectFileException error(String source, int line, int field, String expected) {
        return new ProjectFileException(String.format(Locale.ROOT, "%s line %d, field %d (%s): expected %s", source,
                line, field, FIELDS[field - 1], expected));
    }
}
