// The bench report's inline style sheet: the run report's look, plus the bench charts' lines, panels and strips.

extension BenchReportRenderer {
    /// The CSS embedded in every bench report.
    static let styleSheet = """
        :root { --bad: #c62828; --warn: #ef6c00; --muted: #666; --line: #ddd; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
               color: #222; margin: 0 auto; max-width: 1000px; padding: 16px 24px 48px; background: #fff; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 18px 0 4px; }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
        .partial-run { border: 2px solid var(--warn); background: #fff3e0; padding: 10px 14px; border-radius: 6px;
                       margin: 12px 0; font-weight: 600; }
        table { border-collapse: collapse; margin: 6px 0 10px; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
        th { font-weight: 600; color: #444; }
        td.num, th.num { text-align: right; padding-right: 14px; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.meta td:first-child { color: var(--muted); padding-right: 18px; white-space: nowrap; }
        td.error { white-space: pre-wrap; color: var(--bad); }
        .note { color: var(--muted); }
        .figure-caption { color: var(--muted); font-size: 12px; margin: 10px 0 2px; }
        .legend { font-size: 12px; color: #444; margin: 2px 0 10px; }
        .legend > span { display: inline-block; margin-right: 14px; }
        .swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin-right: 4px; border-radius: 2px; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg text { font-size: 11px; fill: #444; font-family: system-ui, sans-serif; }
        .grid { stroke: #eee; } .axis { stroke: #999; } .tick { fill: #666; }
        .axis-title { fill: #333; font-size: 11px; }
        .panel-title { fill: #222; font-size: 12px; font-weight: 600; }
        .strip-label { font-size: 12px; font-weight: 600; }
        .whisker { stroke-width: 1.2; fill: none; }
        .point { stroke: #fff; stroke-width: 1; }
        .failed-second { fill: var(--bad); }
        footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
        @media print { body { max-width: none; } h2 { break-after: avoid; } svg { break-inside: avoid; } }
        """
}
