"""A browser-like HTTP client for JupyterHub: log in through the proxy, then use one's server.

Everything goes through the proxy's public address, with the cookies and XSRF
tokens a browser would use: the hub's login form, the hub API for starting a
server, the OAuth hand-shake to the user's server, then the Jupyter Server REST
API, the nbgrader extensions (what the "Assignments" and "Formgrader" panels
call) and a kernel's websocket (what "Run" does).
"""

from __future__ import annotations

import html
import json
import re
import struct
import time
import uuid
from typing import Any

import requests
import websocket  # websocket-client


class HubError(AssertionError):
    pass


class HubUser:
    """One person at a browser: ``login`` then ``start_server`` then the server helpers."""

    def __init__(self, base_url: str, name: str) -> None:
        self.base = base_url.rstrip("/")
        self.name = name
        self.http = requests.Session()
        self.prefix = f"/user/{name}"

    # --- hub ---------------------------------------------------------------------
    def _xsrf(self, path: str) -> str:
        for cookie in self.http.cookies:
            if cookie.name == "_xsrf" and cookie.path.rstrip("/") == path.rstrip("/"):
                return cookie.value
        raise HubError(f"no _xsrf cookie for {path} (cookies: {[(c.name, c.path) for c in self.http.cookies]})")

    def login(self, password: str) -> requests.Response:
        """Fill the hub's login form, as a trainee does."""
        page = self.http.get(f"{self.base}/hub/login", timeout=30)
        page.raise_for_status()
        resp = self.http.post(f"{self.base}/hub/login?next=", timeout=30, data={
            "username": self.name, "password": password, "_xsrf": self._xsrf("/hub/")})
        if resp.status_code != 200 or "/hub/login" in resp.url:
            raise HubError(f"{self.name}: login failed ({resp.status_code} at {resp.url})")
        return resp

    def hub_api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"X-XSRFToken": self._xsrf("/hub/"), **kwargs.pop("headers", {})}
        return self.http.request(method, f"{self.base}/hub/api{path}", headers=headers, timeout=60, **kwargs)

    def request_server(self) -> None:
        resp = self.hub_api("POST", f"/users/{self.name}/server")
        if resp.status_code not in (201, 202, 400):  # 400: already running
            raise HubError(f"{self.name}: server start refused: {resp.status_code} {resp.text[:300]}")

    def wait_server(self, timeout: float = 300) -> None:
        """Wait until the hub reports the server ready, then open it once (as a browser does).

        Fails at once when the hub has given the start up (no server, neither pending nor
        running: e.g. ``Spawner.start_timeout`` passed or the pre-spawn hook raised).
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.hub_api("GET", f"/users/{self.name}").json()
            server = (model.get("servers") or {}).get("")
            if not server:
                raise HubError(f"{self.name}: the hub gave up starting the server (see the hub log)")
            if server.get("ready"):
                # Visit the server once, as the browser does: OAuth with the hub sets its cookie.
                resp = self.http.get(f"{self.base}{self.prefix}/lab", timeout=60)
                if resp.status_code != 200:
                    raise HubError(f"{self.name}: /lab answered {resp.status_code} at {resp.url}")
                return
            time.sleep(0.5)
        raise HubError(f"{self.name}: server not ready after {timeout} s")

    def run_and_save(self, path: str, notebook: dict) -> dict:
        """Run every code cell of ``notebook`` in a new kernel on ``path``, then save it there (as "Run All", "Save")."""
        kernel = self.kernel(path)
        try:
            kernel.run_notebook(notebook)
        finally:
            kernel.close()
        self.write_notebook(path, notebook)
        return notebook

    def open_other_server(self, owner: str) -> requests.Response:
        """Open ``owner``'s JupyterLab, confirming the hub's "Authorize access" page as an admin must."""
        resp = self.http.get(f"{self.base}/user/{owner}/lab", timeout=60)
        if resp.status_code == 200 and "/hub/api/oauth2/authorize" in resp.url:
            fields = re.findall(r'<input type="hidden" name="(_xsrf|scopes)" value="([^"]*)"', resp.text)
            if not fields:
                raise HubError(f"{self.name}: no authorization form for {owner}'s server")
            resp = self.http.post(resp.url, data=[(k, html.unescape(v)) for k, v in fields], timeout=60)
        return resp

    # --- the user's server ---------------------------------------------------------------
    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(f"{self.base}{self.prefix}{path}", timeout=120, **kwargs)

    def send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"X-XSRFToken": self._xsrf(self.prefix + "/"), **kwargs.pop("headers", {})}
        return self.http.request(method, f"{self.base}{self.prefix}{path}", headers=headers,
                                 timeout=600, **kwargs)

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        resp = self.send(method, path, **kwargs)
        if resp.status_code >= 400:
            raise HubError(f"{self.name}: {method} {path}: {resp.status_code} {resp.text[:500]}")
        return resp.json() if resp.content else None

    def read_notebook(self, path: str) -> dict:
        return self.json("GET", f"/api/contents/{path}?content=1&type=notebook")["content"]

    def write_notebook(self, path: str, notebook: dict) -> None:
        self.json("PUT", f"/api/contents/{path}", json={"type": "notebook", "format": "json",
                                                          "content": notebook})

    def kernel(self, path: str) -> "Kernel":
        """Start a kernel for the notebook at ``path`` (its folder is the kernel's cwd)."""
        model = self.json("POST", "/api/sessions", json={
            "path": path, "name": path.rsplit("/", 1)[-1], "type": "notebook",
            "kernel": {"name": "python3"}})
        return Kernel(self, model["id"], model["kernel"]["id"])


def frame_text(frame: bytes | str) -> str:
    """The JSON of one kernel websocket frame, text or binary.

    Jupyter Server sends a message that has buffers (widgets do) as one binary frame: the
    number of parts and their offsets (big-endian 32-bit), then the message's JSON and the
    buffers. The buffers are dropped: nothing here reads them.

    >>> import struct
    >>> body = b'{"a": 1}'
    >>> frame_text(struct.pack("!III", 2, 12, 12 + len(body)) + body + b"\\x00\\x01")
    '{"a": 1}'
    >>> frame_text('{"b": 2}')
    '{"b": 2}'
    """
    if isinstance(frame, str):
        return frame
    (parts,) = struct.unpack("!I", frame[:4])
    offsets = struct.unpack(f"!{parts}I", frame[4:4 + 4 * parts])
    end = offsets[1] if parts > 1 else len(frame)
    return frame[offsets[0]:end].decode("utf-8")


class Kernel:
    """Execute code in a kernel over its websocket, through the proxy."""

    def __init__(self, user: HubUser, session_id: str, kernel_id: str) -> None:
        self.user, self.session_id, self.kernel_id = user, session_id, kernel_id
        url = user.base.replace("http", "ws", 1) + f"{user.prefix}/api/kernels/{kernel_id}/channels"
        cookies = "; ".join(f"{c.name}={c.value}" for c in user.http.cookies
                            if c.path in ("/", user.prefix + "/", "/hub/") and c.name != "_xsrf")
        self.ws = websocket.create_connection(
            f"{url}?session_id={uuid.uuid4().hex}", timeout=300,
            cookie=cookies + f"; _xsrf={user._xsrf(user.prefix + '/')}",
            header=[f"X-XSRFToken: {user._xsrf(user.prefix + '/')}"])

    def execute(self, code: str, timeout: float = 300) -> tuple[str, list[dict]]:
        """Run ``code``; returns (status, nbformat outputs)."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.user.name, "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        outputs: list[dict] = []
        status, idle = None, False
        deadline = time.monotonic() + timeout
        while (status is None or not idle) and time.monotonic() < deadline:
            msg = json.loads(frame_text(self.ws.recv()))
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg["content"]
            if msg["channel"] == "shell" and kind == "execute_reply":
                status = content["status"]
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "stream":
                outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("execute_result", "display_data"):
                out = {"output_type": kind, "data": content["data"], "metadata": content.get("metadata", {})}
                if kind == "execute_result":
                    out["execution_count"] = content.get("execution_count")
                outputs.append(out)
            elif kind == "error":
                outputs.append({"output_type": "error", "ename": content["ename"],
                                "evalue": content["evalue"], "traceback": content["traceback"]})
        if status is None or not idle:
            raise HubError(f"{self.user.name}: no reply from the kernel within {timeout} s")
        return status, outputs

    def run_notebook(self, notebook: dict) -> dict:
        """Run every code cell in order, like "Run All", and store the outputs in ``notebook``."""
        for count, cell in enumerate((c for c in notebook["cells"] if c["cell_type"] == "code"), 1):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            _, cell["outputs"] = self.execute(source)
            cell["execution_count"] = count
        return notebook

    def close(self) -> None:
        self.ws.close()
        self.user.json("DELETE", f"/api/sessions/{self.session_id}")


GRADE_CODE = """
import json, os, re, subprocess, sys
# The trainer's own command, as the README tells trainers to run it.
command = [os.path.join(os.path.dirname(sys.executable), "coursekit"), "grade", {assignment!r},
           "--course", {course!r}, "--workers", "2"]
proc = subprocess.run(command, capture_output=True, text=True)
results = [list(m) for m in re.findall(r"\\]\\s+[#.]+\\s+(\\S+)\\s+(graded|skipped|FAILED)", proc.stdout)]
sandbox = re.search(r"sandbox: (\\w+)", proc.stdout)
print(json.dumps({{"rc": proc.returncode, "results": results, "sandbox": sandbox and sandbox.group(1),
                   "stderr": proc.stderr, "stdout_tail": proc.stdout[-1500:]}}))
"""


def grade_in_kernel(trainer: HubUser, course: str, assignment: str, timeout: float = 600) -> dict:
    """Run ``coursekit grade`` in a kernel of the trainer's server, as a trainer would in a terminal.

    Returns the command's report (rc, per-trainee results, sandbox, stderr, stdout tail);
    the grading cell itself must succeed and write nothing to the kernel's stderr.
    """
    kernel = trainer.kernel("course/grading.ipynb")
    try:
        status, outputs = kernel.execute(GRADE_CODE.format(course=course, assignment=assignment), timeout=timeout)
    finally:
        kernel.close()
    streams = {name: "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream" and o["name"] == name)
               for name in ("stdout", "stderr")}
    if status != "ok" or streams["stderr"]:
        raise HubError(f"the grading cell failed or wrote to stderr: {status} {outputs}")
    return json.loads(streams["stdout"].strip().splitlines()[-1])


def cell_by_id(notebook: dict, grade_id: str) -> dict:
    for cell in notebook["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(grade_id)


def error_text(cell: dict) -> str:
    return "\n".join(f"{o['ename']}: {o['evalue']}" for o in cell.get("outputs", [])
                     if o["output_type"] == "error")
