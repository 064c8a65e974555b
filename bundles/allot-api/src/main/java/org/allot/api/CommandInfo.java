package org.allot.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The command a task or executor runs: a shell command line, or an argument vector run without a
 * shell, plus environment variables to add.
 *
 * <p>With {@code shell == true} {@code argv} is {@code [command]} and the agent runs
 * {@code /bin/sh -c command}; with {@code shell == false} {@code argv[0]} is the program and the
 * rest its arguments, exec'd directly, which avoids quoting problems. Use {@link #shell(String)} or
 * {@link #argv(List)}.
 *
 * @param shell       whether to run through {@code /bin/sh -c}
 * @param argv        the command line (shell) or the program and its arguments; never empty
 * @param environment variables added to the agent's environment for this command
 */
public record CommandInfo(boolean shell, List<String> argv, Map<String, String> environment) {

    public CommandInfo {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("invalid command " + argv + ": give a command line or a program to run");
        }
        if (shell && argv.size() != 1) {
            throw new IllegalArgumentException("invalid shell command " + argv
                    + ": a shell command is one command line; use argv(...) for separate arguments");
        }
        for (String a : argv) {
            if (a.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid command " + argv + ": arguments cannot contain NUL");
            }
        }
        environment = Names.environment(environment);
    }

    /** A command line run by {@code /bin/sh -c}, e.g. {@code shell("echo hello && sleep 10")}. */
    public static CommandInfo shell(String commandLine) {
        return new CommandInfo(true, List.of(Objects.requireNonNull(commandLine, "commandLine")), Map.of());
    }

    /** A program and its arguments, exec'd without a shell, e.g. {@code argv(List.of("/bin/sleep", "10"))}. */
    public static CommandInfo argv(List<String> argv) {
        return new CommandInfo(false, argv, Map.of());
    }

    /** The same command with these environment variables (replacing any given before). */
    public CommandInfo withEnvironment(Map<String, String> env) {
        return new CommandInfo(shell, argv, env);
    }

    /** What to exec: {@code [/bin/sh, -c, command]} for shell commands, {@link #argv()} otherwise. */
    public List<String> toExecArgv() {
        if (!shell) {
            return argv;
        }
        List<String> exec = new ArrayList<>(List.of("/bin/sh", "-c"));
        exec.addAll(argv);
        return List.copyOf(exec);
    }
}
