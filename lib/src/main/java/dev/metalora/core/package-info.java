/**
 * The experiment core every setting is built on: a setting's builder extends {@link
 * dev.metalora.core.Experiment} (progress, {@code on(runner)}, {@code run()}), declares the
 * {@link dev.metalora.core.Parameters} its sweeps may vary, and runs through a
 * {@link dev.metalora.core.JobPlan} (one job per configuration, or {@link dev.metalora.core.TrialChunk
 * chunks of trials}) on a {@link dev.metalora.runner.Runner}. Its results are a
 * {@link dev.metalora.core.Comparison} of methods over trials (table of {@code mean [min, max]} cells,
 * JSON) and, for a {@link dev.metalora.core.SweepExperiment}, a {@link dev.metalora.core.Sweep} (one
 * comparison per value: table, JSON, CSV, figures). A setting contributes its task family, its
 * methods, its table columns and its figures; everything here is serialisable so that a runner can
 * ship configurations, jobs and results to other JVMs. Depends on results, progress, runner, plot
 * and display only.
 */
package dev.metalora.core;
