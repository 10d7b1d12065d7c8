"""Cell output through jupyter_client: nothing lost, in order, whole lines, all before the cell's idle status."""
import queue
import sys
import time
import unittest

from kernel_session import KernelTestCase, TIMEOUT


class OutputIsNeverLost(KernelTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.k.value("1 + 1")  # the first cell also starts JShell: keep that out of the times reported

    def run_collecting(self, code, timeout=TIMEOUT):
        """Runs code; returns (reply, stream messages before idle as (name, text), seconds, late stream messages)."""
        t0 = time.monotonic()
        reply, outputs = self.k.run(code, timeout=timeout)  # returns once the cell's idle status arrived
        took = time.monotonic() - t0
        streams = [(m["content"]["name"], m["content"]["text"]) for m in outputs if m["msg_type"] == "stream"]
        late = []
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            try:
                msg = self.k.kc.get_iopub_msg(timeout=0.1)
            except queue.Empty:
                continue
            if msg["msg_type"] == "stream":
                late.append(msg)
        return reply, streams, took, late

    def report(self, what, streams, took):
        sys.stderr.write("\n  [%s: %d characters in %d stream messages, %.2f s to idle] "
                         % (what, sum(len(t) for _, t in streams), len(streams), took))

    def test_a_hundred_thousand_lines_arrive_whole_and_in_order_before_idle(self):
        n = 100_000
        reply, streams, took, late = self.run_collecting(
            'for (int i = 0; i < %d; i++) System.out.println("line " + i);' % n, timeout=120)
        self.report("100 000 lines", streams, took)
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(late, [], "no output after idle")
        text = "".join(t for _, t in streams)
        self.assertEqual(text, "".join("line %d\n" % i for i in range(n)))
        self.assertLess(len(streams), 1000, "batched far below ZeroMQ's high-water mark")

    def test_a_single_ten_megabyte_line_arrives_whole_before_idle(self):
        reply, streams, took, late = self.run_collecting(
            'System.out.println("0123456789".repeat(1_000_000));', timeout=120)
        self.report("one 10 MB line", streams, took)
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(late, [])
        text = "".join(t for _, t in streams)
        self.assertEqual(len(text), 10_000_001)
        self.assertEqual(text, "0123456789" * 1_000_000 + "\n")

    def test_stdout_and_stderr_keep_their_order(self):
        reply, streams, _, _ = self.run_collecting(
            'for (int i = 0; i < 3; i++) {\n'
            '  System.out.println("out " + i);\n'
            '  System.err.println("err " + i);\n'
            '}\n'
            'System.out.println("end");')
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(streams, [("stdout", "out 0\n"), ("stderr", "err 0\n"), ("stdout", "out 1\n"),
                                   ("stderr", "err 1\n"), ("stdout", "out 2\n"), ("stderr", "err 2\n"),
                                   ("stdout", "end\n")])

    def test_a_printf_table_arrives_as_whole_lines_while_the_cell_runs(self):
        reply, streams, _, _ = self.run_collecting(
            'for (int i = 1; i <= 15; i++) {\n'
            '  printf("%6d", i);\n'
            '  Thread.sleep(40);\n'   # the 0.2 s flush falls between the columns of some rows
            '  printf("  %10.4f%n", Math.sqrt(i));\n'
            '}')
        self.assertEqual(reply["status"], "ok", reply)
        self.assertGreater(len(streams), 1, "sent while the cell runs, not only at its end")
        for _, text in streams:
            self.assertTrue(text.endswith("\n"), "a row cut in two: %r" % text)
        rows = "".join(t for _, t in streams).splitlines()
        self.assertEqual(rows, ["%6d  %10.4f" % (i, i ** 0.5) for i in range(1, 16)])

    def test_an_interrupted_cell_shows_its_output_up_to_the_interrupt(self):
        code = ('int i = 0;\n'
                'try {\n'
                '  System.out.println("started");\n'
                '  for (; ; i++) { System.out.println("line " + i); Thread.sleep(5); }\n'
                '} finally {\n'
                '  System.out.println("stopped after " + i);\n'
                '}')
        msg_id = self.k.kc.execute(code)
        streams, started = [], False
        deadline = time.monotonic() + TIMEOUT
        interrupted_at = None
        while time.monotonic() < deadline:
            msg = self.k.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                streams.append(msg["content"]["text"])
                if not started and "started" in msg["content"]["text"]:
                    started = True
                    time.sleep(0.5)
                    interrupted_at = time.monotonic()
                    self.k.km.interrupt_kernel()
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        self.assertIsNotNone(interrupted_at, "the cell started")
        lines = "".join(streams).splitlines()
        self.assertEqual(lines[0], "started")
        last = lines[-1]
        self.assertTrue(last.startswith("stopped after "), lines[-3:])
        k = int(last.split()[-1])
        self.assertGreater(k, 10, "it ran a while before the interrupt")
        self.assertEqual(lines[1:-1], ["line %d" % i for i in range(k + 1)], "every line up to the interrupt, none lost")
        sys.stderr.write("\n  [interrupted after %d lines; all arrived before idle] " % (k + 1))
        self.assertEqual(self.k.value("1 + 1"), "2")


if __name__ == "__main__":
    unittest.main()
