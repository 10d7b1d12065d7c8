package dev.metalora.vision;

import dev.metalora.display.Displayable;
import dev.metalora.display.Html;
import dev.metalora.peft.FineTuneMethod;
import dev.metalora.peft.RetrainMethod;
import dev.metalora.results.Stat;
import dev.metalora.results.Table;

import java.util.Locale;
import java.util.Map;

/**
 * The paper-text and reference-code variants of the vision comparison side by side, with the
 * reference code's own numbers (PAPER.md, "What the reference vision code does": the authors' code
 * on Fashion-MNIST at this project's CPU-sized default, seeds 1-3) at the same width where PAPER.md
 * has them (128 and 512). Cells: test accuracy on the unseen task after the last fine-tuning epoch,
 * mean ± standard error over seeds.
 *
 * @param paperText     {@code Experiments.vision()}
 * @param referenceCode {@code Experiments.vision().referenceCode()} (same sizes and seeds)
 */
public record VisionVariants(VisionComparison paperText, VisionComparison referenceCode) implements Displayable {

    /** The reference code's own last-epoch accuracy (mean, standard error) by width, retraining, then fine-tuning method. */
    public static final Map<Integer, Map<RetrainMethod, Map<FineTuneMethod, double[]>>> REFERENCE_NUMBERS = Map.of(
            128, Map.of(
                    RetrainMethod.STANDARD, cell(0.940, 0.008, 0.827, 0.020),
                    RetrainMethod.LORA_ML, cell(0.941, 0.014, 0.789, 0.027),
                    RetrainMethod.LAST_LAYER_ML, cell(0.971, 0.006, 0.810, 0.017),
                    RetrainMethod.REPTILE, cell(0.929, 0.036, 0.687, 0.015)),
            512, Map.of(
                    RetrainMethod.STANDARD, cell(0.956, 0.011, 0.888, 0.022),
                    RetrainMethod.LORA_ML, cell(0.974, 0.004, 0.861, 0.005),
                    RetrainMethod.LAST_LAYER_ML, cell(0.969, 0.002, 0.822, 0.029),
                    RetrainMethod.REPTILE, cell(0.955, 0.018, 0.712, 0.025)));

    private static Map<FineTuneMethod, double[]> cell(double lora, double loraSe, double last, double lastSe) {
        return Map.of(FineTuneMethod.LORA, new double[] {lora, loraSe}, FineTuneMethod.LAST_LAYER, new double[] {last, lastSe});
    }

    public VisionVariants {
        if (paperText == null || referenceCode == null) {
            throw new IllegalArgumentException("paperText, referenceCode: both comparisons are needed");
        }
    }

    public Table table() {
        int width = referenceCode.config().mixer().width();
        Map<RetrainMethod, Map<FineTuneMethod, double[]>> own = REFERENCE_NUMBERS.get(width);
        String ownHeader = own == null ? "reference code's own (PAPER.md has widths 128, 512)"
                : "reference code's own (PAPER.md, width " + width + ")";
        Table.Builder t = Table.of(String.format(Locale.ROOT, "%s, unseen task %s: last-epoch test accuracy, mean ± "
                        + "standard error; paper text width %d (%.0f s), reference code width %d (%.0f s)",
                paperText.config().dataset(), paperText.config().protocol().unseen(), paperText.config().mixer().width(),
                paperText.seconds(), width, referenceCode.seconds()),
                "retraining + fine-tuning", "paper text (ours)", "reference code (ours)", ownHeader);
        for (RetrainMethod r : paperText.config().methods()) {
            for (FineTuneMethod f : paperText.config().fineTunes()) {
                double[] o = own == null ? null : own.get(r).get(f);
                t.row(r.id() + " + " + f.id(), cell(paperText, r, f), cell(referenceCode, r, f),
                        o == null ? "—" : String.format(Locale.ROOT, "%.3f ± %.3f", o[0], o[1]));
            }
        }
        return t.build();
    }

    private static String cell(VisionComparison c, RetrainMethod r, FineTuneMethod f) {
        if (!c.has(r, f)) {
            return "—";
        }
        Stat s = c.get(r, f).last();
        return String.format(Locale.ROOT, "%.3f ± %.3f", s.mean(), s.stderr());
    }

    @Override
    public String html() {
        return Html.table(table());
    }

    @Override
    public String toString() {
        return table().text();
    }
}
