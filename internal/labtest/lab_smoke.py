"""Drive a running JupyterLab (started by scripts/lab.sh) like a browser would.

Checks that the server refuses requests without its token, lists the gonb
kernel as the default, and runs notebooks top to bottom through the server's
REST and websocket APIs (a session per notebook, one execute_request per code
cell). Prints one JSON line per notebook and exits non-zero on any failure.

Usage: lab_smoke.py PORT TOKEN NOTEBOOK_PATH...   (paths relative to notebooks/)
"""
import json
import sys
import time
import urllib.error
import urllib.request
import uuid

import websocket  # websocket-client, a JupyterLab dependency

port, token, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
base = f"http://127.0.0.1:{port}"


def request(method, path, body=None, auth=True):
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = f"token {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def fail(msg):
    print(json.dumps({"error": msg}))
    sys.exit(1)


status, _ = request("GET", "/api/kernelspecs", auth=False)
if status != 403:
    fail(f"GET /api/kernelspecs without token answered {status}, want 403")
status, specs = request("GET", "/api/kernelspecs")
if status != 200:
    fail(f"GET /api/kernelspecs with token answered {status}, want 200")
if "gonb" not in specs["kernelspecs"] or specs["default"] != "gonb":
    fail(f"kernelspecs {list(specs['kernelspecs'])}, default {specs['default']}: want gonb as default")
print(json.dumps({"auth": "403 without token, 200 with", "kernels": sorted(specs["kernelspecs"]), "default": specs["default"]}))

failed = False
for path in paths:
    status, model = request("GET", "/api/contents/" + path)
    if status != 200:
        fail(f"GET /api/contents/{path} answered {status}")
    cells = [c for c in model["content"]["cells"] if c["cell_type"] == "code"]
    status, session = request("POST", "/api/sessions",
                              {"path": path, "type": "notebook", "name": path, "kernel": {"name": "gonb"}})
    if status != 201:
        fail(f"POST /api/sessions for {path} answered {status}")
    kid = session["kernel"]["id"]
    ws = websocket.create_connection(f"ws://127.0.0.1:{port}/api/kernels/{kid}/channels?token={token}", timeout=900)
    start = time.time()
    errors, text = [], []
    for i, cell in enumerate(cells):
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "smoke",
                       "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": cell["source"], "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        # The reply comes on the shell channel and the outputs on iopub; the two
        # are not ordered, so a cell is finished only when both its
        # execute_reply and its iopub "idle" status have arrived.
        replied = idle = False
        while not (replied and idle):
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "stream" and msg["content"]["name"] == "stdout":
                text.append(msg["content"]["text"])
            elif kind == "error":
                errors.append(f"cell {i}: {msg['content']['ename']}: {msg['content']['evalue']}")
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                if msg["content"]["status"] != "ok":
                    errors.append(f"cell {i}: execute_reply {msg['content']['status']}")
                replied = True
        if errors:
            break
    ws.close()
    request("DELETE", "/api/sessions/" + session["id"])
    out = "".join(text)
    verdict = next((l for l in out.splitlines() if l.startswith("VERDICT:")), None)
    ok = not errors and verdict is not None
    failed |= not ok
    print(json.dumps({"notebook": path, "ok": ok, "seconds": round(time.time() - start, 1),
                      "verdict": verdict, "errors": errors}))
sys.exit(1 if failed else 0)
