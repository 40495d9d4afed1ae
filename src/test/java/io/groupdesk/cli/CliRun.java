package io.groupdesk.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/** One in-process run of the command line, with its output captured. */
record CliRun(int code, String out, String err) {

    /** Runs {@code args} against the database the {@code environment} names (a test app's environment). */
    static CliRun run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(environment);
        int code = new GroupdeskCli(env, new PrintWriter(out), new PrintWriter(err), false).execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
