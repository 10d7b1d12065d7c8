// JShell start-up for environment/jshell --spark: SparkRunner beside the library.
import dev.metalora.spark.*;
