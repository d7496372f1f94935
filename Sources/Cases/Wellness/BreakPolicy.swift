#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// When to remind a reviewer to take a break, from the times they revealed media.
///
/// A continuous review session is a run of reveals with no gap of `breakMinutes` or more (a
/// gap that long counts as a break). A reminder is due when the current session has
/// `maximumRevealsPerSession` reveals or has lasted `maximumSessionMinutes`.
public struct BreakPolicy: Hashable, Sendable, Codable {
    public var maximumRevealsPerSession: Int
    public var maximumSessionMinutes: Double
    /// A gap between reveals at least this long counts as a break.
    public var breakMinutes: Double

    public init(maximumRevealsPerSession: Int, maximumSessionMinutes: Double, breakMinutes: Double) {
        self.maximumRevealsPerSession = maximumRevealsPerSession
        self.maximumSessionMinutes = maximumSessionMinutes
        self.breakMinutes = breakMinutes
    }

    /// 50 reveals or 60 minutes, a 15-minute gap is a break.
    public static let standard = BreakPolicy(maximumRevealsPerSession: 50, maximumSessionMinutes: 60, breakMinutes: 15)

    /// How far back reveals matter: a session cannot be longer than this without a reminder.
    public var lookback: TimeInterval { (maximumSessionMinutes + breakMinutes) * 60 * 4 }

    /// The advice at `now` from the reviewer's reveal times (any order).
    public func advice(revealTimes: [Date], now: Date) -> BreakAdvice {
        let times = revealTimes.filter { $0 <= now }.sorted()
        guard let last = times.last, now.timeIntervalSince(last) < breakMinutes * 60 else {
            return BreakAdvice(takeBreak: false, revealsThisSession: 0, sessionMinutes: 0, reason: nil)
        }
        var start = times.count - 1
        while start > 0 && times[start].timeIntervalSince(times[start - 1]) < breakMinutes * 60 { start -= 1 }
        let count = times.count - start
        let minutes = now.timeIntervalSince(times[start]) / 60
        let reason: String? =
            if count >= maximumRevealsPerSession { "\(count) items revealed since your last break" }
            else if minutes >= maximumSessionMinutes { "\(Int(minutes)) minutes of review since your last break" }
            else { nil }
        return BreakAdvice(takeBreak: reason != nil, revealsThisSession: count, sessionMinutes: minutes, reason: reason)
    }
}

/// What the UI shows about breaks.
public struct BreakAdvice: Hashable, Sendable, Codable {
    /// A break is due.
    public var takeBreak: Bool
    /// Reveals since the last break.
    public var revealsThisSession: Int
    /// Minutes since the session's first reveal.
    public var sessionMinutes: Double
    /// Why a break is due, for the reminder.
    public var reason: String?

    public init(takeBreak: Bool, revealsThisSession: Int, sessionMinutes: Double, reason: String?) {
        self.takeBreak = takeBreak
        self.revealsThisSession = revealsThisSession
        self.sessionMinutes = sessionMinutes
        self.reason = reason
    }
}
