package dev.liverec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code liverec bench ...}: load generators against a running node. */
@Command(name = "bench", description = "Benchmarks against a running node.", subcommands = {BenchCommand.Api.class, BenchPublishCommand.class, BenchVerdictCommand.class})
public final class BenchCommand extends CommandGroup {
    /**
     * Signed API requests from C threads (Java HttpClient, keep-alive) until N are done; prints one JSON line with
     * throughput and latency percentiles. The body template's {@code {i}} is replaced by the request number and
     * {@code {now}} / {@code {now+N}} by Unix seconds.
     */
    @Command(name = "api", description = "Signed API request throughput and latency (one JSON line).")
    static final class Api implements Callable<Integer> {
        @Option(names = "--endpoint", defaultValue = "http://127.0.0.1:8080") URI endpoint;
        @Option(names = "--secret-id") String secretId;
        @Option(names = "--secret-key") String secretKey;
        @Option(names = "--credential", paramLabel = "ID:KEY",
                description = "More credentials (repeatable); thread t uses credential t mod count, e.g. one per account")
        List<String> credentials = new ArrayList<>();
        @Option(names = "--region") String region;
        @Option(names = "--action", defaultValue = "CreateRecordTask") String action;
        @Option(names = "--requests", defaultValue = "10000") int requests;
        @Option(names = "--concurrency", defaultValue = "16") int concurrency;
        @Option(names = "--warmup", defaultValue = "500", description = "Requests sent first and not measured") int warmup;
        @Option(names = "--client", defaultValue = "jdk",
                description = "jdk (java.net.http.HttpClient) or raw (a lean keep-alive socket client: less client CPU)")
        String clientKind;
        @Option(names = "--server-pid", description = "Also report the server's CPU time per request (Linux /proc)")
        Long serverPid;
        @Option(names = "--body", description = "JSON body template; default: a CreateRecordTask for stream bench-{i}, one hour")
        String body;

        static final String DEFAULT_BODY = "{\"DomainName\":\"bench.push.example.com\",\"AppName\":\"live\","
                + "\"StreamName\":\"bench-{i}\",\"EndTime\":{now+3600}}";

        @Override
        public Integer call() throws Exception {
            String template = body != null ? body : action.equals("CreateRecordTask") ? DEFAULT_BODY : "{}";
            HttpClient http = ApiClient.defaultHttpClient();
            List<ApiClient> clients = new ArrayList<>();
            if (secretId != null && secretKey != null) clients.add(new ApiClient(http, endpoint, secretId, secretKey, region, null));
            for (String c : credentials) {
                int colon = c.indexOf(':');
                if (colon <= 0) throw new IllegalArgumentException("--credential must be SecretId:SecretKey");
                clients.add(new ApiClient(http, endpoint, c.substring(0, colon), c.substring(colon + 1), region, null));
            }
            if (clients.isEmpty()) throw new IllegalArgumentException("give --secret-id/--secret-key or --credential");
            if ("raw".equals(clientKind) && !"http".equals(endpoint.getScheme())) {
                throw new IllegalArgumentException("--client raw speaks plain http only");
            }
            Map<String, AtomicInteger> codes = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            run(clients, template, warmup, concurrency, next, null, new ConcurrentHashMap<>());
            long[] latencies = new long[requests];
            long serverCpu0 = serverCpuNanos(), clientCpu0 = clientCpuNanos();
            long t0 = System.nanoTime();
            run(clients, template, requests, concurrency, next, (i, nanos) -> latencies[i] = nanos, codes);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long serverCpu = serverCpuNanos() - serverCpu0, clientCpu = clientCpuNanos() - clientCpu0;
            Arrays.sort(latencies);
            ObjectMapper m = new ObjectMapper();
            ObjectNode out = m.createObjectNode();
            out.put("action", action);
            out.put("endpoint", endpoint.toString());
            out.put("requests", requests);
            out.put("concurrency", concurrency);
            out.put("credentials", clients.size());
            out.put("client", clientKind);
            out.put("seconds", round(seconds));
            out.put("throughput_per_s", round(requests / seconds));
            out.put("p50_ms", round(percentile(latencies, 0.50) / 1e6));
            out.put("p99_ms", round(percentile(latencies, 0.99) / 1e6));
            out.put("max_ms", round(latencies[latencies.length - 1] / 1e6));
            if (serverPid != null && serverCpu0 >= 0) {
                out.put("server_cpu_ms_per_req", round(serverCpu / 1e6 / requests));
                out.put("server_cpu_cores_used", round(serverCpu / 1e9 / seconds));
            }
            if (clientCpu0 >= 0) out.put("client_cpu_ms_per_req", round(clientCpu / 1e6 / requests));
            out.put("load_average", round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            ObjectNode c = out.putObject("codes");
            new TreeMap<>(codes).forEach((k, v) -> c.put(k, v.get()));
            System.out.println(m.writeValueAsString(out));
            return codes.keySet().stream().allMatch("OK"::equals) ? 0 : 1;
        }

        /** utime + stime of the server process from /proc (clock ticks of 10 ms), or -1. */
        private long serverCpuNanos() {
            if (serverPid == null) return -1;
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + serverPid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // fields 14 and 15, CLK_TCK 100
            } catch (Exception e) {
                return -1;
            }
        }

        private static long clientCpuNanos() {
            var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        }

        interface Sink {
            void record(int index, long nanos);
        }

        private void run(List<ApiClient> clients, String template, int n, int threads, AtomicInteger seq, Sink sink,
                         Map<String, AtomicInteger> codes) throws InterruptedException {
            AtomicInteger taken = new AtomicInteger();
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                ApiClient client = clients.get(t % clients.size());
                KeepAliveConnection conn = "raw".equals(clientKind)
                        ? new KeepAliveConnection(client.endpoint().getHost(), port(client.endpoint())) : null;
                ts[t] = new Thread(() -> {
                    int i;
                    while ((i = taken.getAndIncrement()) < n) {
                        long now = System.currentTimeMillis() / 1000;
                        String b = template.replace("{i}", Integer.toString(seq.incrementAndGet()))
                                .replace("{now+3600}", Long.toString(now + 3600)).replace("{now}", Long.toString(now));
                        long s = System.nanoTime();
                        String code;
                        try {
                            byte[] bytes = b.getBytes(StandardCharsets.UTF_8);
                            JsonNode resp;
                            if (conn != null) {
                                KeepAliveConnection.Response r = conn.post(client.host(),
                                        client.signedHeaders(action, bytes, System.currentTimeMillis() / 1000), bytes);
                                resp = ApiClient.parse(r.status(), r.body());
                            } else {
                                resp = ApiClient.parse(client.callAsync(action, bytes).get());
                            }
                            JsonNode err = resp.path("Error").path("Code");
                            code = err.isMissingNode() ? "OK" : err.asText();
                        } catch (Exception e) {
                            code = "client:" + e.getClass().getSimpleName();
                        }
                        if (sink != null) sink.record(i, System.nanoTime() - s);
                        codes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    }
                    if (conn != null) conn.close();
                }, "bench-" + t);
                ts[t].start();
            }
            for (Thread t : ts) t.join();
        }

        private static int port(URI u) {
            return u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) return 0;
            int idx = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
        }

        private static double round(double v) {
            return Math.round(v * 100) / 100.0;
        }
    }
}
