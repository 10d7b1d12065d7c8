package dev.metalora.spark;

import dev.metalora.progress.Progress;
import dev.metalora.runner.Job;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** Jobs for the tests: library-style named classes, as the Job contract asks. */
final class TestJobs {
    private TestJobs() {
    }

    /** A training failure of the job's own type. */
    static final class TrainingDiverged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TrainingDiverged(String message) {
            super(message);
        }
    }

    /** Fails on config 2 with {@link TrainingDiverged}; squares the others. */
    static final class FailsOnTwo implements Job<Integer, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer run(Integer config, Progress progress) {
            if (config == 2) {
                throw new TrainingDiverged("loss diverged at step 17 (config " + config + "); lower the learning rate");
            }
            return config * config;
        }
    }

    /** Runs until interrupted, checking once a millisecond as training steps do. Counts starts and stops (local mode: one JVM). */
    static final class UntilInterrupted implements Job<Integer, Integer> {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger STARTED = new AtomicInteger();
        static final AtomicInteger STOPPED = new AtomicInteger();

        @Override
        public Integer run(Integer config, Progress progress) {
            STARTED.incrementAndGet();
            try {
                while (true) {
                    LockSupport.parkNanos(1_000_000);
                    Progress.checkInterrupted("spinning job");
                }
            } finally {
                STOPPED.incrementAndGet();
            }
        }
    }

    /** Config 0 returns at once; any other waits (up to 30 s) for {@link #GATE}. */
    static final class Gated implements Job<Integer, Integer> {
        private static final long serialVersionUID = 1L;
        static volatile java.util.concurrent.CountDownLatch GATE = new java.util.concurrent.CountDownLatch(1);

        @Override
        public Integer run(Integer config, Progress progress) {
            if (config != 0) {
                try {
                    GATE.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new dev.metalora.progress.InterruptedRunException("gated job interrupted");
                }
            }
            return config;
        }
    }

    /** A config that holds something that cannot be serialised (a custom task family, say). */
    static final class Family {
        final double scale = 2;
    }

    static final class ConfigWithFamily implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Family family = new Family();
    }

    static final class UsesFamily implements Job<ConfigWithFamily, Double> {
        private static final long serialVersionUID = 1L;

        @Override
        public Double run(ConfigWithFamily config, Progress progress) {
            return config.family.scale;
        }
    }
}
