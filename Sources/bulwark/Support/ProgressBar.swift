import Foundation

/// A one-line progress display on stderr: done/total, rate, ETA and failures.
///
/// It draws only when stderr is a terminal (or when forced), at most ten times a second,
/// so piping output to a file stays clean and cheap.
final class ProgressBar {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private(set) var done = 0
    private(set) var failed = 0

    /// `mode` is "auto" (draw for batches of 20 or more on a terminal), "always" or "never".
    init(total: Int, label: String, mode: String) {
        self.total = total
        self.label = label
        switch mode {
        case "always": enabled = true
        case "never": enabled = false
        default: enabled = total >= 20 && isatty(STDERR_FILENO) == 1
        }
    }

    /// Records one finished item.
    func advance(failed didFail: Bool) {
        done += 1
        if didFail { failed += 1 }
        guard enabled else { return }
        let now = Date()
        if done == total || now.timeIntervalSince(lastDraw) >= 0.1 {
            lastDraw = now
            draw(now: now)
        }
    }

    /// Clears the line when the batch is over.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func draw(now: Date) {
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let rate = Double(done) / elapsed
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        var line = "\r\(label) [\(bar)] \(done)/\(total)  \(String(format: "%.1f", rate))/s  ETA \(Self.duration(remaining))"
        if failed > 0 { line += "  \(failed) failed" }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    private static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
                             : String(format: "%d:%02d", total / 60, total % 60)
    }
}
