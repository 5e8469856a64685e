// The lines a game day shows: a step before it runs, what was observed after it; and the sanitizing of what
// people type before it reaches an artifact.

import Foundation

/// Text for the game day's operator.
public enum GamedayText {
    /// Removes control characters (escape sequences, bells, carriage returns, tabs become spaces) and trims.
    public static func sanitize(_ text: String) -> String {
        let scalars = text.unicodeScalars.map { scalar -> String in
            if scalar == "\t" || scalar == "\n" { return " " }
            return scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format ? "" : String(scalar)
        }
        return scalars.joined().trimmingCharacters(in: .whitespaces)
    }

    /// The step about to run: its place, what it does, the resolved plan and what the team expects.
    public static func preview(_ preview: StepPreview) -> [String] {
        var lines = ["── step \(preview.index + 1) of \(preview.count): \(preview.step.name) (t = \(signed(preview.elapsedSeconds)) s)",
                     "   does:   \(preview.summary)"]
        lines += (preview.plan ?? []).map { "           \($0)" }
        if let problem = preview.planProblem { lines.append("   cannot plan it now: \(problem)") }
        lines.append("   expect: \(preview.step.expect.map(sanitize) ?? "(no `expect:` written for this step)")")
        return lines
    }

    /// What was observed while a step ran.
    public static func observation(_ observation: StepObservation) -> [String] {
        var lines = ["   observed (\(signed(observation.startSeconds)) s → \(signed(observation.endSeconds)) s): \(observation.outcome)"
                     + (observation.detail.map { " — \($0)" } ?? "")]
        if observation.leaderBefore != observation.leaderAfter {
            lines.append("   leader: \(observation.leaderBefore ?? "none") → \(observation.leaderAfter ?? "none")")
        } else {
            lines.append("   leader: \(observation.leaderAfter ?? "none seen") (unchanged)")
        }
        for path in observation.paths.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let window = observation.paths[path] else { continue }
            lines.append("   \(path.rawValue): \(window.acked) ok, \(window.failed) failed during the step; longest without an ack so far "
                         + String(format: "%.2f s", window.longestGapSeconds) + (window.downNow ? " — DOWN NOW" : ""))
        }
        let shown = observation.events.suffix(6)
        if observation.events.count > shown.count { lines.append("   events: \(observation.events.count), the last \(shown.count):") }
        for event in shown {
            let change = [event.from, event.to].compactMap { $0 }.joined(separator: " → ")
            lines.append("   \(signed(Double(event.timeNs - observation.methodStartNs) / 1e9)) s \(event.kind.rawValue) \(event.member ?? event.source)"
                         + (change.isEmpty ? "" : " \(change)"))
        }
        lines.append("   (lost writes are counted when the run ends: the RPO check reads every acknowledged write back)")
        return lines
    }

    /// Entries (notes, decisions, marks) as one line each, for the dashboard.
    public static func entryLines(_ entries: [GamedayEntry]) -> [String] {
        entries.map { entry in
            let what: String
            switch entry.kind {
            case .note: what = "note"
            case .decision: what = "decision"
            case .mark: what = entry.expected == true ? "as expected" : "NOT as expected"
            }
            return "\(signed(entry.seconds)) s \(what)" + (entry.step.map { " (\($0))" } ?? "") + (entry.text.isEmpty ? "" : ": \(entry.text)")
        }
    }

    /// Seconds with a sign and one decimal ("+12.3", "-0.5").
    static func signed(_ seconds: Double) -> String { String(format: "%+.1f", seconds) }
}
