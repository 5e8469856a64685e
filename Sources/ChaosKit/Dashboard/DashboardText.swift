// The dashboard laid out as lines of text for a terminal of a given size: node lanes, write paths with their
// sparklines and outage clocks, services, faults, events, and the exercise's latest lines. Each line has a
// style; the terminal decides how (or whether) to colour it.

import Foundation

/// One line of the dashboard and how it should stand out.
public struct DashboardLine: Sendable, Equatable {
    /// How a line stands out.
    public enum Style: Sendable, Equatable {
        /// Ordinary text.
        case plain
        /// A section's title.
        case heading
        /// Something is wrong now (a path down, a node unreachable, a fault in effect).
        case alert
        /// Context of lesser weight.
        case dim
    }

    /// The text, at most the screen's width.
    public var text: String
    /// How it stands out.
    public var style: Style
}

/// Lays out a ``DashboardSnapshot``.
public enum DashboardText {
    /// The sparkline's levels, lowest first.
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The screen for `snapshot` in `width` × `height` characters; `exercise` are the game day's latest lines,
    /// shown in the room left at the bottom (the newest last). Every line is at most `width` characters; there
    /// are exactly `height` lines.
    public static func render(_ snapshot: DashboardSnapshot, exercise: [String], width: Int, height: Int) -> [DashboardLine] {
        var lines: [DashboardLine] = []
        func add(_ text: String, _ style: DashboardLine.Style = .plain) { lines.append(DashboardLine(text: text, style: style)) }
        add("chaos game day — \(snapshot.title)  ·  t = \(String(format: "%+.1f", snapshot.elapsedSeconds)) s  ·  \(snapshot.phase)", .heading)
        add("NODES", .heading)
        for node in snapshot.nodes {
            var text = "  " + pad(node.name, 6) + pad(node.role ?? "—", 9) + pad(node.state ?? "—", 13)
                + pad(node.timeline.map { "tl \($0)" } ?? "", 7) + pad(node.lagBytes.map { "lag \(bytes($0))" } ?? "", 14)
            if !node.faults.isEmpty { text += "⚡ " + node.faults.joined(separator: "; ") }
            add(text, node.state == "unreachable" || !node.faults.isEmpty ? .alert : .plain)
        }
        if snapshot.nodes.isEmpty { add("  (no member seen yet)", .dim) }
        if !snapshot.services.isEmpty { add("  " + snapshot.services.joined(separator: "  ·  "), .dim) }
        add("WRITES  (each mark one second, the last \(DashboardFeed.window) s; × a second with failures only)", .heading)
        let sparkWidth = max(10, min(DashboardFeed.window, width - 62))
        for path in snapshot.paths {
            let ok = Array(path.okPerSecond.suffix(sparkWidth)), failed = Array(path.failedPerSecond.suffix(sparkWidth))
            let clock = path.down ? String(format: "DOWN %.1f s", path.outageSeconds) : "up"
            // The last complete second (the current one is still filling).
            let rate = "\(path.okPerSecond.dropLast().last.map(String.init) ?? "0")/s"
            add("  " + pad(path.name, 8) + pad("ok \(path.acked)", 10) + pad("failed \(path.failed)", 13) + pad(rate, 7)
                + sparkline(ok: ok, failed: failed) + "  " + pad(clock, 12) + String(format: "longest %.2f s", path.longestOutageSeconds),
                path.down ? .alert : .plain)
        }
        add("FAULTS IN EFFECT", .heading)
        if snapshot.faults.isEmpty { add("  none", .dim) }
        for fault in snapshot.faults { add("  " + fault, .alert) }
        add("EVENTS", .heading)
        if snapshot.events.isEmpty { add("  none yet", .dim) }
        for event in snapshot.events { add("  " + event) }
        if !snapshot.notes.isEmpty {
            add("NOTES AND DECISIONS", .heading)
            for note in snapshot.notes { add("  " + note) }
        }
        add("EXERCISE", .heading)
        let room = max(0, height - lines.count)
        for line in exercise.suffix(room) { add(line, .dim) }
        while lines.count < height { add("") }
        return lines.prefix(height).map { DashboardLine(text: truncate($0.text, width), style: $0.style) }
    }

    /// One mark per second: its height the acknowledged writes against the busiest second shown; × for a
    /// second with failures and no acknowledged write; a space for a second with nothing.
    static func sparkline(ok: [Int], failed: [Int]) -> String {
        let top = max(1, ok.max() ?? 1)
        return String(zip(ok, failed).map { ok, failed -> Character in
            if ok == 0 { return failed > 0 ? "×" : " " }
            return levels[min(levels.count - 1, (ok * levels.count - 1) / top)]
        })
    }

    static func bytes(_ value: Double) -> String {
        if value < 1024 { return "\(Int(value)) B" }
        if value < 1024 * 1024 { return String(format: "%.1f kB", value / 1024) }
        return String(format: "%.1f MB", value / 1024 / 1024)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func truncate(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }
}
