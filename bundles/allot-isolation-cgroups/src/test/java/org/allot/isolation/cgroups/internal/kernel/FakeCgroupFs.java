package org.allot.isolation.cgroups.internal.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A fake cgroupfs in a temporary directory that behaves like the kernel where the code relies on
 * it: control files appear on mkdir with the kernel's initial contents, writes never create files,
 * {@code cgroup.kill} and SIGKILL (through {@link #signaller()}) empty {@code cgroup.procs},
 * {@code freezer.state} follows its writes, and rmdir of a cgroup with processes is refused.
 * Everything written is recorded in order for assertions.
 */
final class FakeCgroupFs implements CgroupIo {

    private final CgroupVersion version;
    private final Path root;
    final List<String> writes = new ArrayList<>();
    final List<Long> killed = new ArrayList<>();

    FakeCgroupFs(CgroupVersion version, Path root) {
        this.version = version;
        this.root = root;
    }

    /** Creates a mount point (v1: one per controller name; v2: the unified one) with root files. */
    Path mount(String relative) throws IOException {
        Path m = root.resolve(relative);
        Files.createDirectories(m);
        populate(m);
        if (version == CgroupVersion.V2) {
            put(m.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        }
        return m;
    }

    void put(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    String get(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    /** SIGKILL as the kernel does it to a cgroup member: it leaves every cgroup.procs. */
    Signaller signaller() {
        return pid -> {
            killed.add(pid);
            removeEverywhere(pid);
        };
    }

    @Override
    public String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    @Override
    public void write(Path file, String value) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        writes.add(root.relativize(file) + "=" + value);
        String name = file.getFileName().toString();
        switch (name) {
            case "cgroup.procs":
                long pid = Long.parseLong(value.strip());
                removeEverywhereIn(file.getParent(), pid);
                Files.writeString(file, read(file) + pid + "\n");
                break;
            case "cgroup.kill":
                try (Stream<Path> s = Files.walk(file.getParent())) {
                    for (Path p : (Iterable<Path>) s.filter(f -> f.getFileName().toString().equals("cgroup.procs"))::iterator) {
                        CgroupFiles.pids(read(p), p.toString()).forEach(killed::add);
                        Files.writeString(p, "");
                    }
                }
                break;
            case "cgroup.subtree_control":
                String current = read(file).strip();
                Files.writeString(file, (current.isEmpty() ? "" : current + " ") + value.substring(1) + "\n");
                break;
            default:
                Files.writeString(file, value + "\n");
        }
    }

    @Override
    public boolean mkdir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return false;
        }
        Files.createDirectory(dir);
        populate(dir);
        return true;
    }

    @Override
    public boolean rmdir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        if (!read(dir.resolve("cgroup.procs")).isBlank()) {
            throw new FileSystemException(dir.toString(), null, "Device or resource busy");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
        writes.add("rmdir " + root.relativize(dir));
        return true;
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public List<String> subdirectories(Path dir) throws IOException {
        return CgroupIo.direct().subdirectories(dir);
    }

    private void populate(Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("cgroup.procs", "");
        if (version == CgroupVersion.V1) {
            files.put("cpu.shares", "1024");
            files.put("cpu.cfs_period_us", "100000");
            files.put("cpu.cfs_quota_us", "-1");
            files.put("cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n");
            files.put("cpuacct.usage", "0");
            files.put("cpuacct.stat", "user 0\nsystem 0\n");
            files.put("memory.limit_in_bytes", "9223372036854771712");
            files.put("memory.usage_in_bytes", "0");
            files.put("memory.max_usage_in_bytes", "0");
            files.put("memory.failcnt", "0");
            files.put("memory.stat", "cache 0\nrss 0\ntotal_cache 0\ntotal_rss 0\n");
            files.put("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
            files.put("pids.max", "max");
            files.put("pids.current", "0");
            files.put("pids.events", "max 0\n");
            files.put("freezer.state", "THAWED");
        } else {
            files.put("cgroup.controllers", "cpu memory pids\n");
            files.put("cgroup.subtree_control", "");
            files.put("cgroup.kill", "");
            files.put("cgroup.freeze", "0");
            files.put("cgroup.events", "populated 0\nfrozen 0\n");
            files.put("cpu.weight", "100");
            files.put("cpu.max", "max 100000");
            files.put("cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
            files.put("memory.max", "max");
            files.put("memory.current", "0");
            files.put("memory.peak", "0");
            files.put("memory.stat", "anon 0\nfile 0\n");
            files.put("memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n");
            files.put("pids.max", "max");
            files.put("pids.current", "0");
            files.put("pids.events", "max 0\n");
        }
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.exists(f)) {
                Files.writeString(f, e.getValue());
            }
        }
    }

    private void removeEverywhere(long pid) {
        removeEverywhereIn(root, pid);
    }

    private void removeEverywhereIn(Path top, long pid) {
        // NOTE: a process is in one cgroup per hierarchy; on join it leaves its previous one there.
        Path hierarchyRoot = version == CgroupVersion.V2 ? root : top;
        try (Stream<Path> s = Files.walk(version == CgroupVersion.V2 ? hierarchyRoot : root)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.getFileName().toString().equals("cgroup.procs"))::iterator) {
                if (top != root && version == CgroupVersion.V1 && !sameMount(p, top)) {
                    continue;
                }
                Set<Long> pids = new java.util.LinkedHashSet<>(CgroupFiles.pids(read(p), p.toString()));
                if (pids.remove(pid)) {
                    StringBuilder b = new StringBuilder();
                    pids.forEach(x -> b.append(x).append('\n'));
                    Files.writeString(p, b.toString());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean sameMount(Path a, Path b) {
        Path ra = root.relativize(a);
        Path rb = root.relativize(b);
        return ra.getName(0).equals(rb.getName(0));
    }
}
