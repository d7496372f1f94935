import BulwarkCore
import Foundation

/// Tracks attempts per user: repeated blocked or near-blocked attempts within a time window
/// escalate the user to review or block and emit a ``SessionSignal``; an attempt that rewords
/// an earlier flagged one is linked to it (and is itself held for review when the earlier one
/// was blocked, because rewording until something passes is the pattern to catch).
///
/// Memory is bounded: only flagged attempts are kept, at most
/// ``SessionPolicy/maximumAttemptsPerUser`` per user and ``SessionPolicy/maximumUsers`` users.
public actor SessionTracker {
    public let policy: SessionPolicy

    private struct Attempt {
        var id: Int
        var time: Date
        var verdict: Verdict
        var classes: Set<String>
        var fingerprint: TextFingerprint
    }

    private struct UserState {
        var attempts: [Attempt] = []
        var status: SessionStatus = .normal
        var lastSeen: Date
    }

    private var users: [String: UserState] = [:]
    private var nextID = 1

    public init(policy: SessionPolicy = .default) {
        self.policy = policy
    }

    /// Checks a text with `engine` and records it for `user`.
    public func check(_ text: String, user: String, engine: TextSafetyEngine, at time: Date = Date()) throws(BulwarkError) -> (result: TextCheckResult, session: SessionOutcome) {
        let result = try engine.check(text)
        let outcome = record(user: user, result: result, fingerprint: engine.fingerprint(text), at: time)
        return (result, outcome)
    }

    /// Records an attempt whose text was already checked.
    public func record(user: String, result: TextCheckResult, fingerprint: TextFingerprint, at time: Date = Date()) -> SessionOutcome {
        let id = nextID
        nextID += 1
        var state = users[user] ?? UserState(lastSeen: time)
        state.lastSeen = max(state.lastSeen, time)
        let horizon = time.addingTimeInterval(-policy.windowSeconds)
        state.attempts.removeAll { $0.time < horizon }
        if state.attempts.isEmpty && state.status != .normal { state.status = .normal }

        let classes = Set(result.firedRules.filter { $0.verdict > .allow }.map(\.class))
        let link = findRewording(of: fingerprint, classes: classes, flagged: result.verdict > .allow, in: state.attempts)
        var sessionReasons: [Reason] = []
        if let link {
            sessionReasons.append(Reason(
                code: "text.session.rewording", verdict: link.verdict == .block ? .review : .allow,
                message: "This attempt rewords attempt \(link.attemptID) (\(link.verdict.rawValue)).",
                source: "attempt \(link.attemptID)",
                details: ["basis": link.basis, "similarity": String(format: "%.2f", link.similarity)]))
        }
        let flagged = result.verdict > .allow || (link?.verdict == .block)
        if flagged {
            state.attempts.append(Attempt(id: id, time: time, verdict: max(result.verdict, .review), classes: classes,
                                          fingerprint: fingerprint))
            if state.attempts.count > policy.maximumAttemptsPerUser {
                state.attempts.removeFirst(state.attempts.count - policy.maximumAttemptsPerUser)
            }
        }
        let count = state.attempts.count
        let newStatus: SessionStatus = count >= policy.blockAfter ? .blocked : count >= policy.reviewAfter ? .review : .normal
        var signal: SessionSignal?
        if newStatus > state.status {
            signal = SessionSignal(user: user, status: newStatus, at: time, flaggedAttempts: count,
                                   attemptIDs: state.attempts.map(\.id))
        }
        state.status = max(state.status, newStatus)
        if state.status > .normal {
            sessionReasons.append(Reason(
                code: "text.session.repeat", verdict: state.status.verdict,
                message: "\(count) flagged attempts within \(Int(policy.windowSeconds)) s; user status \(state.status.rawValue).",
                source: "user \(user)", details: ["flaggedAttempts": String(count)]))
        }
        users[user] = state
        evictIfNeeded(now: time)
        return SessionOutcome(attemptID: id, user: user, textDecision: result.decision,
                              decision: result.decision.merged(with: Decision(reasons: sessionReasons)),
                              status: state.status, flaggedAttempts: count, rewords: link, signal: signal)
    }

    /// The user's current status (`normal` for an unknown user).
    public func status(of user: String) -> SessionStatus { users[user]?.status ?? .normal }

    /// Forgets a user (after a reviewer cleared them).
    public func reset(user: String) { users[user] = nil }

    /// The number of users tracked.
    public var userCount: Int { users.count }

    private func findRewording(of fingerprint: TextFingerprint, classes: Set<String>, flagged: Bool,
                               in attempts: [Attempt]) -> RewordingLink? {
        var best: RewordingLink?
        for attempt in attempts.reversed() {
            let similarity = fingerprint.similarity(to: attempt.fingerprint)
            if similarity >= policy.rewordingSimilarity, similarity > (best?.similarity ?? -1) {
                best = RewordingLink(attemptID: attempt.id, verdict: attempt.verdict, basis: "words", similarity: similarity)
            } else if best == nil, flagged, !classes.isEmpty, classes == attempt.classes {
                best = RewordingLink(attemptID: attempt.id, verdict: attempt.verdict, basis: "rules", similarity: similarity)
            }
        }
        return best
    }

    private func evictIfNeeded(now: Date) {
        guard users.count > policy.maximumUsers else { return }
        let horizon = now.addingTimeInterval(-policy.windowSeconds)
        users = users.filter { $0.value.lastSeen >= horizon }
        if users.count > policy.maximumUsers {
            let keep = users.sorted { $0.value.lastSeen > $1.value.lastSeen }.prefix(policy.maximumUsers)
            users = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
        }
    }
}
