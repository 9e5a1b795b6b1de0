package dev.liverec.cli;

import dev.liverec.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line teaches itself: {@code --help}/{@code -h} on every command, {@code liverec help CMD}, and every
 * user error as one line on stderr with a hint and a non-zero exit code, never a stack trace, never ANSI escapes.
 */
class CliUsabilityTest {
    private static final String ESC = "\u001b";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    /** In this JVM, with the command line {@code main} builds. */
    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelpAndHelpCommand() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p))
                .contains("serve", "call", "credential create", "account set-state", "bench publish", "bench api");
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Run r = run(args.toArray(String[]::new));
                assertThat(r.exit()).as(args.toString()).isZero();
                assertThat(r.out()).as(args.toString()).startsWith("Usage: liverec").doesNotContain(ESC);
                assertThat(r.err()).as(args.toString()).isEmpty();
            }
            // liverec help CMD, credential help create, ...
            List<String> help = new ArrayList<>(path.subList(0, path.size() - 1));
            help.add("help");
            help.add(path.get(path.size() - 1));
            Run r = run(help.toArray(String[]::new));
            assertThat(r.exit()).as(help.toString()).isZero();
            assertThat(r.out()).as(help.toString()).startsWith("Usage: liverec").contains(path.get(path.size() - 1))
                    .doesNotContain(ESC);
        }
        Run bare = run();
        assertThat(bare.exit()).isZero();
        assertThat(bare.out()).contains("serve", "call", "help", "liverec help COMMAND").doesNotContain(ESC);
        assertThat(run("call", "--help").out()).contains("LIVEREC_ENDPOINT", "LIVEREC_SECRET_ID", "--field", "Examples:");
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> out) {
        cmd.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) return;
            List<String> p = new ArrayList<>(path);
            p.add(name);
            out.add(p);
            collect(sub, p, out);
        });
    }

    @Test
    void userErrorsAreOneLineWithAHintAndANonZeroExit() throws Exception {
        String closed = "http://127.0.0.1:" + closedPort();
        Map<String, Run> runs = Map.of(
                "unknown flag", run("call", "DescribeRecordTasks", "--frobnicate"),
                "malformed --param", run("call", "DescribeRecordTasks", "--endpoint", closed, "--secret-id", "AKIDx",
                        "--secret-key", "k", "--param", "StreamName"),
                "bad --json", run("call", "DescribeRecordTasks", "--endpoint", closed, "--secret-id", "AKIDx",
                        "--secret-key", "k", "--json", "{oops"),
                "connection refused", run("call", "DescribeRecordTasks", "--endpoint", closed, "--secret-id", "AKIDx",
                        "--secret-key", "k"),
                "missing config file", run("serve", "--config", dir.resolve("nope.yaml").toString()),
                "missing source file", run("bench", "publish", "--url", "rtmp://127.0.0.1:1/live",
                        "--source", dir.resolve("nope.flv").toString()),
                "unknown subcommand", run("credential", "rotate"),
                "bad number", run("serve", "--http-port", "eighty"));
        runs.forEach((what, r) -> {
            assertThat(r.exit()).as(what + ": " + r).isNotZero();
            assertThat(r.err()).as(what).matches("liverec( [a-z-]+)*: [^\\n]+ \\([^\\n]+\\)\\R")
                    .doesNotContain("\tat ", "Exception", ESC);
        });
        assertThat(runs.get("unknown flag").exit()).isEqualTo(2);
        assertThat(runs.get("unknown flag").err()).contains("'--frobnicate'", "liverec call --help");
        assertThat(runs.get("malformed --param").exit()).isEqualTo(2);
        assertThat(runs.get("malformed --param").err()).contains("KEY=VALUE", "StreamName");
        assertThat(runs.get("connection refused").exit()).isEqualTo(1);
        assertThat(runs.get("connection refused").err()).contains(closed, "LIVEREC_ENDPOINT");
        assertThat(runs.get("missing config file").err()).contains("nope.yaml");
        assertThat(runs.get("missing source file").err()).contains("nope.flv");
    }

    /** The real launcher path: a new JVM through {@code main}, endpoint and credential from the environment. */
    @Test
    void theLauncherReadsItsEnvironmentAndPrintsErrorsAsOneLine() throws Exception {
        String closed = "http://127.0.0.1:" + closedPort();
        CliAgainstRunningServerTest.Run r = CliAgainstRunningServerTest.liverec(Map.of("LIVEREC_ENDPOINT", closed,
                "LIVEREC_SECRET_ID", "AKIDx", "LIVEREC_SECRET_KEY", "k"), "call", "DescribeRecordTasks");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("liverec call: cannot connect to " + closed).doesNotContain("\tat ", ESC)
                .hasLineCount(1);

        CliAgainstRunningServerTest.Run noCredential = CliAgainstRunningServerTest.liverec(
                Map.of("LIVEREC_SECRET_ID", "", "LIVEREC_SECRET_KEY", ""), "call", "DescribeRecordTasks");
        assertThat(noCredential.exit()).isEqualTo(1);
        assertThat(noCredential.err()).contains("LIVEREC_SECRET_ID", "credential create").hasLineCount(1);

        CliAgainstRunningServerTest.Run help = CliAgainstRunningServerTest.liverec(Map.of(), "help", "call");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: liverec call").doesNotContain(ESC);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
