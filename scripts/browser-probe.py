#!/usr/bin/env python3
"""Reads a live page in headless Chromium, for the dashboard's browser test and its screenshot.

    browser-probe.py URL --expr JS [--at SECONDS ...] [--screenshot FILE] [--size 1600x1000]

Starts Debian's chromium headless with its own temporary profile, opens URL, and at each --at (seconds
after the page's load event) evaluates JS in the page and prints its value as one JSON line; with --screenshot it
then saves a PNG of the page. It talks to Chromium over the DevTools protocol (a WebSocket on loopback)
with the standard library only, and stops the browser it started, by its PID.
"""
import argparse, base64, json, os, shutil, signal, socket, struct, subprocess, sys, tempfile, time, urllib.request


class Socket:
    """A minimal WebSocket client: text frames out (masked), frames in."""

    def __init__(self, url):
        rest = url[len("ws://"):]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("the DevTools socket closed during the handshake")
            response += chunk
        if b" 101 " not in response.split(b"\r\n", 1)[0]:
            raise RuntimeError("the DevTools socket refused: " + response.split(b"\r\n", 1)[0].decode())
        self.buffer = response.split(b"\r\n\r\n", 1)[1]
        self.next_id = 0
        self.events = []

    def _read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("the DevTools socket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def send(self, text):
        payload = text.encode()
        header = bytes([0x81])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(payload))
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive(self):
        message = b""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            message += self._read(length)
            if first & 0x80:
                return message.decode()

    def call(self, method, **params):
        self.next_id += 1
        self.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            answer = json.loads(self.receive())
            if answer.get("method"):
                self.events.append(answer["method"])
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})

    def wait_for(self, event, timeout):
        """Reads events until `event` arrives (or was seen already)."""
        deadline = time.monotonic() + timeout
        self.sock.settimeout(timeout)
        while event not in self.events:
            if time.monotonic() > deadline:
                raise RuntimeError(f"no {event} within {timeout} s")
            answer = json.loads(self.receive())
            if answer.get("method"):
                self.events.append(answer["method"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("--expr", required=True)
    parser.add_argument("--at", type=float, action="append", default=[])
    parser.add_argument("--screenshot")
    parser.add_argument("--size", default="1600x1000")
    arguments = parser.parse_args()
    width, height = (int(v) for v in arguments.size.split("x"))
    profile = tempfile.mkdtemp(prefix="chaos-browser-")
    browser = subprocess.Popen(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", f"--window-size={width},{height}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while not os.path.exists(port_file) or not open(port_file).read().strip():
            if time.monotonic() > deadline or browser.poll() is not None:
                sys.exit("browser-probe: chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(p for p in pages if p.get("type") == "page")
        devtools = Socket(page["webSocketDebuggerUrl"])
        devtools.call("Page.enable")
        devtools.call("Page.navigate", url=arguments.url)
        devtools.wait_for("Page.loadEventFired", 30)
        loaded = time.monotonic()
        for at in sorted(arguments.at or [1.0]):
            time.sleep(max(0.0, loaded + at - time.monotonic()))
            result = devtools.call("Runtime.evaluate", expression=arguments.expr, returnByValue=True)
            if "exceptionDetails" in result:
                sys.exit("browser-probe: the expression failed in the page: "
                         + json.dumps(result["exceptionDetails"].get("exception", {}).get("description", result["exceptionDetails"])))
            print(json.dumps({"at": at, "value": result.get("result", {}).get("value")}), flush=True)
        if arguments.screenshot:
            shot = devtools.call("Page.captureScreenshot", format="png")
            with open(arguments.screenshot, "wb") as out:
                out.write(base64.b64decode(shot["data"]))
    finally:
        os.killpg(browser.pid, signal.SIGTERM)
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(browser.pid, signal.SIGKILL)
            browser.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
