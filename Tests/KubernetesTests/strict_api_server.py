"""A small stand-in for what a real kube-apiserver does and kmock does not (stdlib only).

Usage: python strict_api_server.py PORT   (PORT 0 picks a free port)

Serves apps/v1 Deployments (any namespace) from memory, following the behaviour observed on a
real API server (see shared/notes/testing-against-real-tools.md): 201 on create with uid,
resourceVersion and generation; 409 AlreadyExists; 422 Invalid with details.causes; list items
without kind/apiVersion; equality label selectors; PUT with 409 Conflict on a stale
resourceVersion; PATCH only as application/merge-patch+json (415 otherwise); the /scale
subresource as an autoscaling/v1 Scale; Status objects with the API's reasons.
Prints "listening http://127.0.0.1:PORT" once ready; ends when stdin closes.
"""
import http.server
import json
import re
import sys
import threading
import uuid

PATH = re.compile(r"^/apis/apps/v1/namespaces/([^/]+)/deployments(?:/([^/]+))?(?:/(scale))?$")
STORE = {}  # (namespace, name) -> deployment
LOCK = threading.Lock()
VERSION = [0]


def next_version():
    VERSION[0] += 1
    return str(VERSION[0])


def status(code, reason, message, causes=None):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code}
    if causes:
        body["details"] = {"causes": causes}
    return code, body


def merge(target, patch):
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge(result.get(key), value)
    return result


def validate(obj):
    causes = []
    name = obj.get("metadata", {}).get("name", "")
    if not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", name or ""):
        causes.append({"reason": "FieldValueInvalid", "field": "metadata.name",
                       "message": "Invalid value: %r: a lowercase RFC 1123 subdomain" % name})
    if obj.get("spec", {}).get("replicas", 1) < 0:
        causes.append({"reason": "FieldValueInvalid", "field": "spec.replicas",
                       "message": "Invalid value: %r: must be greater than or equal to 0"
                       % obj["spec"]["replicas"]})
    if causes:
        return status(422, "Invalid", "Deployment.apps %r is invalid" % name, causes)
    return None


def scale_of(obj):
    return {"kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": {"name": obj["metadata"]["name"], "namespace": obj["metadata"]["namespace"]},
            "spec": {"replicas": obj["spec"].get("replicas", 1)},
            "status": {"replicas": obj.get("status", {}).get("replicas", 0)}}


def matches(labels, selector):
    for requirement in filter(None, (selector or "").split(",")):
        key, _, value = requirement.partition("=")
        if labels.get(key) != value:
            return False
    return True


def handle(method, path, query, content_type, body):
    match = PATH.match(path)
    if not match:
        return status(404, "NotFound", "the server could not find the requested resource")
    namespace, name, subresource = match.groups()
    key = (namespace, name)
    if name is None:
        if method == "GET":
            items = [{k: v for k, v in obj.items() if k not in ("kind", "apiVersion")}
                     for (ns, _), obj in sorted(STORE.items())
                     if ns == namespace and matches(obj["metadata"].get("labels", {}), query.get("labelSelector"))]
            return 200, {"kind": "DeploymentList", "apiVersion": "apps/v1",
                         "metadata": {"resourceVersion": str(VERSION[0])}, "items": items}
        if method == "POST":
            invalid = validate(body)
            if invalid:
                return invalid
            key = (namespace, body["metadata"]["name"])
            if key in STORE:
                return status(409, "AlreadyExists", 'deployments.apps "%s" already exists' % key[1])
            body["metadata"].update(namespace=namespace, uid=str(uuid.uuid4()),
                                    resourceVersion=next_version(), generation=1)
            STORE[key] = body
            return 201, body
        return status(405, "MethodNotAllowed", "the server does not allow this method")
    if key not in STORE:
        return status(404, "NotFound", 'deployments.apps "%s" not found' % name)
    stored = STORE[key]
    if method == "PATCH" and content_type != "application/merge-patch+json":
        return status(415, "UnsupportedMediaType", "the body of the request was in an unknown format")
    if subresource == "scale":
        if method == "PATCH":
            stored["spec"]["replicas"] = body["spec"]["replicas"]
            stored["metadata"]["resourceVersion"] = next_version()
        return 200, scale_of(stored)
    if method == "GET":
        return 200, stored
    if method == "DELETE":
        del STORE[key]
        return 200, {"kind": "Status", "apiVersion": "v1", "status": "Success", "details": {"name": name}}
    if method in ("PUT", "PATCH"):
        new = body if method == "PUT" else merge(stored, body)
        expected = new.get("metadata", {}).get("resourceVersion")
        if method == "PUT" and expected != stored["metadata"]["resourceVersion"]:
            return status(409, "Conflict", 'Operation cannot be fulfilled on deployments.apps "%s": the object '
                          'has been modified; please apply your changes to the latest version and try again' % name)
        invalid = validate(new)
        if invalid:
            return invalid
        new["metadata"].update(uid=stored["metadata"]["uid"], resourceVersion=next_version(),
                               generation=stored["metadata"]["generation"]
                               + (new.get("spec") != stored.get("spec")))
        STORE[key] = new
        return 200, new
    return status(405, "MethodNotAllowed", "the server does not allow this method")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def respond(self):
        path, _, raw_query = self.path.partition("?")
        query = dict(part.partition("=")[::2] for part in raw_query.split("&") if part)
        query = {k: re.sub(r"%([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), v) for k, v in query.items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        with LOCK:
            code, answer = handle(self.command, path, query, self.headers.get("Content-Type"), body)
        data = json.dumps(answer).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = respond

    def log_message(self, *args):
        pass


def main(port):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("listening http://127.0.0.1:%d" % server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main(int(sys.argv[1]))
