"""Serves a folder of web pages (e.g. `examples/web`) on 127.0.0.1, for TF.js pages and models.

Run: `python -m neuroflow.export.serve examples/web [--port 8000]`, then open
http://127.0.0.1:8000/HelloWorld.html. Pages load TF.js from the folder's own
`node_modules` (`npm ci` there) and models from folders beside them. Only the loopback
address is bound, so nothing outside this machine can reach the server.

>>> import tempfile, threading, urllib.request
>>> folder = tempfile.mkdtemp()
>>> with open(f"{folder}/index.html", "w") as f:
...     _ = f.write("<p>hi</p>")
>>> server = make_server(folder, port=0)
>>> thread = threading.Thread(target=server.serve_forever, daemon=True); thread.start()
>>> urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/index.html").read()
b'<p>hi</p>'
>>> server.shutdown(); server.server_close()
"""
import argparse
import functools
import http.server
import os

__all__ = ["make_server", "main"]

HOST = "127.0.0.1"


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".json": "application/json", ".bin": "application/octet-stream", ".wasm": "application/wasm"}

    def log_message(self, format, *args):  # quiet unless asked (see main)
        if self.server.verbose:
            super().log_message(format, *args)


def make_server(directory, port=8000):
    """An HTTP server for `directory` on 127.0.0.1:`port` (0 picks a free port); call `serve_forever()`."""
    directory = os.fspath(directory)
    if not os.path.isdir(directory):
        raise ValueError(f"serve: {directory} is not a folder. Pass the folder holding the pages, e.g. examples/web.")
    server = http.server.ThreadingHTTPServer((HOST, port), functools.partial(_Handler, directory=directory))
    server.verbose = False
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m neuroflow.export.serve",
                                     description="Serve a folder of web pages on 127.0.0.1.")
    parser.add_argument("directory", help="the folder to serve, e.g. examples/web")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)
    server = make_server(args.directory, args.port)
    server.verbose = not args.quiet
    where = f"http://{HOST}:{server.server_port}/"
    print(f"Serving {os.path.abspath(args.directory)} at {where} (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
