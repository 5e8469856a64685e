// The game day's full-screen dashboard in the terminal: the alternate screen, redrawn 6 times a second
// (only the lines that changed), the exercise's text in the room left at the bottom, and the operator's
// answer typed on the last line (the terminal in non-canonical mode without echo; Ctrl-C still interrupts).
// On the way out the terminal is restored and the exercise's text printed, so the scrollback tells the story.

import ChaosKit
import Foundation

/// The dashboard on a terminal.
final class DashboardTerminal: @unchecked Sendable {
    /// Redraws per second.
    static let refreshPerSecond = 6

    /// Whether the dashboard can be shown: standard input and output are a terminal that understands cursor
    /// movement, and colour is not refused (`NO_COLOR`); otherwise the game day prints line by line.
    static var usable: Bool {
        let environment = ProcessInfo.processInfo.environment
        let term = environment["TERM"] ?? ""
        return isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && !term.isEmpty && term != "dumb"
    }

    private let lock = NSLock()
    private var exercise: [String] = []
    private var feed: DashboardFeed?
    private var prompt: String?
    private var input: [UInt8] = []
    private var pending: [UInt8] = []
    private var inputClosed = false
    private var drawn: [String] = []
    private var size = (width: 0, height: 0)
    private var saved = termios()
    private let stopFlag = StopFlag()
    /// Frames drawn and the time spent drawing them (for the cost figures in docs/benchmarks.md).
    private(set) var frames = 0
    private var drawingNs: Int64 = 0

    /// Takes the terminal: the alternate screen, no echo, answers read key by key.
    func start() {
        tcgetattr(STDIN_FILENO, &saved)
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        raw.c_cc.6 = 0  // VMIN: reads return what there is
        raw.c_cc.5 = 0  // VTIME
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        emit("\u{1B}[?1049h\u{1B}[2J")
        stopFlag.workerStarted()
        let thread = Thread { [self] in
            let period = Int64(1_000_000_000 / Self.refreshPerSecond)
            var next = MonotonicClock.absoluteNow()
            while !stopFlag.isStopped {
                let begun = MonotonicClock.absoluteNow()
                draw()
                let spent = MonotonicClock.absoluteNow() - begun
                lock.withLock {
                    frames += 1
                    drawingNs += spent
                }
                next += period
                _ = stopFlag.sleep(nanoseconds: next - MonotonicClock.absoluteNow())
            }
            stopFlag.workerFinished()
        }
        thread.name = "chaos-dashboard"
        thread.start()
    }

    /// Gives the terminal back and prints the exercise's text; returns the frames drawn and the mean drawing time.
    @discardableResult
    func stop() -> (frames: Int, meanDrawMs: Double) {
        stopFlag.stopAndWait(timeoutSeconds: 2)
        emit("\u{1B}[?1049l")
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        let (lines, frames, spent) = lock.withLock { (exercise, self.frames, drawingNs) }
        for line in lines { print(line) }
        return (frames, frames == 0 ? 0 : Double(spent) / Double(frames) / 1e6)
    }

    /// Shows the run live from now on.
    func attach(_ feed: DashboardFeed) { lock.withLock { self.feed = feed } }

    /// The question the exercise waits on (for the web page too).
    var currentPrompt: String? { lock.withLock { prompt } }

    /// Adds the exercise's lines (the step, what was observed) to the room at the bottom.
    func append(_ lines: [String]) {
        lock.withLock {
            exercise += lines
            if exercise.count > 1000 { exercise.removeFirst(exercise.count - 1000) }
        }
    }

    /// Asks `question` on the last line and returns the line typed; nil once input is closed or `stopped()`.
    func readLine(_ question: String, stopped: () -> Bool) -> String? {
        lock.withLock {
            prompt = question
            input = []
        }
        defer { lock.withLock { prompt = nil } }
        while true {
            if let line = takeLine() {
                append(["\(question) \(line)"])
                return line
            }
            if lock.withLock({ inputClosed }) || stopped() { return nil }
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 256)
            let count = read(STDIN_FILENO, &chunk, chunk.count)
            lock.withLock {
                if count <= 0 { inputClosed = true } else { pending += chunk[0..<count] }
            }
        }
    }

    /// Edits the answer with the keys typed so far; returns it once Enter came.
    private func takeLine() -> String? {
        lock.withLock {
            var escape = 0  // 1 after ESC, 2 inside a CSI sequence (arrow keys and the like are ignored)
            while !pending.isEmpty {
                let byte = pending.removeFirst()
                if escape == 1 { escape = byte == 0x5B ? 2 : 0; continue }
                if escape == 2 { if (0x40...0x7E).contains(byte) { escape = 0 }; continue }
                switch byte {
                case 0x1B: escape = 1
                case 0x0A, 0x0D:
                    let line = String(decoding: input, as: UTF8.self)
                    input = []
                    return line
                case 0x7F, 0x08:
                    while let last = input.last, last & 0xC0 == 0x80 { input.removeLast() }
                    if !input.isEmpty { input.removeLast() }
                case 0x15: input = []  // Ctrl-U
                case 0x04 where input.isEmpty: inputClosed = true  // Ctrl-D on an empty line
                case 0x00..<0x20: break
                default: input.append(byte)
                }
            }
            return nil
        }
    }

    private func draw() {
        var window = winsize()
        let width = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0 && window.ws_col > 0 ? Int(window.ws_col) : 80
        let height = window.ws_row > 0 ? Int(window.ws_row) : 24
        let (feed, exercise, prompt, input) = lock.withLock { (self.feed, self.exercise, self.prompt, self.input) }
        let snapshot = feed?.snapshot() ?? .preparing("preparing (preflight, writers, warm-up)")
        let body = DashboardText.render(snapshot, exercise: exercise, width: width, height: max(1, height - 1))
        let typed = String(decoding: input, as: UTF8.self)
        let last = prompt.map { "\($0) \(typed)" } ?? ""
        var out = ""
        let resized = lock.withLock { () -> Bool in
            defer { size = (width, height) }
            return size != (width, height)
        }
        if resized {
            out += "\u{1B}[2J"
            drawn = []
        }
        for (row, line) in body.enumerated() {
            let styled = Self.style(line)
            if row < drawn.count, drawn[row] == styled { continue }
            out += "\u{1B}[\(row + 1);1H" + styled + "\u{1B}[0m\u{1B}[K"
        }
        drawn = body.map(Self.style)
        let shown = last.count < width ? last : String(last.suffix(width - 1))
        out += "\u{1B}[\(height);1H\u{1B}[1m" + shown + "\u{1B}[0m\u{1B}[K"
        emit(out)
    }

    private static func style(_ line: DashboardLine) -> String {
        switch line.style {
        case .plain: return line.text
        case .heading: return "\u{1B}[1m" + line.text
        case .alert: return "\u{1B}[31m" + line.text
        case .dim: return "\u{1B}[2m" + line.text
        }
    }

    private func emit(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { break }
            offset += written
        }
    }
}
