// report.html's inline style sheet: readable on screen and on paper, no web fonts, no network.

extension HTMLReportRenderer {
    /// The CSS embedded in every report.
    static let styleSheet = """
        :root { --ok: #2e7d32; --bad: #c62828; --warn: #ef6c00; --muted: #666; --line: #ddd; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
               color: #222; margin: 0 auto; max-width: 1100px; padding: 16px 24px 48px; background: #fff; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 18px 0 4px; }
        code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
        header { display: flex; gap: 16px; align-items: flex-start; justify-content: space-between; }
        .badge { font-weight: 700; font-size: 16px; padding: 6px 14px; border-radius: 6px; color: #fff; white-space: nowrap; }
        .badge.passed { background: var(--ok); } .badge.failed { background: var(--bad); }
        .badge.aborted, .badge.running { background: var(--warn); }
        .partial-run { border: 2px solid var(--warn); background: #fff3e0; padding: 10px 14px; border-radius: 6px;
                       margin: 12px 0; font-weight: 600; }
        .reason { margin: 6px 0; }
        table { border-collapse: collapse; margin: 6px 0 10px; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
        th { font-weight: 600; color: #444; }
        td.num, th.num { text-align: right; padding-right: 14px; font-variant-numeric: tabular-nums; }
        table.meta td:first-child { color: var(--muted); padding-right: 18px; white-space: nowrap; }
        .held { color: var(--ok); font-weight: 600; } .broken { color: var(--bad); font-weight: 600; }
        .note { color: var(--muted); }
        .figure-caption { color: var(--muted); font-size: 12px; margin: 0 0 2px; }
        .legend { font-size: 12px; color: #444; margin: 2px 0 10px; }
        .legend span { display: inline-block; margin-right: 14px; }
        .swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin-right: 4px; border-radius: 2px; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg text { font-size: 11px; fill: #444; font-family: system-ui, sans-serif; }
        .grid { stroke: #eee; } .grid.zero { stroke: #999; stroke-dasharray: 3 3; }
        .axis { stroke: #999; } .tick { fill: #666; }
        .fault-window { fill: #ffcc80; fill-opacity: 0.35; stroke: #fb8c00; stroke-opacity: 0.6; }
        .fault-caption { fill: #e65100; font-size: 10px; }
        .acked { fill: #1e88e5; fill-opacity: 0.25; stroke: #1565c0; stroke-width: 1.2; }
        .failed-rate { fill: none; stroke: var(--bad); stroke-width: 1.4; }
        .failed-op { fill: var(--bad); fill-opacity: 0.85; }
        .lost-write { fill: #6a1b9a; }
        .p50 { fill: none; stroke: #1565c0; stroke-width: 1.4; }
        .pmax { fill: none; stroke: #90caf9; stroke-width: 1; }
        .lane-label { font-size: 12px; fill: #222; font-weight: 600; }
        .span-label { font-size: 10px; fill: #fff; }
        .span-label.dark { fill: #222; }
        .role-primary { fill: #2e7d32; } .role-replica { fill: #1e88e5; } .role-transition { fill: #ef6c00; }
        .role-unreachable { fill: #9e9e9e; } .role-unknown { fill: #e0e0e0; } .role-none { fill: #ef9a9a; }
        .role-up { fill: #a5d6a7; }
        .step-mark { fill: #555; } .step-label { font-size: 10px; fill: #555; }
        .gameday-note { stroke: #2a6fb0; stroke-width: 2; } .gameday-decision { stroke: #777; stroke-width: 1.5; stroke-dasharray: 2 2; }
        .gameday-mark-expected { stroke: #2e8b57; stroke-width: 2; } .gameday-mark-unexpected { stroke: #c0392b; stroke-width: 2.5; }
        .layer-bar { fill: #5c6bc0; } .layer-bar.ack { fill: #1e88e5; }
        .path-figures { margin: 4px 0 6px; }
        .path-figures b { font-variant-numeric: tabular-nums; }
        footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
        @media print { body { max-width: none; } h2 { break-after: avoid; } svg { break-inside: avoid; } }
        """
}
