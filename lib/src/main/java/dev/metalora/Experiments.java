package dev.metalora;

import dev.metalora.custom.CustomExperiment;
import dev.metalora.custom.TaskFamily;
import dev.metalora.peft.ModelFactory;
import dev.metalora.linear.LinearExperiment;
import dev.metalora.shallow.ShallowExperiment;
import dev.metalora.vision.VisionExperiment;
import dev.metalora.language.LanguageExperiment;

/**
 * The one entry point for experiments. Each method returns a builder whose defaults are the
 * paper's protocol, so {@code Experiments.linear().run()} reproduces the headline result. Every
 * builder and its sweeps ({@code vary("tasks", 2, 3, 5)}) run their jobs on a
 * {@link dev.metalora.runner.Runner}: this machine's cores by default, or any other with
 * {@code on(runner)} (the module {@code metalora-spark} adds Apache Spark).
 */
public final class Experiments {
    static {
        dev.metalora.display.Notebook.init();
    }

    private Experiments() {
    }

    /** LoRA-ML against standard retraining in the linear setting (PAPER.md, "Linear setting"). */
    public static LinearExperiment linear() {
        return new LinearExperiment();
    }

    /** LoRA-ML against standard retraining with a shallow network (PAPER.md, "Shallow network setting"). */
    public static ShallowExperiment shallow() {
        return new ShallowExperiment();
    }

    /**
     * The vision protocol (PAPER.md, "Vision setting") on Fashion-MNIST, or CIFAR-10 from a folder:
     * an MLP-Mixer retrained with SR, LoRA-ML, last-layer-ML and Reptile, fine-tuned on an unseen
     * class pair with LoRA and last-layer fine-tuning. The default is CPU-sized; {@code reference()}
     * gives the paper's sizes.
     */
    public static VisionExperiment vision() {
        return new VisionExperiment();
    }

    /**
     * PEFT-based meta-learning on your own model and tasks: {@code model} builds the network (its
     * linear layers from the {@link dev.metalora.peft.Linears} factory it is given, so that every
     * method can put its adapters and heads in), {@code tasks} draws the retraining and unseen tasks
     * of each trial (e.g. {@link dev.metalora.custom.SineWaves#maml()}). Retrains with SR, LoRA-ML,
     * last-layer-ML and Reptile, fine-tunes with LoRA and last-layer, over trials.
     */
    public static CustomExperiment custom(ModelFactory model, TaskFamily tasks) {
        return new CustomExperiment(model, tasks);
    }

    /**
     * The language protocol (PAPER.md, "Language setting"): a pretrained transformer (all-MiniLM-L6-v2,
     * from Maven Central) scores (context, candidate) pairs; retrained on 10 fortunes categories with
     * SR, LoRA-ML, last-layer-ML and Reptile, fine-tuned on 10 unseen ones with LoRA and last-layer
     * fine-tuning. Fortunes stand in for ConvAI2 (and MiniLM for RoBERTa-base), which cannot be
     * fetched here; {@code roberta(dir)} and {@code convai2(dir)} take them where a user brings them.
     * The default is CPU-sized; {@code reference()} gives the paper's sizes.
     */
    public static LanguageExperiment language() {
        return new LanguageExperiment();
    }
}
