package dev.metalora.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A comparison of LoRA-ML with standard retraining (the linear and shallow settings): the two
 * methods' results of type {@code M}, under the names they carry in JSON, tables and figures.
 */
public interface MethodPair<C extends Config, M extends MethodResult> extends Comparison<C, M> {
    /** JSON and table names of the methods. */
    String LORA_ML = "lora-ml", STANDARD = "standard";

    M loraMl();

    M standard();

    /** The methods by name, LoRA-ML first. */
    @Override
    default Map<String, M> methods() {
        Map<String, M> m = new LinkedHashMap<>();
        m.put(LORA_ML, loraMl());
        m.put(STANDARD, standard());
        return m;
    }

    /** The name a method is shown under in legends and tables: "LoRA-ML", "SR", "last-layer-ML", "Reptile". */
    static String display(String method) {
        return switch (method) {
            case LORA_ML -> "LoRA-ML";
            case STANDARD -> "SR";
            case "last-layer-ml" -> "last-layer-ML";
            case "reptile" -> "Reptile";
            default -> method;
        };
    }
}
