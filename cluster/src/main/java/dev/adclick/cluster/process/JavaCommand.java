package dev.adclick.cluster.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a JVM child process: this JVM's {@code java}, heap bound, classpath, main class. */
public final class JavaCommand {
    /** What Flink's own scripts add on Java 17 ({@code env.java.opts.all} of its default config). */
    public static final List<String> FLINK_JAVA17_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final List<String> jvmOptions = new ArrayList<>();
    private final String classpath;
    private final String mainClass;
    private final List<String> args = new ArrayList<>();

    private JavaCommand(String classpath, String mainClass) {
        this.classpath = classpath;
        this.mainClass = mainClass;
    }

    /** @param classpath entries joined by the path separator; {@code dir/*} for every jar of a directory */
    public static JavaCommand of(String classpath, String mainClass) {
        return new JavaCommand(classpath, mainClass);
    }

    /** {@code java -jar JAR}: the jar's manifest names the main class and its classpath. */
    public static JavaCommand ofJar(Path jar) {
        return new JavaCommand(null, jar.toString());
    }

    public JavaCommand heap(String size) {
        jvmOptions.add("-Xmx" + size);
        jvmOptions.add("-Xms" + size);
        return this;
    }

    public JavaCommand jvm(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    public JavaCommand jvm(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    public JavaCommand args(String... a) {
        args.addAll(List.of(a));
        return this;
    }

    public List<String> build() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small heaps and few GC threads: a dozen JVMs share two cores in the loopback cluster.
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmOptions);
        if (classpath == null) {
            cmd.add("-jar");
        } else {
            cmd.add("-cp");
            cmd.add(classpath);
        }
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
