package dev.adclick.cluster.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One operating-system process of the cluster (a broker, a TaskManager, a ClickHouse server, …):
 * started with its output in a log file, stopped gently by {@link #close()} or killed at once by
 * {@link #kill()} (SIGKILL, as a crash). It outlives the JVM that started it unless stopped, which
 * is what {@code deploy/local-cluster/start.sh} relies on. The chaos soak (bench/chaos) also
 * {@link #restart()}s it after a kill and {@link #suspend()}s it (SIGSTOP) for a while.
 */
public final class NodeProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path workDir;
    private final Path log;
    private final Map<String, String> env;
    /** The current incarnation: replaced by {@link #restart()}. */
    private volatile Process process;

    private NodeProcess(String name, List<String> command, Path workDir, Path log, Map<String, String> env) throws IOException {
        this.name = name;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.log = log;
        this.env = Map.copyOf(env);
        this.process = launch();
    }

    /**
     * @param name    for people: {@code kafka-1}, {@code flink-taskmanager-2}, …
     * @param command program and arguments
     * @param workDir working directory (created)
     * @param log     file receiving stdout and stderr (created)
     * @param env     extra environment variables
     */
    public static NodeProcess start(String name, List<String> command, Path workDir, Path log, Map<String, String> env) throws IOException {
        return new NodeProcess(name, command, workDir, log, env);
    }

    private Process launch() throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * Starts the same command again (same directory, environment, log appended to), as an operator
     * restarts a crashed node: its data directory is what it recovers from. Only once it has exited.
     */
    public synchronized void restart() throws IOException {
        if (process.isAlive()) throw new IllegalStateException(this + " is still running");
        process = launch();
    }

    /** SIGSTOP: the process hangs, its sockets stay open (a stalled machine, not a dead one); {@link #resume()} undoes it. */
    public void suspend() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #suspend()}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (rc != 0) throw new IOException("kill -" + signal + " " + process.pid() + " (" + name + ") exited " + rc);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Kills the process and its children at once (SIGKILL), like a machine or JVM crash. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(10);
    }

    /** Asks the process to stop (SIGTERM); kills it if it has not exited after 10 s. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        if (!awaitExit(10)) kill();
    }

    private boolean awaitExit(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Fails with the log tail if the process has exited. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; log " + log + ":\n" + logTail(40));
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ")";
    }
}
