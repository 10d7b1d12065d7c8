"""A java kernel started with jupyter_client, plus helpers shared by the protocol tests."""
import queue
import time
import unittest

from jupyter_client.manager import start_new_kernel

KERNEL = "java"
TIMEOUT = 60


class Kernel:
    """Starts the installed 'java' kernel; stop() shuts it down."""

    def __init__(self):
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=TIMEOUT)

    def run(self, code, timeout=TIMEOUT):
        """Executes code; returns (execute_reply content, iopub output messages)."""
        outputs = []
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append)
        return reply["content"], outputs

    def value(self, code):
        reply, outputs = self.run(code)
        assert reply["status"] == "ok", reply
        results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        return results[-1] if results else None

    def interrupt_running(self, code, started_marker):
        """Runs code, interrupts it once it has printed the marker; returns (reply content, seconds to stop)."""
        msg_id = self.kc.execute(code)
        seen = []

        def started():
            try:
                msg = self.kc.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                return False
            seen.append(msg)
            return msg["msg_type"] == "stream" and started_marker in msg["content"].get("text", "")

        if not wait_for(started, TIMEOUT):
            raise AssertionError("the cell did not start: %s" % seen)
        t0 = time.monotonic()
        self.km.interrupt_kernel()
        while True:
            reply = self.kc.get_shell_msg(timeout=10)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"], time.monotonic() - t0

    def stop(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)


def wait_for(predicate, timeout, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


class KernelTestCase(unittest.TestCase):
    """Test case sharing one kernel among its tests (self.k)."""

    @classmethod
    def setUpClass(cls):
        cls.k = Kernel()

    @classmethod
    def tearDownClass(cls):
        cls.k.stop()

    def assertInterruptStopsQuickly(self, code, started_marker, evalue_part="Interrupt", seconds=2.0):
        """Interrupts a running cell: it must end with an error within `seconds`, and the next cell run."""
        reply, took = self.k.interrupt_running(code, started_marker)
        self.assertEqual(reply["status"], "error", reply)
        self.assertIn(evalue_part, reply["evalue"])
        self.assertLess(took, seconds)
        self.assertEqual(self.k.value("1 + 1"), "2", "the next cell runs")
