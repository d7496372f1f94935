import Foundation

/// A one-line progress display on stderr: how far, how fast, how long to go, and failures.
///
/// It draws only when stderr is a terminal (or when forced), at most ten times a second, so
/// piping output to a file stays clean and cheap. It is safe to update from any thread.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let unit: String
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var total: Int?
    private var fraction: Double?
    private var done = 0
    private var failures = 0

    /// `mode` is "auto" (draw on a terminal, for batches of 20 or more when `total` is known),
    /// "always" or "never". `total` is the number of items, when known up front.
    init(total: Int?, label: String, unit: String = "files", mode: String = "auto") {
        self.total = total
        self.label = label
        self.unit = unit
        switch mode {
        case "always": enabled = true
        case "never": enabled = false
        default: enabled = (total ?? .max) >= 20 && isatty(STDERR_FILENO) == 1
        }
    }

    /// Items finished so far.
    var completed: Int { lock.withLock { done } }
    /// Items that failed so far.
    var failed: Int { lock.withLock { failures } }

    /// Records one finished item.
    func advance(failed didFail: Bool) {
        lock.withLock {
            done += 1
            if didFail { failures += 1 }
            redraw(force: done == total)
        }
    }

    /// Records absolute progress: `done` items (rows, bytes...) and, when the size of the
    /// whole is known another way (e.g. bytes read of a file), the fraction completed.
    func update(done: Int, fraction: Double?) {
        lock.withLock {
            self.done = done
            self.fraction = fraction
            redraw(force: false)
        }
    }

    /// Ends the line when the work is over.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func redraw(force: Bool) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let rate = Double(done) / elapsed
        let completed = fraction ?? total.map { $0 > 0 ? Double(done) / Double($0) : 1 }
        var line = "\r\(label)"
        if let completed {
            let width = 30
            let filled = max(0, min(width, Int(completed * Double(width))))
            line += " [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
            line += String(format: " %3d%%", Int(completed * 100))
        }
        line += " \(done)" + (total.map { "/\($0)" } ?? "") + " \(unit)  " + String(format: "%.1f/s", rate)
        if let completed, completed > 0 {
            line += "  ETA " + Self.duration(elapsed * (1 - completed) / completed)
        }
        if failures > 0 { line += "  \(failures) failed" }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    private static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
                             : String(format: "%d:%02d", total / 60, total % 60)
    }
}
