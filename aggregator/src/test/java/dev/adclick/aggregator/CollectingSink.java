package dev.adclick.aggregator;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A sink that collects what it is given in this JVM (a MiniCluster runs in the test's JVM), under
 * a name, in arrival order. Each test uses fresh names.
 */
final class CollectingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<Object>> COLLECTED = new ConcurrentHashMap<>();

    private final String name;

    CollectingSink(String name) {
        this.name = name;
        COLLECTED.put(name, new ConcurrentLinkedQueue<>());
    }

    @SuppressWarnings("unchecked")
    List<T> collected() {
        return new ArrayList<>((Queue<T>) (Queue<?>) COLLECTED.get(name));
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Queue<Object> into = COLLECTED.get(name);
        return new SinkWriter<>() {
            @Override public void write(T element, Context ctx) { into.add(element); }
            @Override public void flush(boolean endOfInput) { }
            @Override public void close() { }
        };
    }
}
