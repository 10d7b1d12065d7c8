"""Jupyter protocol conformance of the installed 'java' kernel (Debian's jupyter_kernel_test)."""
import unittest

import jupyter_kernel_test


class JavaKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = "java"
    language_name = "Java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    completion_samples = [
        {"text": "System.out.prin", "matches": {"print(", "printf(", "println("}},
        {"text": "Math.flo", "matches": {"floor(", "floorDiv(", "floorMod("}},
    ]

    complete_code_samples = ["1 + 1", "int x = 3;", "void f() { }", "%maven a:b:1", ""]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "void g() {\n  int y = 1;", "Math.max(1,"]
    invalid_code_samples = ["int x = 1;\n}}", "}"]

    code_generate_error = 'throw new IllegalStateException("expected failure");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"a" + "b"', "result": "ab"},
        {"code": "int n = 5;\nn * n", "result": "25"},
    ]

    code_display_data = [
        {"code": 'display("<b>bold</b>", "text/html");', "mime": "text/html"},
        {"code": "display(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB));",
         "mime": "image/png"},
    ]

    code_inspect_sample = "Math.max"


if __name__ == "__main__":
    unittest.main()
