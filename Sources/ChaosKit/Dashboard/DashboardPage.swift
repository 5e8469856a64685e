// The dashboard's web page: one self-contained HTML document (no files, no scripts from elsewhere) that
// opens the WebSocket at /live and redraws on every snapshot, in type large enough for a projector.

/// The page served at `/`.
enum DashboardPage {
    static let html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>chaos game day</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        body { background:#111; color:#eee; font:20px/1.35 system-ui, sans-serif; margin:1.2em; }
        h1 { font-size:1.5em; margin:0 0 .2em; } h2 { font-size:1em; color:#9ab; text-transform:uppercase; letter-spacing:.08em; margin:1em 0 .3em; }
        .meta { color:#9ab; } .row { display:flex; gap:1em; flex-wrap:wrap; }
        .card { background:#1d1f24; border-radius:.4em; padding:.5em .8em; min-width:11em; }
        .card.primary { border-left:.35em solid #4c8; } .card.replica { border-left:.35em solid #48c; } .card.bad { border-left:.35em solid #e44; }
        .name { font-size:1.3em; font-weight:bold; } .alert { color:#f66; } .dim { color:#888; }
        .path { display:grid; grid-template-columns:7em 13em 1fr 12em; align-items:center; gap:.8em; margin:.3em 0; }
        .clock { font-size:1.6em; font-variant-numeric:tabular-nums; } .down { color:#f55; font-weight:bold; }
        svg { width:100%; height:2.4em; background:#181a1e; }
        ul { margin:0; padding-left:1.2em; } li { font-variant-numeric:tabular-nums; }
        #prompt { background:#332; padding:.4em .6em; border-radius:.3em; } #status { float:right; }
        </style></head>
        <body>
        <span id="status" class="dim">connecting…</span>
        <h1 id="title">chaos game day</h1>
        <div class="meta"><span id="clock">t = +0.0 s</span> · <span id="phase"></span></div>
        <p id="prompt" hidden></p>
        <h2>Nodes</h2><div id="nodes" class="row"></div><div id="services" class="dim"></div>
        <h2>Writes</h2><div id="paths"></div>
        <h2>Faults in effect</h2><ul id="faults"></ul>
        <div class="row"><div style="flex:1"><h2>Events</h2><ul id="events"></ul></div>
        <div style="flex:1"><h2>Notes and decisions</h2><ul id="notes"></ul></div></div>
        <script>
        const $ = (id) => document.getElementById(id);
        const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;","\\"":"&quot;","'":"&#39;"}[c]));
        const list = (id, items, none) => { $(id).innerHTML = items.length ? items.map((i) => "<li>" + esc(i) + "</li>").join("") : "<li class=dim>" + none + "</li>"; };
        function bytes(b) { return b < 1024 ? b + " B" : b < 1048576 ? (b / 1024).toFixed(1) + " kB" : (b / 1048576).toFixed(1) + " MB"; }
        function spark(ok, failed) {
          const top = Math.max(1, ...ok), w = 100 / ok.length;
          return "<svg viewBox='0 0 100 20' preserveAspectRatio='none'>" + ok.map((v, i) => {
            if (v === 0 && failed[i] > 0) return "<rect x='" + (i * w) + "' y='0' width='" + w + "' height='20' fill='#c33'/>";
            const h = 20 * v / top; return "<rect x='" + (i * w) + "' y='" + (20 - h) + "' width='" + (w * 0.85) + "' height='" + h + "' fill='#4a8'/>";
          }).join("") + "</svg>";
        }
        function render(s) {
          document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
          $("title").textContent = "chaos game day — " + s.title;
          $("clock").textContent = "t = " + (s.elapsedSeconds >= 0 ? "+" : "") + s.elapsedSeconds.toFixed(1) + " s";
          $("phase").textContent = s.phase;
          $("prompt").hidden = !s.prompt; $("prompt").textContent = s.prompt ? "waiting for the operator: " + s.prompt : "";
          $("nodes").innerHTML = s.nodes.map((n) => {
            const bad = n.state === "unreachable" || n.faults.length;
            return "<div class='card " + (bad ? "bad" : n.role === "primary" ? "primary" : n.role === "replica" ? "replica" : "") + "'><div class=name>" + esc(n.name) + "</div>" +
              "<div>" + esc(n.role || "—") + " · " + esc(n.state || "—") + (n.timeline ? " · tl " + n.timeline : "") + "</div>" +
              (n.lagBytes != null ? "<div class=dim>lag " + bytes(n.lagBytes) + "</div>" : "") +
              n.faults.map((f) => "<div class=alert>⚡ " + esc(f) + "</div>").join("") + "</div>";
          }).join("") || "<span class=dim>no member seen yet</span>";
          $("services").textContent = s.services.join("  ·  ");
          $("paths").innerHTML = s.paths.map((p) =>
            "<div class=path data-path='" + esc(p.name) + "'><b>" + esc(p.name) + "</b><span>ok " + p.acked + " · failed " + p.failed + "</span>" +
            spark(p.okPerSecond, p.failedPerSecond) +
            "<span class='clock " + (p.down ? "down" : "") + "'>" + (p.down ? "DOWN " + p.outageSeconds.toFixed(1) + " s" : "up") +
            "<div class=dim style='font-size:.55em'>longest " + p.longestOutageSeconds.toFixed(2) + " s</div></span></div>").join("");
          list("faults", s.faults, "none"); list("events", s.events, "none yet"); list("notes", s.notes, "none yet");
        }
        function connect() {
          const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/live");
          socket.onopen = () => { $("status").textContent = "live"; };
          socket.onmessage = (m) => render(JSON.parse(m.data));
          socket.onclose = () => { $("status").textContent = "disconnected — retrying"; setTimeout(connect, 1000); };
        }
        connect();
        </script></body></html>
        """
}
