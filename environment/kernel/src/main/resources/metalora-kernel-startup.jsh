// Run before a notebook's first cell: JShell's default imports and IJava's cell functions.
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
import static dev.metalora.kernel.runtime.Display.*;
