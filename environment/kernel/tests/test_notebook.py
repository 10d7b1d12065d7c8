"""A notebook run headlessly with nbconvert on the installed 'java' kernel: loads the library with
%maven, calls it, and shows an XChart chart inline as image/png. Also interrupts a library loop."""
import os
import subprocess
import tempfile
import unittest

import nbformat

from kernel_session import KernelTestCase

LIBRARY = os.environ.get("METALORA_LIBRARY", "dev.metalora:metalora:0.1.0")

CELLS = [
    "%maven " + LIBRARY,
    "import dev.metalora.*;\n"
    "var r = Experiments.linear().dim(6).samples(500).outerSteps(300).fineTuneSteps(500).trials(2).run();\n"
    "r.loraMl().testLoss().mean() < r.standard().testLoss().mean()",
    "r",          # the comparison renders through the library's own hooks as an HTML table
    "r.plot()",   # and its chart as image/png, with no display(...) call
]


class HeadlessNotebook(unittest.TestCase):
    def test_library_call_and_inline_chart(self):
        work = tempfile.mkdtemp(prefix="metalora-nb-")
        src = os.path.join(work, "kernel-smoke.ipynb")
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java (metalora)", "language": "java"}
        nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
        nbformat.write(nb, src)
        env = dict(os.environ, DISPLAY="")  # headless: no X display, charts render to PNG
        subprocess.run(["jupyter", "nbconvert", "--to", "notebook", "--execute",
                        "--ExecutePreprocessor.kernel_name=java", "--ExecutePreprocessor.timeout=600",
                        "--output", "executed.ipynb", src], check=True, env=env, cwd=work)
        done = nbformat.read(os.path.join(work, "executed.ipynb"), as_version=4)
        outputs = [o for c in done.cells for o in c.get("outputs", [])]
        self.assertFalse([o for o in outputs if o["output_type"] == "error"], "no error output")
        values = [o for o in done.cells[1]["outputs"] if o["output_type"] == "execute_result"]
        self.assertEqual(values[0]["data"]["text/plain"], "true", "LoRA-ML beats SR")
        tables = [o for o in done.cells[2]["outputs"] if "text/html" in o.get("data", {})]
        self.assertEqual(len(tables), 1, done.cells[2]["outputs"])
        self.assertIn("<table", "".join(tables[0]["data"]["text/html"]))
        pngs = [o for o in done.cells[3]["outputs"] if "image/png" in o.get("data", {})]
        self.assertEqual(len(pngs), 1, done.cells[3]["outputs"])
        self.assertGreater(len(pngs[0]["data"]["image/png"]), 1000, "a real PNG, base64")


def execute_notebook(src, work):
    """Runs a notebook headlessly with nbconvert on the 'java' kernel; returns the executed notebook."""
    env = dict(os.environ, DISPLAY="")
    subprocess.run(["jupyter", "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.kernel_name=java", "--ExecutePreprocessor.timeout=600",
                    "--output-dir", work, "--output", "executed.ipynb", src], check=True, env=env, cwd=work)
    return nbformat.read(os.path.join(work, "executed.ipynb"), as_version=4)


class IJavaNotebook(unittest.TestCase):
    """A notebook written for stock IJava 1.3 (ijava-compat.ipynb) runs clean, unchanged."""

    def test_an_ijava_notebook_runs_clean(self):
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ijava-compat.ipynb")
        done = execute_notebook(src, tempfile.mkdtemp(prefix="metalora-ijava-"))
        code = [c for c in done.cells if c.cell_type == "code"]
        outputs = [o for c in code for o in c.get("outputs", [])]
        self.assertFalse([o for o in outputs if o["output_type"] == "error"], "no error output")
        self.assertFalse([o for o in outputs if o.get("name") == "stderr"], "no warnings")

        def values(cell):
            return ["".join(o["data"]["text/plain"]) for o in cell.outputs if o["output_type"] == "execute_result"]

        self.assertEqual(values(code[2]), ["Hello, IJava users!"], "a magic registered with getMagics()")
        self.assertEqual(values(code[3]), ["SHOUTING FROM A CELL MAGIC"])
        self.assertEqual(values(code[4]), ["Hello, from code!"], "lineMagic(...) in code")
        html = ["".join(o["data"]["text/html"]) for o in code[5].outputs if "text/html" in o.get("data", {})]
        self.assertEqual(html, ["<b>bold</b> from Display.display"])
        text = "".join("".join(o["text"]) for o in code[6].outputs if o["output_type"] == "stream")
        self.assertEqual(text.splitlines(), ["n       sqrt(n)"] + ["%-6d %8.4f" % (n, n ** 0.5) for n in range(1, 6)])
        self.assertEqual(values(code[7]), ['{"ijava":42}'], "gson from %maven, eval(...) in code")


class InterruptLibraryRun(KernelTestCase):
    """An interrupt stops a loop of the library's own kind (Progress.checkInterrupted once per step)."""

    def test_interrupt_stops_a_long_library_run_within_two_seconds(self):
        reply, _ = self.k.run("%maven " + LIBRARY, timeout=300)
        self.assertEqual(reply["status"], "ok", reply)
        # Load the library's natives first (ND4J's one-time start-up is not interruptible).
        reply, _ = self.k.run("dev.metalora.Experiments.linear().dim(2).samples(10).outerSteps(1).fineTuneSteps(1)"
                              ".trials(1).progress(dev.metalora.progress.Progress.none()).run();", timeout=300)
        self.assertEqual(reply["status"], "ok", reply)
        # A real run far too long to finish (hours at reference sizes): the library's loops check
        # for interruption once per step, so it must stop within two seconds.
        # One snippet (a block), so the marker is printed by the running code itself: with two
        # snippets the interrupt could land while the second still compiles, and the kernel would
        # (rightly) stop the cell before the library started.
        self.assertInterruptStopsQuickly(
            '{\n'
            '  System.out.println("training");\n'
            '  dev.metalora.Experiments.linear().dim(60).outerSteps(100000000).trials(5)'
            '.progress(dev.metalora.progress.Progress.none()).run();\n'
            '}',
            "training", evalue_part="InterruptedRunException")


if __name__ == "__main__":
    unittest.main()
