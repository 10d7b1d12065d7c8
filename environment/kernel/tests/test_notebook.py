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
    "import dev.metalora.results.Stat;\nStat s = Stat.of(1.0, 2.0, 3.0, 4.0);\ns.mean()",
    "import org.knowm.xchart.*;\n"
    "XYChart chart = new XYChartBuilder().width(480).height(320).title(\"squares\")\n"
    "    .xAxisTitle(\"x\").yAxisTitle(\"x^2\").build();\n"
    "chart.addSeries(\"x^2\", new double[] {1, 2, 3, 4}, new double[] {1, 4, 9, 16});\n"
    "display(BitmapEncoder.getBufferedImage(chart));",
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
        self.assertEqual(done.cells[1]["outputs"][0]["data"]["text/plain"], "2.5")
        pngs = [o for o in done.cells[2]["outputs"] if "image/png" in o.get("data", {})]
        self.assertEqual(len(pngs), 1, done.cells[2]["outputs"])
        self.assertGreater(len(pngs[0]["data"]["image/png"]), 1000, "a real PNG, base64")


class InterruptLibraryRun(KernelTestCase):
    """An interrupt stops a loop of the library's own kind (Progress.checkInterrupted once per step)."""

    def test_interrupt_stops_a_library_loop_within_two_seconds(self):
        reply, _ = self.k.run("%maven " + LIBRARY, timeout=300)
        self.assertEqual(reply["status"], "ok", reply)
        self.assertInterruptStopsQuickly(
            'for (long step = 0; ; step++) {\n'
            '  if (step == 0) System.out.println("training");\n'
            '  dev.metalora.progress.Progress.checkInterrupted("step " + step);\n}',
            "training", evalue_part="InterruptedRunException")


if __name__ == "__main__":
    unittest.main()
