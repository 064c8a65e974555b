package org.allot.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration keys a launcher is given besides its named options: {@code --config file.properties}
 * (keys as in the component's Config Admin PID) and {@code --set key=value}, repeatable. Which keys are
 * valid is the component's business ({@code MasterSettings}, {@code AgentSettings}); this only collects
 * them. Immutable.
 */
final class LaunchSettings {

    private final Map<String, String> fromFile;
    private final Map<String, String> fromSet;
    private final String[] rest;
    private final List<Path> files;

    private LaunchSettings(Map<String, String> fromFile, Map<String, String> fromSet, String[] rest, List<Path> files) {
        this.fromFile = Collections.unmodifiableMap(fromFile);
        this.fromSet = Collections.unmodifiableMap(fromSet);
        this.rest = rest;
        this.files = List.copyOf(files);
    }

    /**
     * Takes {@code --config FILE}, {@code --config=FILE}, {@code --set KEY=VALUE} and {@code --set=KEY=VALUE}
     * out of {@code args}; the other arguments are left, in order, in {@link #rest()}.
     *
     * @throws IllegalArgumentException naming a {@code --set} without {@code key=value}, or a file that
     *                                  cannot be read
     */
    static LaunchSettings parse(String[] args) {
        Map<String, String> file = new LinkedHashMap<>();
        Map<String, String> set = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String option = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!option.equals("--set") && !option.equals("--config")) {
                rest.add(a);
                continue;
            }
            String value;
            if (a.length() > option.length()) {
                value = a.substring(option.length() + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            if (option.equals("--config")) {
                files.add(Path.of(value).toAbsolutePath());
                file.putAll(load(Path.of(value)));
            } else {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set " + value + ": give key=value, e.g. --set"
                            + " offer.timeout.ms=30000");
                }
                set.put(value.substring(0, eq).strip(), value.substring(eq + 1).strip());
            }
        }
        return new LaunchSettings(file, set, rest.toArray(new String[0]), files);
    }

    private static Map<String, String> load(Path path) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --config file " + path.toAbsolutePath() + ": " + e, e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            m.put(key, p.getProperty(key).strip());
        }
        return m;
    }

    /** The {@code --config} files, in order. */
    List<Path> files() {
        return files;
    }

    /** The arguments other than {@code --config} and {@code --set}. */
    String[] rest() {
        return rest.clone();
    }

    /**
     * The keys to apply: those of the {@code --config} files, then {@code options} (the launcher's named
     * options translated to keys), then each {@code --set}; a later one wins.
     */
    Map<String, String> merged(Map<String, String> options) {
        Map<String, String> m = new LinkedHashMap<>(fromFile);
        m.putAll(options);
        m.putAll(fromSet);
        return m;
    }
}
