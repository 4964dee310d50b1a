#!/usr/bin/env python3
"""Loads a page in headless Chromium at a given screen width, runs a probe script in it and
takes a screenshot of the whole page, over the DevTools protocol on a pipe (the standard
library only; no port is opened).

    shoot.py CHROMIUM PROFILE_DIR URL WIDTH PROBE_JS OUT_PNG [--mobile]

Prints what the probe's expression returns, as JSON. The width is emulated, so a phone's 390
pixels are possible where a headless window has a minimum size; --mobile also makes the page's
viewport meta tag apply, as on a phone.
"""
import base64
import fcntl
import json
import os
import subprocess
import sys


def main():
    chromium, profile, url, width, probe_file, out_png = sys.argv[1:7]
    mobile = "--mobile" in sys.argv[7:]
    width = int(width)
    os.makedirs(profile, exist_ok=True)
    # The browser reads commands on fd 3 and writes answers on fd 4: the pipes are moved out
    # of the way first, so that placing them cannot overwrite one another.
    def high(fd):
        moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(fd)
        return moved
    to_browser_r, to_browser_w = (high(fd) for fd in os.pipe())
    from_browser_r, from_browser_w = (high(fd) for fd in os.pipe())
    os.dup2(to_browser_r, 3)
    os.dup2(from_browser_w, 4)
    browser = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--hide-scrollbars", "--remote-debugging-pipe",
         "--user-data-dir=" + profile, "about:blank"],
        pass_fds=(3, 4), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=open(os.path.join(profile, "chromium.log"), "w"))
    os.close(3)
    os.close(4)
    os.close(to_browser_r)
    os.close(from_browser_w)
    out = os.fdopen(to_browser_w, "wb")
    inp = os.fdopen(from_browser_r, "rb")
    pending = b""
    counter = [0]

    def read_message():
        nonlocal pending
        while b"\0" not in pending:
            chunk = inp.read1(65536)
            if not chunk:
                raise SystemExit("chromium closed the pipe; see chromium.log in the profile")
            pending += chunk
        message, pending = pending.split(b"\0", 1)
        return json.loads(message)

    def send(method, params=None, session=None):
        counter[0] += 1
        message = {"id": counter[0], "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        out.write(json.dumps(message).encode() + b"\0")
        out.flush()
        return counter[0]

    def call(method, params=None, session=None):
        wanted = send(method, params, session)
        while True:
            message = read_message()
            if message.get("id") == wanted:
                if "error" in message:
                    raise SystemExit(method + ": " + json.dumps(message["error"]))
                return message.get("result", {})

    def wait_for(event, session):
        while True:
            message = read_message()
            if message.get("method") == event and message.get("sessionId") == session:
                return message

    try:
        target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        call("Page.enable", session=session)
        call("Emulation.setDeviceMetricsOverride",
             {"width": width, "height": 1200, "deviceScaleFactor": 1, "mobile": mobile},
             session)
        call("Page.navigate", {"url": url}, session)
        wait_for("Page.loadEventFired", session)
        with open(probe_file) as f:
            probe = f.read()
        result = call("Runtime.evaluate", {"expression": probe, "returnByValue": True},
                      session)
        if "exceptionDetails" in result:
            raise SystemExit("the probe failed: " + json.dumps(result["exceptionDetails"]))
        # The whole page, not just the first screenful.
        size = call("Page.getLayoutMetrics", session=session)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": width, "height": min(size["height"], 12000),
                "scale": 1}
        shot = call("Page.captureScreenshot",
                    {"format": "png", "captureBeyondViewport": True, "clip": clip}, session)
        with open(out_png, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        print(json.dumps(result["result"]["value"]))
    finally:
        try:
            send("Browser.close")
            out.close()
        except OSError:
            pass
        try:
            browser.wait(timeout=20)
        except subprocess.TimeoutExpired:
            browser.kill()


if __name__ == "__main__":
    main()
