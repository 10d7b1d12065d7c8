package dev.metalora.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entry point of environment/bench: runs the named sections (all by default). */
public final class Bench {

    /** One benchmark section: prints its measurements and targets. */
    public interface Section {
        void run() throws Exception;
    }

    private static Map<String, Section> sections() {
        Map<String, Section> s = new LinkedHashMap<>();
        // Each feature registers its section here: name -> runnable.
        s.put("linear", LinearBench::run);
        s.put("linear-kernels", LinearBench::kernels);
        s.put("sweep", SweepBench::run);
        s.put("shallow", ShallowBench::run);
        s.put("shallow-notebook", ShallowBench::notebook);
        s.put("vision", VisionBench::run);
        s.put("language", LanguageBench::run);
        return s;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Section> all = sections();
        List<String> names = args.length == 0 ? List.copyOf(all.keySet()) : Arrays.asList(args);
        System.out.println("bench sections: " + String.join(", ", all.keySet()));
        for (String name : names) {
            Section section = all.get(name);
            if (section == null) {
                throw new IllegalArgumentException("section: unknown '" + name + "'; known: " + all.keySet());
            }
            System.out.println("\n== " + name);
            section.run();
        }
    }
}
