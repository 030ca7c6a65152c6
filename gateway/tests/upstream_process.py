"""An upstream in a process of its own (the echo of test_nginx on the port given), so a test can
SIGKILL it behind nginx and start it again: ``python -m gateway.tests.upstream_process PORT``."""

import sys
from http.server import ThreadingHTTPServer

from gateway.tests.test_nginx import _Echo as Echo

if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
