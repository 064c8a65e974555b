package org.allot.examples;

import org.allot.api.FrameworkInfo;

/** What the example programs' {@code main} methods share. */
final class Mains {

    private Mains() {
    }

    static final String USAGE_COMMON = "  --master host:port   the master (default 127.0.0.1:5050)\n"
            + "  --name NAME          the framework name\n"
            + "  --role ROLE          the framework's role (default *)\n"
            + "  --user USER          the user tasks run as (default: this user)\n";

    static FrameworkInfo framework(Options o, String defaultName) {
        FrameworkInfo.Builder b = FrameworkInfo.builder(o.string("name", defaultName),
                o.string("user", System.getProperty("user.name", "nobody")));
        if (o.has("role")) {
            b.role(o.string("role", "*"));
        }
        return b.build();
    }

    /** Prints the problem and the usage and exits 2: the convention for a bad command line. */
    static void usage(String program, String usage, RuntimeException problem) {
        System.err.println(program + ": " + problem.getMessage());
        System.err.println("usage: " + program + " [options]\n" + usage);
        System.exit(2);
    }
}
