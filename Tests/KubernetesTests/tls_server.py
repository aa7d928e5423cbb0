"""A minimal HTTPS server on 127.0.0.1 for the KubernetesTests' TLS checks (stdlib only).

Usage: python tls_server.py PORT DIR   (PORT 0 picks a free port; DIR holds ca.crt,
server.crt and server.key)

It requires a client certificate signed by DIR/ca.crt, and answers every GET with a Secret
whose annotations tell what it saw: the Authorization header and the client certificate's
common name. Prints "listening https://127.0.0.1:PORT" once ready; ends when stdin closes.
"""
import http.server
import json
import os
import ssl
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        subject = dict(item[0] for item in self.connection.getpeercert().get("subject", ()))
        body = json.dumps({
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {
                "name": self.path.split("?")[0].rstrip("/").split("/")[-1],
                "annotations": {
                    "seen-authorization": self.headers.get("Authorization", ""),
                    "seen-client": subject.get("commonName", ""),
                },
            },
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main(port, directory):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(directory, "server.crt"), os.path.join(directory, "server.key"))
    context.load_verify_locations(os.path.join(directory, "ca.crt"))
    context.verify_mode = ssl.CERT_REQUIRED
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("listening https://127.0.0.1:%d" % server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
