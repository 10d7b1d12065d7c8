"""Security, interrupts and error handling of the installed 'java' kernel, through jupyter_client."""
import json
import os
import subprocess
import tempfile
import time
import unittest

import zmq
from jupyter_client.session import Session

from kernel_session import KernelTestCase


class SignatureAndBinding(KernelTestCase):
    def test_badly_signed_execute_request_is_dropped_and_the_kernel_keeps_serving(self):
        target = os.path.join(tempfile.mkdtemp(prefix="metalora-hmac-"), "created-by-forged-request")
        info = self.k.km.get_connection_info()
        forger = Session(key=b"not-the-connection-key", signature_scheme=info["signature_scheme"])
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.linger = 0
        sock.connect("%s://%s:%d" % (info["transport"], info["ip"], info["shell_port"]))
        code = 'java.nio.file.Files.createFile(java.nio.file.Path.of("%s"));' % target
        forger.send(sock, "execute_request", content={
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        self.assertEqual(sock.poll(3000), 0, "the kernel must not answer a forged request")
        sock.close()
        self.assertFalse(os.path.exists(target), "the forged cell ran")
        # The same code, signed with the connection key, runs: the forged one was dropped, not broken.
        self.assertEqual(self.k.value('java.nio.file.Files.exists(java.nio.file.Path.of("%s"))' % target), "false")
        reply, _ = self.k.run(code)
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(os.path.exists(target))

    def test_kernel_listens_only_on_the_connection_files_address(self):
        info = self.k.km.get_connection_info()
        self.assertEqual(info["ip"], "127.0.0.1")
        ports = {info[p] for p in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
        listening = {}
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    address, port = fields[1].split(":")
                    if fields[3] == "0A" and int(port, 16) in ports:
                        listening.setdefault(int(port, 16), set()).add(address)
        self.assertEqual(set(listening), ports, "every kernel port listens")
        loopback = {"0100007F", "0000000000000000FFFF00000100007F"}  # 127.0.0.1, as IPv4 or IPv4-mapped IPv6
        for port, addresses in listening.items():
            self.assertTrue(addresses <= loopback, "port %d listens on %s, not only 127.0.0.1" % (port, addresses))


class InterruptsAndErrors(KernelTestCase):
    def test_interrupt_stops_a_cell_that_checks_interruption_within_two_seconds(self):
        self.assertInterruptStopsQuickly(
            'System.out.println("started");\nlong spins = 0;\n'
            'while (!Thread.currentThread().isInterrupted()) { spins++; }\n'
            'Thread.sleep(100_000);',
            "started")

    def test_interrupt_stops_a_sleeping_cell(self):
        self.assertInterruptStopsQuickly(
            'System.out.println("sleeping");\nfor (int i = 0; i < 1000; i++) { Thread.sleep(100); }', "sleeping")

    def test_errors_never_kill_the_kernel(self):
        reply, outputs = self.k.run('int broken = "text";')
        self.assertEqual(reply["status"], "error")
        traceback = "\n".join(next(m for m in outputs if m["msg_type"] == "error")["content"]["traceback"])
        self.assertIn("incompatible types", traceback)
        self.assertIn('int broken = "text";', traceback)
        reply, outputs = self.k.run('Object o = null;\no.toString();')
        self.assertEqual(reply["status"], "error")
        self.assertIn("java.lang.NullPointerException", reply["evalue"])
        reply, _ = self.k.run("%maven not-a-coordinate")
        self.assertEqual(reply["status"], "error")
        self.assertIn("not-a-coordinate", reply["evalue"])
        self.assertEqual(self.k.value("int z = 2;\nz + 1"), "3")

    def test_update_display_replaces_an_earlier_display_in_place(self):
        reply, outputs = self.k.run('String bar = display("progress 0%");\nupdateDisplay(bar, "progress 100%");')
        self.assertEqual(reply["status"], "ok")
        shown = [m for m in outputs if m["msg_type"] == "display_data"]
        updated = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(shown), 1)
        self.assertEqual(len(updated), 1)
        self.assertEqual(updated[0]["content"]["transient"]["display_id"], shown[0]["content"]["transient"]["display_id"])
        self.assertEqual(updated[0]["content"]["data"]["text/plain"], "progress 100%")
        reply, outputs = self.k.run('display("shown once")')
        self.assertEqual([m["msg_type"] for m in outputs if m["msg_type"] != "status"], ["execute_input", "display_data"],
                         "a cell ending with display(...) does not also show the display id")

    def test_output_streams_while_the_cell_runs(self):
        kc = self.k.kc
        msg_id = kc.execute('System.out.println("first");\nThread.sleep(1500);\nSystem.out.println("second");')
        first_at = None
        t0 = time.monotonic()
        while True:
            msg = kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream" and "first" in msg["content"]["text"]:
                first_at = time.monotonic() - t0
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        total = time.monotonic() - t0
        self.assertIsNotNone(first_at)
        self.assertLess(first_at, total - 1.0, "'first' arrived before the cell's sleep ended")



class JupyterCommands(unittest.TestCase):
    """Debian's jupyter-client commands see the installed kernel."""

    def test_kernelspec_list_shows_java(self):
        listed = subprocess.run(["jupyter", "kernelspec", "list", "--json"], check=True, capture_output=True, text=True)
        self.assertIn("java", json.loads(listed.stdout)["kernelspecs"])


if __name__ == "__main__":
    unittest.main()
