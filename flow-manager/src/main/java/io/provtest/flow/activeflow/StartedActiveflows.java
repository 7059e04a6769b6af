package io.provtest.flow.activeflow;

import io.provtest.common.model.Activeflow;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The running activeflows this instance has seen, as they were started: their copy of the flow's actions, customer,
 * flow, reference and creation time, which never change afterwards. A step ({@code next}) of one known here is one
 * conditional update, instead of reading the row back with its actions' JSON first: two of the five requests each
 * provider call makes to flow-manager (bench/README.md, "What one provider call costs").
 *
 * <p>Safe with replicas and with a stop that won elsewhere: nothing kept here ever changes, and whether the activeflow
 * still runs is decided by the update's condition ({@link ActiveflowRepository#move}), as it was when the row was
 * read first. An instance that has not seen an activeflow reads it once. Bounded: beyond {@value #MAX} the least
 * recently used goes (an activeflow ended by another instance is forgotten here only then).
 */
@Singleton
public class StartedActiveflows {

    /** About a minute of provider calls at 200/s, each running for a few seconds: far more than are ever live. */
    static final int MAX = 4_096;

    private final Map<UUID, Activeflow> started = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Activeflow> eldest) {
            return size() > MAX;
        }
    };

    /** The activeflow as it was started, or null when this instance does not know it (or forgot it). */
    public synchronized Activeflow get(UUID id) {
        return started.get(id);
    }

    /** Keeps a running activeflow; an ended one is not kept. */
    public synchronized void remember(Activeflow activeflow) {
        if (Activeflow.RUNNING.equals(activeflow.status())) {
            started.put(activeflow.id(), activeflow);
        }
    }

    public synchronized void forget(UUID id) {
        started.remove(id);
    }
}
