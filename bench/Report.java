import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Writes BENCHMARKS.md from what bench/run measured: for each database that has a {@code RESULTS/<db>/results.csv},
 * a table of the scenarios, the targets with whether they were met, the machine, and a chart ({@code chart.png}
 * next to the CSV). The hand-written parts (how to read the figures, what was changed and what it bought) come from
 * bench/what-we-changed.md.
 *
 * <pre>java -Djava.awt.headless=true bench/Report.java bench/results BENCHMARKS.md</pre>
 */
public final class Report {
    record Row(
            String scenario,
            String target,
            long requests,
            double rps,
            double p50,
            double p90,
            double p99,
            double max,
            long socketErrors,
            long non2xx,
            long refused,
            String rssMb) {
        long errors() {
            return socketErrors + non2xx + refused;
        }
    }

    record Scenario(String name, Row groupdesk, Row ceiling) {
        double ratio() {
            return ceiling.rps() == 0 ? 0 : groupdesk.rps() / ceiling.rps();
        }
    }

    /** One round of two targets measured side by side (show.csv, pages.csv): a run of each. */
    record Round(Run a, Run b) {}

    /** One wrk run of a side-by-side round: requests per second and p50 in ms. */
    record Run(double rps, double p50) {}

    static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put("show_group", "Show a group (`GET /api/v2/groups/{id}`)");
        TITLES.put("list_first_page", "List groups, first cursor page of 100");
        TITLES.put("list_page_90000_deep", "List groups, cursor page 90,000 groups deep");
        TITLES.put("count_groups", "Count groups (`GET /api/v2/groups/count`)");
        TITLES.put("group_memberships", "One group's memberships");
        TITLES.put("create_group", "Create a group");
        TITLES.put("create_many", "`create_many` of 100 memberships");
        TITLES.put("mix", "Zendesk v2 mix, 90% reads / 10% writes");
        TITLES.put("xml_show_group", "Zendesk classic XML: show a group");
        TITLES.put("udesk_user_groups", "Udesk: list user groups (signed)");
        TITLES.put("usedesk_groups", "Usedesk: groups of a small account");
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("--peer")) {
            StringBuilder peer = new StringBuilder();
            peer(peer, Path.of(args[1]), "#");
            Files.writeString(Path.of(args[2]), peer.toString());
            return;
        }
        Path results = Path.of(args[0]);
        Path markdown = Path.of(args[1]);
        StringBuilder out = new StringBuilder();
        out.append("# Benchmarks\n\n");
        out.append("Measured by `bench/run` (see the README's \"Benchmarks\"). Every figure below comes from one run of")
                .append(" that command; the ceiling is bench/Ceiling.java replaying the very bytes Groupdesk answered,")
                .append(" measured with the same wrk settings in the same run, so the ratio says how much of what")
                .append(" the machine allows Groupdesk gets.\n\n");
        for (String database : List.of("postgres", "h2")) {
            Path dir = results.resolve(database);
            if (Files.exists(dir.resolve("results.csv")) && Files.exists(dir.resolve("run.properties"))) {
                section(out, dir, database, markdown.toAbsolutePath().getParent());
            }
        }
        if (Files.exists(results.resolve("peer.csv")) && Files.exists(results.resolve("peer.properties"))) {
            peer(out, results, "##");
        }
        Path notes = results.getParent().resolve("what-we-changed.md");
        if (Files.exists(notes)) {
            out.append(Files.readString(notes));
        }
        Files.writeString(markdown, out.toString());
    }

    static void section(StringBuilder out, Path dir, String database, Path docRoot) throws IOException {
        Properties run = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve("run.properties"), StandardCharsets.UTF_8)) {
            run.load(reader);
        }
        List<Scenario> scenarios = read(dir.resolve("results.csv"));
        out.append("## ").append(database.equals("h2") ? "Embedded H2" : "PostgreSQL").append("\n\n");
        out.append("- Command: `").append(run.getProperty("command")).append("` (")
                .append(run.getProperty("connections")).append(" connections, ")
                .append(run.getProperty("wrk_threads")).append(" wrk threads, ")
                .append(run.getProperty("warmup_seconds")).append(" s warm-up, ")
                .append(run.getProperty("duration_seconds")).append(" s measured per scenario and server), ")
                .append(run.getProperty("date")).append("\n");
        out.append("- Machine: ").append(run.getProperty("cpu")).append(", ").append(run.getProperty("memory"))
                .append(", ").append(run.getProperty("os"))
                .append("; load average ").append(run.getProperty("load_average", "not recorded")).append("\n");
        out.append("- JDK: ").append(run.getProperty("jdk").strip()).append("; Groupdesk started with `")
                .append(run.getProperty("server_options")).append("`");
        if (!run.getProperty("postgres", "").isBlank()) {
            out.append("; PostgreSQL ").append(run.getProperty("postgres"));
        }
        out.append("; ").append(run.getProperty("wrk")).append("\n");
        if (run.getProperty("jit_warmup") != null) {
            out.append("- JIT warm-up before the scenarios: ").append(run.getProperty("jit_warmup")).append("\n");
        }
        out.append("- Data: account `bench` with 100,000 groups, 50,000 agents and 1,000,000 memberships, plus")
                .append(" 1,000 small accounts; loaded with ").append(run.getProperty("load")).append(" in ")
                .append(seconds(run.getProperty("load_seconds"))).append("\n");
        out.append("- Peak RSS of the Groupdesk process over the whole run (VmHWM): ")
                .append(run.getProperty("peak_rss_mb")).append(" MB\n\n");

        out.append("| scenario | req/s | ceiling req/s | ratio | p50 ms | p99 ms | ceiling p99 ms | errors |")
                .append(" peak RSS MB |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Scenario s : scenarios) {
            out.append("| ").append(TITLES.getOrDefault(s.name(), s.name()))
                    .append(" | ").append(fmt("%,.0f", s.groupdesk().rps()))
                    .append(" | ").append(fmt("%,.0f", s.ceiling().rps()))
                    .append(" | ").append(fmt("%.2f", s.ratio()))
                    .append(" | ").append(fmt("%.2f", s.groupdesk().p50()))
                    .append(" | ").append(fmt("%.2f", s.groupdesk().p99()))
                    .append(" | ").append(fmt("%.2f", s.ceiling().p99()))
                    .append(" | ").append(errors(s.groupdesk()))
                    .append(" | ").append(s.groupdesk().rssMb())
                    .append(" |\n");
        }
        out.append("\nErrors are socket errors + non-2xx answers + answers the script refused (a Udesk `code` other")
                .append(" than 1000, a `create_many` job item that failed).\n\n");

        Path chart = dir.resolve("chart.png");
        chart(scenarios, chart, database);
        out.append("![Requests per second and p99 latency by scenario](")
                .append(docRoot.relativize(chart.toAbsolutePath()).toString().replace('\\', '/'))
                .append(")\n\n");
        targets(
                out,
                scenarios,
                run,
                rounds(dir.resolve("show.csv"), "groupdesk", "ceiling"),
                rounds(dir.resolve("pages.csv"), "first", "deep"));
        stack(out, rounds(dir.resolve("show.csv"), "empty_javalin", "ceiling"),
                rounds(dir.resolve("show.csv"), "groupdesk", "empty_javalin"));
    }

    /** The targets bench/peer measures, in the order of its rounds, with their names in the report. */
    static final Map<String, String> PEERS = new LinkedHashMap<>();

    static {
        PEERS.put("keycloak", "Keycloak, the master realm's admin");
        PEERS.put("keycloak_realm_admin", "Keycloak, the realm's own admin");
        PEERS.put("groupdesk_h2", "Groupdesk on H2");
        PEERS.put("groupdesk_postgres", "Groupdesk on PostgreSQL");
        PEERS.put("empty_javalin", "Empty Javalin app");
        PEERS.put("ceiling", "Ceiling");
    }

    /** One wrk run of bench/peer: a line of peer.csv. Empty strings where the column does not apply. */
    record PeerRun(
            String round,
            String target,
            long requests,
            double rps,
            double p50,
            double p99,
            long errors,
            String cpuUs,
            String dbCpuUs,
            String statements) {}

    /**
     * Show-a-group side by side with Keycloak, from bench/peer's peer.csv and peer.properties: the median of the
     * rounds for each target, and each one's rate as a share of Keycloak's in the same round.
     */
    static void peer(StringBuilder out, Path results, String level) throws IOException {
        Properties run = new Properties();
        try (Reader reader = Files.newBufferedReader(results.resolve("peer.properties"), StandardCharsets.UTF_8)) {
            run.load(reader);
        }
        List<String> lines = Files.readAllLines(results.resolve("peer.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        List<PeerRun> runs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            Function<String, String> at = name -> f[header.indexOf(name)];
            runs.add(new PeerRun(at.apply("round"), at.apply("target"), Long.parseLong(at.apply("requests")),
                    Double.parseDouble(at.apply("rps")), Double.parseDouble(at.apply("p50_ms")),
                    Double.parseDouble(at.apply("p99_ms")), Long.parseLong(at.apply("errors")),
                    at.apply("cpu_us_per_request"), at.apply("db_cpu_us_per_request"),
                    at.apply("statements_per_request")));
        }
        List<String> targets = PEERS.keySet().stream()
                .filter(t -> runs.stream().anyMatch(r -> r.target().equals(t)))
                .toList();
        // each Keycloak credential measured is a baseline: a ratio column of its own
        List<String> baselines = targets.stream().filter(t -> t.startsWith("keycloak")).toList();

        out.append(level).append(" Side by side with Keycloak\n\n");
        out.append("Show-a-group with a bearer credential on the same machine in the same rounds: Keycloak's")
                .append(" `GET /admin/realms/bench/groups/{id}` with an admin's access token")
                .append(baselines.size() > 1
                        ? " (of the master realm's admin, the one Keycloak bootstraps, and of an admin of the realm"
                                + " itself, realm-management's `realm-admin`)"
                        : "")
                .append(", Groupdesk's")
                .append(" `GET /api/v2/groups/{id}.json` with an API token on H2 and on PostgreSQL, the empty Javalin")
                .append(" app and the ceiling giving Groupdesk's answer. Measured by `bench/peer` (`bench/run")
                .append(" --peer-only`), ").append(run.getProperty("rounds")).append(" rounds of ")
                .append(run.getProperty("seconds_per_run")).append(" s per target, each round starting one target")
                .append(" later, wrk with ").append(run.getProperty("wrk_threads")).append(" threads and ")
                .append(run.getProperty("connections")).append(" connections. The figures are the median round; an \"x\" column")
                .append(" is the median of each round's ratio to that Keycloak run in the same round.\n\n");
        out.append("- Command: `").append(run.getProperty("command")).append("`, ").append(run.getProperty("date"))
                .append("\n");
        out.append("- Machine: ").append(run.getProperty("cpu")).append(", ").append(run.getProperty("memory"))
                .append(", ").append(run.getProperty("os")).append("; load average ")
                .append(run.getProperty("load_average")).append("\n");
        out.append("- Keycloak: ").append(run.getProperty("keycloak")).append("; JDK ")
                .append(run.getProperty("keycloak_jdk", "").strip()).append("\n");
        out.append("- Groupdesk: JDK ").append(run.getProperty("jdk", "").strip()).append(", started with `")
                .append(run.getProperty("server_options")).append("`; PostgreSQL ")
                .append(run.getProperty("postgres")).append("; ").append(run.getProperty("wrk")).append("\n");
        out.append("- Data: ").append(fmt("%,d", Long.parseLong(run.getProperty("groups"))))
                .append(" groups in Keycloak's realm `bench` (made in one admin REST call); ")
                .append(fmt("%,d", Long.parseLong(run.getProperty("groupdesk_groups", run.getProperty("groups")))))
                .append(" in Groupdesk's account `bench` on each database (`groupdesk.jar sample-data` and `import`,")
                .append(" then `ANALYZE` on PostgreSQL)\n");
        out.append("- Warm-up: ").append(run.getProperty("warmup")).append("\n");
        out.append("- Peak RSS (VmHWM, MB): ").append(run.getProperty("peak_rss_mb")).append("\n\n");

        out.append("| show-a-group | req/s |");
        baselines.forEach(b -> out.append(" x Keycloak")
                .append(baselines.size() == 1 ? "" : b.equals("keycloak") ? " (master admin)" : " (realm admin)")
                .append(" |"));
        out.append(" p50 ms | p99 ms | CPU µs/request | + PostgreSQL µs/request | DB statements/request | errors |\n");
        out.append("|---|---:|").append("---:|".repeat(baselines.size())).append("---:|---:|---:|---:|---:|---:|\n");
        for (String target : targets) {
            List<PeerRun> mine = runs.stream().filter(r -> r.target().equals(target)).toList();
            out.append("| ").append(PEERS.get(target))
                    .append(" | ").append(fmt("%,.0f", median(mine.stream().map(PeerRun::rps).toList())));
            for (String baseline : baselines) {
                Map<String, Double> byRound = new LinkedHashMap<>();
                runs.stream().filter(r -> r.target().equals(baseline)).forEach(r -> byRound.put(r.round(), r.rps()));
                List<Double> ratios = mine.stream()
                        .filter(r -> byRound.getOrDefault(r.round(), 0.0) > 0)
                        .map(r -> r.rps() / byRound.get(r.round()))
                        .toList();
                out.append(" | ").append(ratios.isEmpty() ? "" : fmt("%.2f", median(ratios)));
            }
            out.append(" | ").append(fmt("%.2f", median(mine.stream().map(PeerRun::p50).toList())))
                    .append(" | ").append(fmt("%.2f", median(mine.stream().map(PeerRun::p99).toList())))
                    .append(" | ").append(medianOrNa(mine.stream().map(PeerRun::cpuUs).toList(), "%.0f"))
                    .append(" | ").append(medianOrNa(mine.stream().map(PeerRun::dbCpuUs).toList(), "%.0f"))
                    .append(" | ").append(medianOrNa(mine.stream().map(PeerRun::statements).toList(), "%.2f"))
                    .append(" | ").append(mine.stream().mapToLong(PeerRun::errors).sum())
                    .append(" |\n");
        }
        out.append("\nThe rounds, req/s:\n\n| round |");
        targets.forEach(target -> out.append(" ").append(PEERS.get(target)).append(" |"));
        out.append("\n|---|").append("---:|".repeat(targets.size())).append("\n");
        runs.stream().map(PeerRun::round).distinct().forEach(round -> {
            out.append("| ").append(round).append(" |");
            targets.forEach(target -> out.append(" ")
                    .append(runs.stream()
                            .filter(r -> r.round().equals(round) && r.target().equals(target))
                            .map(r -> fmt("%,.0f", r.rps()))
                            .findFirst()
                            .orElse(""))
                    .append(" |"));
            out.append("\n");
        });
        out.append("\nCPU per request is the server process's user and system time over a run (`/proc/<pid>/stat`)")
                .append(" divided by the requests it answered; for Groupdesk on PostgreSQL the next column adds its")
                .append(" pool's database backends. DB statements per request is Groupdesk's")
                .append(" `groupdesk_db_statements_total` (from `/actuator/prometheus`) before and after each run,")
                .append(" divided likewise, and n/a for a build without that counter. Keycloak runs as `kc.sh")
                .append(" start-dev` on its embedded H2 database, its own JVM options (a 512 MB heap, G1) and no")
                .append(" tuning: the figure is what its development mode gives, not its production setup. The")
                .append(" machine is shared with other work, so the absolute figures move between runs; the ratios,")
                .append(" measured in the same rounds, are what to read.\n\n");
    }

    /** The median of the numbers among {@code values}; n/a when any is n/a, empty when none applies. */
    static String medianOrNa(List<String> values, String format) {
        if (values.stream().allMatch(String::isBlank)) {
            return "";
        }
        if (values.stream().anyMatch(v -> v.isBlank() || v.equals("n/a"))) {
            return "n/a";
        }
        return fmt(format, median(values.stream().map(Double::parseDouble).toList()));
    }

    /**
     * What the HTTP stack allows: show-a-group from bench/EmptyJavalin.java, measured in the same rounds as Groupdesk
     * and the ceiling. Runs from before it was measured have no such rounds and no such paragraph.
     */
    static void stack(StringBuilder out, List<Round> emptyToCeiling, List<Round> groupdeskToEmpty) {
        if (emptyToCeiling.isEmpty()) {
            return;
        }
        out.append(fmt("The HTTP stack alone: an empty Javalin app with Groupdesk's server settings"
                                + " (`bench/EmptyJavalin.java`, the same answer, no sign-in, no database), measured in"
                                + " the same rounds, answered show-a-group at %.0f%% of the ceiling (the median round;"
                                + " %s). Groupdesk answered at %.0f%% of the empty app's rate.\n\n",
                        100 * median(emptyToCeiling.stream().map(r -> r.a().rps() / r.b().rps()).toList()),
                        emptyToCeiling.stream()
                                .map(r -> fmt("%,.0f vs %,.0f req/s", r.a().rps(), r.b().rps()))
                                .collect(Collectors.joining(", ")),
                        100 * median(groupdeskToEmpty.stream().map(r -> r.a().rps() / r.b().rps()).toList())));
    }

    static void targets(
            StringBuilder out,
            List<Scenario> scenarios,
            Properties run,
            List<Round> showRounds,
            List<Round> pageRounds) {
        Map<String, Scenario> by = new LinkedHashMap<>();
        scenarios.forEach(s -> by.put(s.name(), s));
        out.append("| target | measured | met |\n|---|---|---|\n");
        Scenario show = by.get("show_group");
        if (show != null) {
            double median = median(showRounds.stream().map(r -> r.a().rps() / r.b().rps()).toList());
            target(out, "Show a group: at least 50% of the ceiling's req/s",
                    fmt("%.0f%%, the median of %d alternating rounds side by side (%s); in the scenario above, one"
                                    + " after the other, %.0f%%",
                            100 * median,
                            showRounds.size(),
                            showRounds.stream()
                                    .map(r -> fmt("%,.0f vs %,.0f req/s", r.a().rps(), r.b().rps()))
                                    .collect(Collectors.joining(", ")),
                            100 * show.ratio()),
                    median >= 0.5);
            target(out, "Show a group: p99 under 10 ms", fmt("%.2f ms", show.groupdesk().p99()),
                    show.groupdesk().p99() < 10);
        }
        Scenario first = by.get("list_first_page");
        Scenario deep = by.get("list_page_90000_deep");
        if (!pageRounds.isEmpty()) {
            double median = median(pageRounds.stream().map(r -> r.b().p50() / r.a().p50()).toList());
            String sequential = first == null || deep == null
                    ? ""
                    : fmt("; in the scenarios above, one after the other, %.2f ms vs %.2f ms (%.2fx)",
                            deep.groupdesk().p50(), first.groupdesk().p50(), deep.groupdesk().p50() / first.groupdesk().p50());
            target(out, "Cursor page 90,000 deep within 1.2x the first page (p50)",
                    fmt("%.2fx, the median of %d alternating rounds side by side (%s)%s", median, pageRounds.size(),
                            pageRounds.stream().map(r -> fmt("%.2f vs %.2f ms", r.b().p50(), r.a().p50()))
                                    .collect(Collectors.joining(", ")),
                            sequential),
                    median <= 1.2);
        }
        Scenario count = by.get("count_groups");
        if (count != null) {
            target(out, "Count groups under 5 ms at p50", fmt("%.2f ms", count.groupdesk().p50()),
                    count.groupdesk().p50() > 0 && count.groupdesk().p50() < 5);
        }
        Scenario many = by.get("create_many");
        if (many != null) {
            boolean answered = many.groupdesk().p50() > 0; // wrk reports no latency when every request timed out
            target(out, "`create_many` of 100 under 50 ms at p50",
                    answered ? fmt("%.2f ms", many.groupdesk().p50()) : "no request finished within wrk's timeout",
                    answered && many.groupdesk().p50() < 50);
        }
        long peak = Long.parseLong(run.getProperty("peak_rss_mb", "0"));
        target(out, "Peak RSS under 400 MB through the whole run", peak + " MB", peak > 0 && peak < 400);
        long errors = scenarios.stream().mapToLong(s -> s.groupdesk().errors()).sum();
        target(out, "No errors, no non-2xx answers", errors + "", errors == 0);
        String load = run.getProperty("load_seconds", "");
        boolean bulk = run.getProperty("load", "").startsWith("groupdesk.jar");
        target(out, "1,000,000 memberships loaded in under 60 s" + (bulk ? "" : " (through the core)"),
                seconds(load) + (bulk ? "" : ", but with dev-fill SQL, which skips the core: does not count"),
                bulk && !load.isBlank() && Double.parseDouble(load) < 60);
        out.append("\n");
    }

    static void target(StringBuilder out, String what, String measured, boolean met) {
        out.append("| ").append(what).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**")
                .append(" |\n");
    }

    /**
     * The rounds of a side-by-side file that bench/run writes ({@code round,target,rps,p50_ms,p99_ms}, a line per
     * run), as pairs of target {@code a}'s run and {@code b}'s; rounds without both are left out.
     */
    static List<Round> rounds(Path csv, String a, String b) throws IOException {
        if (!Files.exists(csv)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int target = header.indexOf("target");
        Map<String, Map<String, Run>> byRound = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            byRound.computeIfAbsent(f[0], round -> new LinkedHashMap<>())
                    .put(f[target], new Run(column(header, f, "rps"), column(header, f, "p50_ms")));
        }
        List<Round> rounds = new ArrayList<>();
        byRound.values().forEach(runs -> {
            if (runs.containsKey(a) && runs.containsKey(b)) {
                rounds.add(new Round(runs.get(a), runs.get(b)));
            }
        });
        return rounds;
    }

    private static double column(List<String> header, String[] fields, String name) {
        return Double.parseDouble(fields[header.indexOf(name)]);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return (sorted.get((sorted.size() - 1) / 2) + sorted.get(sorted.size() / 2)) / 2;
    }

    static List<Scenario> read(Path csv) throws IOException {
        Map<String, Row> groupdesk = new LinkedHashMap<>();
        Map<String, Row> ceiling = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            Row row = new Row(f[0], f[1], Long.parseLong(f[2]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]),
                    Long.parseLong(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11]), f[12]);
            (row.target().equals("ceiling") ? ceiling : groupdesk).put(row.scenario(), row);
        }
        List<Scenario> scenarios = new ArrayList<>();
        groupdesk.forEach((name, row) -> {
            if (ceiling.containsKey(name)) {
                scenarios.add(new Scenario(name, row, ceiling.get(name)));
            }
        });
        return scenarios;
    }

    /** Two panels: req/s of Groupdesk beside the ceiling's (log scale), and p99 of both (log scale). */
    static void chart(List<Scenario> scenarios, Path file, String database) throws IOException {
        int width = 1400;
        int panel = 330;
        int left = 90;
        int top = 60;
        int labels = 170;
        int height = top + 2 * panel + 60 + labels;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Color groupdeskColor = new Color(0x2b6cb0);
        Color ceilingColor = new Color(0xa0aec0);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("Groupdesk on " + (database.equals("h2") ? "H2" : "PostgreSQL")
                + ": req/s (top) and p99 latency (bottom)", left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        legend(g, width - 330, 30, groupdeskColor, "Groupdesk");
        legend(g, width - 200, 30, ceilingColor, "ceiling (same bytes)");

        int plotWidth = width - left - 30;
        double slot = (double) plotWidth / scenarios.size();
        double maxRps = scenarios.stream().mapToDouble(s -> Math.max(s.groupdesk().rps(), s.ceiling().rps())).max().orElse(1);
        double maxP99 = scenarios.stream().mapToDouble(s -> Math.max(s.groupdesk().p99(), s.ceiling().p99())).max().orElse(1);
        axis(g, left, top, plotWidth, panel, 1, maxRps, "req/s");
        axis(g, left, top + panel + 40, plotWidth, panel, 0.01, maxP99, "p99 ms");
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            int x = (int) (left + i * slot + slot * 0.15);
            int bar = (int) (slot * 0.33);
            bar(g, x, top, panel, 1, maxRps, s.groupdesk().rps(), groupdeskColor, fmt("%,.0f", s.groupdesk().rps()));
            bar(g, x + bar, top, panel, 1, maxRps, s.ceiling().rps(), ceilingColor, "");
            bar(g, x, top + panel + 40, panel, 0.01, maxP99, s.groupdesk().p99(), groupdeskColor,
                    fmt("%.1f", s.groupdesk().p99()));
            bar(g, x + bar, top + panel + 40, panel, 0.01, maxP99, s.ceiling().p99(), ceilingColor, "");
            AffineTransform saved = g.getTransform();
            g.setColor(Color.BLACK);
            g.translate(x + bar, top + 2 * panel + 50);
            g.rotate(Math.toRadians(35));
            g.drawString(s.name(), 0, 0);
            g.setTransform(saved);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    static void legend(Graphics2D g, int x, int y, Color color, String text) {
        g.setColor(color);
        g.fillRect(x, y - 11, 14, 14);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 20, y);
    }

    static void axis(Graphics2D g, int left, int top, int width, int height, double min, double max, String unit) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, top, left, top + height);
        g.drawLine(left, top + height, left + width, top + height);
        g.drawString(unit + " (log)", 5, top + 10);
        for (double v = min; v <= max * 10; v *= 10) {
            int y = y(top, height, min, max, v);
            if (y < top) {
                break;
            }
            g.setColor(new Color(0xe2e8f0));
            g.drawLine(left + 1, y, left + width, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(v >= 1 ? fmt("%,.0f", v) : fmt("%.2f", v), 5, y + 4);
        }
    }

    static void bar(Graphics2D g, int x, int top, int height, double min, double max, double value, Color color,
            String label) {
        int y = y(top, height, min, max, Math.max(value, min));
        g.setColor(color);
        int w = 30;
        g.fillRect(x, y, w, top + height - y);
        if (!label.isEmpty()) {
            g.setColor(Color.BLACK);
            g.drawString(label, x, y - 4);
        }
    }

    /** Log scale from {@code min} at the bottom to a decade above {@code max} at the top. */
    static int y(int top, int height, double min, double max, double value) {
        double lo = Math.log10(min);
        double hi = Math.ceil(Math.log10(max) + 0.3);
        double share = (Math.log10(value) - lo) / (hi - lo);
        return (int) (top + height - share * height);
    }

    static String errors(Row row) {
        return row.errors() == 0
                ? "0"
                : row.errors() + " (" + row.socketErrors() + " socket, " + row.non2xx() + " non-2xx, " + row.refused()
                        + " refused)";
    }

    static String seconds(String value) {
        return value == null || value.isBlank() ? "(not measured)" : fmt("%.1f s", Double.parseDouble(value));
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
