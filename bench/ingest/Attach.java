import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent into a running JVM: {@code java bench/ingest/Attach.java PID LIBRARY OPTIONS}.
 * For async-profiler start/stop during a measured burst (ab.sh); jcmd's JVMTI.agent_load splits
 * the agent's comma-separated options, so it cannot pass them.
 */
public final class Attach {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
