"""Drive Debian's headless `chromium` over the DevTools protocol on a pipe (no extra packages).

`open_page(url)` loads a page in a fresh profile, with the flags that keep Chromium from
reaching the network on its own, and returns what a test needs: every console message,
uncaught exception and failed or non-local request, the value of a script run in the page,
and optionally a full-page screenshot (PNG) and a PDF of the print view.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

INSTALL_HINT = "headless Chromium is missing: install Debian's package with `apt-get install -y chromium`"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


# CI (`.ci/run`) installs Chromium and sets this, so that a browser test fails there rather
# than skipping; elsewhere a missing Chromium skips with INSTALL_HINT.
REQUIRED = os.environ.get("TRACKER_BROWSER_REQUIRED") == "1"


def needs_chromium() -> pytest.MarkDecorator:
    """The mark of a test that opens pages in headless Chromium."""
    return pytest.mark.skipif(chromium_path() is None and not REQUIRED, reason=INSTALL_HINT)


@dataclass
class PageVisit:
    """What happened while a page was open."""

    console: list[str] = field(default_factory=list)  # "level: text" of every console message and log entry
    errors: list[str] = field(default_factory=list)  # console errors, exceptions, failed requests
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    value: Any = None  # the result of `script`
    screenshot: bytes = b""
    pdf: bytes = b""

    @property
    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]


class _Pipe:
    """The DevTools protocol over fds 3 (commands) and 4 (replies and events), NUL-separated JSON."""

    def __init__(self, browser: str, profile: str) -> None:
        child_in, self._to_child = os.pipe()
        self._from_child, child_out = os.pipe()
        os.set_inheritable(child_in, True)
        os.set_inheritable(child_out, True)

        def fds() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [browser, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=fds,
            close_fds=False,
        )
        os.close(child_in)
        os.close(child_out)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read(deadline - time.monotonic()))

    def _read(self, timeout: float = 60.0) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_child], [], [], max(timeout, 0.0))
            if not ready:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        result: dict[str, Any] = json.loads(message)
        return result

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (RuntimeError, OSError, TimeoutError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_child)
        os.close(self._from_child)


def open_page(
    url: str, width: int = 1400, height: int = 900, script: str = "", screenshot: bool = False, pdf: bool = False
) -> PageVisit:
    """Load `url` at a window `width` CSS pixels wide; run `script` once it has loaded."""
    browser = chromium_path()
    if browser is None:
        raise FileNotFoundError(INSTALL_HINT)
    visit = PageVisit()
    with tempfile.TemporaryDirectory(prefix="tracker-chromium-") as profile:
        pipe = _Pipe(browser, profile)
        try:
            target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Runtime", "Log", "Network", "Page"):
                pipe.send(f"{domain}.enable", session=session)
            metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
            pipe.send("Emulation.setDeviceMetricsOverride", metrics, session=session)
            pipe.send("Page.navigate", {"url": url}, session=session)
            pipe.wait_for("Page.loadEventFired")
            if script:
                answer = pipe.send(
                    "Runtime.evaluate", {"expression": script, "returnByValue": True, "awaitPromise": True}, session
                )
                if "exceptionDetails" in answer:
                    visit.errors.append(f"script: {answer['exceptionDetails'].get('text', '')}")
                visit.value = answer.get("result", {}).get("value")
            if screenshot:
                shot = pipe.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session)
                visit.screenshot = base64.b64decode(shot["data"])
            if pdf:
                printed = pipe.send("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69}, session)
                visit.pdf = base64.b64decode(printed["data"])
        finally:
            pipe.close()
    _read_events(pipe.events, visit)
    return visit


def _read_events(events: list[dict[str, Any]], visit: PageVisit) -> None:
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
            visit.console.append(f"{params.get('type')}: {text}")
            if params.get("type") in ("error", "assert"):
                visit.errors.append(f"console: {text}")
        elif method == "Runtime.exceptionThrown":
            visit.errors.append(f"exception: {params.get('exceptionDetails', {}).get('text', '')}")
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            visit.console.append(f"{entry.get('level')}: {entry.get('text')}")
            if entry.get("level") == "error":
                visit.errors.append(f"log: {entry.get('text')} {entry.get('url', '')}".strip())
        elif method == "Network.requestWillBeSent":
            visit.requests.append(params.get("request", {}).get("url", ""))
        elif method == "Network.loadingFailed":
            visit.errors.append(f"request failed: {params.get('errorText')}")


def save(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
