/**
 * PEFT-based meta-learning for any DJL model: the one layer every neural setting (shallow, vision,
 * language, a user's own model) is built on.
 *
 * <h2>A model</h2>
 * Any DJL {@link ai.djl.nn.Block} whose linear layers come from a {@link dev.metalora.peft.Linears}
 * factory, by name, described by a {@link dev.metalora.peft.ModelFactory}
 * {@code (linears, seed) -> block}:
 * <pre>{@code
 *   ModelFactory mlp = (linears, seed) -> new SequentialBlock()
 *           .add(linears.linear("hidden", 1, 40, true, seed)).add(Activation::relu)
 *           .add(linears.linear("hidden2", 40, 40, true, seed + 1)).add(Activation::relu)
 *           .add(linears.head("out", 40, 1, true, seed + 2));
 * }</pre>
 * The factory decides from its configuration which layers get what: {@code Linears.plain()} (SR,
 * Reptile), {@code Linears.lora(config, T)} (one adapter per task in every layer the
 * {@link dev.metalora.peft.LoraConfig}'s targets match), {@code Linears.lastLayer(config, T)} (one
 * head per task, {@link dev.metalora.peft.TaskHeads}). Layers are {@link dev.metalora.peft.LoraLinear}s:
 * {@code y = x W^T + b + (alpha/r) dropout(x) A_t^T B_t^T}. A model wrapped as
 * {@link dev.metalora.peft.MultiTaskModel} selects task t everywhere at once, knows each parameter's
 * role (adapter, head, base) and prints what trains ({@code trainableParameters()}: "trainable
 * params: 1,254 || all params: 3,362 || trainable%: 37.2992").
 *
 * <h2>LoRA as in Hugging Face PEFT</h2>
 * {@code LoraConfig.rank(8).alpha(16).dropout(0.1).targets("query", "value")}: rank r, scale
 * alpha/r, dropout on the adapter input, target layers by name pattern (a last name component or
 * dotted suffix, or a regex on the full dotted name; none = every linear layer), bias
 * {@code KEEP} (PEFT's "none"), {@code TRAIN} ("all") or {@code DROP} (adapted layers without bias,
 * as the reference vision code). Errors: a pattern that matches nothing (naming it and the layers
 * that exist), no adapted layer, a rank above a layer's width.
 *
 * <h2>Data</h2>
 * A {@link dev.metalora.peft.Task} gives mini-batches of (input, target) arrays as a function of
 * (seed, epoch, index), a loss and a held-out score (higher is better).
 *
 * <h2>Methods</h2>
 * {@link dev.metalora.peft.Retraining} over T &gt;= 2 tasks: {@code standard()}, {@code loraMl(config)},
 * {@code lastLayerMl()}, {@code reptile()}; each with {@code epochs(n)}, {@code optimizer(spec)}
 * ({@link dev.metalora.peft.OptimizerSpec}: Adam, AdamW or SGD, weight decay, cosine or linear
 * warm-up schedule over the run, optional gradient clipping) and best-epoch selection on the tasks'
 * held-out scores. {@code run(factory, tasks, seed, manager)} gives a {@link dev.metalora.peft.Retrained}.
 * {@link dev.metalora.peft.FineTuning} on an unseen task: {@code lora(config)} or {@code lastLayer()},
 * each {@code fresh()} (default) or {@code fromTask(t)} (task t's trained adapter, both factors in
 * every layer, or task t's head); {@code run(factory, retrained.model(), task, seed, manager)} gives
 * a {@link dev.metalora.peft.FineTuned} with the score after each epoch.
 * <pre>{@code
 *   try (NDManager m = NnRuntime.newManager(Device.cpu())) {
 *       Retrained base = Retraining.loraMl(LoraConfig.rank(2)).epochs(20).run(mlp, tasks, 1, m);
 *       FineTuned ft = FineTuning.lora(LoraConfig.rank(2)).fromTask(0).epochs(10).run(mlp, base.model(), unseen, 1, m);
 *       System.out.println(ft.lastScore());
 *   }
 * }</pre>
 * Every step of every method runs on the one {@link dev.metalora.peft.TrainingLoop} (memory flat
 * over 100k steps, interruptible, a diverging run stops with its step and a hint).
 * {@link dev.metalora.peft.Checkpoint} saves retrained models atomically and refuses to load one
 * saved under another configuration. Everything is seeded from the run's seed.
 */
package dev.metalora.peft;
