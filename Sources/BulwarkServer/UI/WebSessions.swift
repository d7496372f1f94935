import BulwarkCore
import Foundation
import Store
import Synchronization

/// The review UI's signed-in sessions, kept in this instance's memory.
///
/// A reviewer signs in with an API key once; the browser then holds only a random session
/// id in an `HttpOnly`, `SameSite=Strict` cookie. Every form the UI renders carries a
/// one-time token issued for that session; a post is accepted only with a token the
/// session issued and has not seen used, so a forged post (no token) and a replayed post
/// (a used token) are both refused.
///
/// Sessions live in memory: behind a load balancer, route a reviewer to one instance
/// (sticky sessions); a restart signs everyone out.
public final class WebSessions: Sendable {
    /// A signed-in reviewer.
    public struct Session: Sendable {
        /// The random id in the cookie.
        public let id: String
        /// The API key the reviewer signed in with.
        public let key: APIKeyRecord
        /// When the reviewer signed in.
        public let createdAt: ContinuousClock.Instant
        /// Last request, for the idle timeout.
        var lastSeen: ContinuousClock.Instant
        /// Form tokens issued and not yet used, oldest first.
        var formTokens: [String] = []
    }

    /// A session ends after this long without a request.
    public let idleTimeout: Duration
    /// A session ends this long after sign-in, whatever its activity.
    public let absoluteTimeout: Duration
    /// Unused form tokens a session keeps (older ones expire first).
    static let maxFormTokens = 256
    /// Sessions one instance holds; the oldest are dropped beyond it.
    static let maxSessions = 10_000

    private let sessions = Mutex<[String: Session]>([:])

    public init(idleTimeout: Duration = .seconds(30 * 60), absoluteTimeout: Duration = .seconds(12 * 3600)) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
    }

    /// Starts a session for `key` and returns it.
    public func start(for key: APIKeyRecord) -> Session {
        let now = ContinuousClock.now
        let session = Session(id: Self.randomToken(), key: key, createdAt: now, lastSeen: now)
        sessions.withLock { sessions in
            if sessions.count >= Self.maxSessions {
                let expired = sessions.filter { !isLive($0.value, at: now) }.map(\.key)
                for id in expired { sessions[id] = nil }
                if sessions.count >= Self.maxSessions, let oldest = sessions.min(by: { $0.value.lastSeen < $1.value.lastSeen }) {
                    sessions[oldest.key] = nil
                }
            }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session with this id, its idle clock restarted; `nil` if unknown or expired.
    public func session(id: String) -> Session? {
        let now = ContinuousClock.now
        return sessions.withLock { sessions in
            guard var session = sessions[id] else { return nil }
            guard isLive(session, at: now) else {
                sessions[id] = nil
                return nil
            }
            session.lastSeen = now
            sessions[id] = session
            return session
        }
    }

    /// Ends a session (sign-out).
    public func end(id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// A new one-time form token for the session, or `nil` if the session is gone.
    public func issueFormToken(sessionID: String) -> String? {
        sessions.withLock { sessions in
            guard var session = sessions[sessionID] else { return nil }
            let token = Self.randomToken()
            session.formTokens.append(token)
            if session.formTokens.count > Self.maxFormTokens { session.formTokens.removeFirst() }
            sessions[sessionID] = session
            return token
        }
    }

    /// Uses up `token`: true if the session issued it and it was not used before.
    public func consumeFormToken(sessionID: String, token: String) -> Bool {
        sessions.withLock { sessions in
            guard var session = sessions[sessionID] else { return false }
            guard let index = session.formTokens.firstIndex(where: { APIKeys.constantTimeEqual($0, token) }) else { return false }
            session.formTokens.remove(at: index)
            sessions[sessionID] = session
            return true
        }
    }

    private func isLive(_ session: Session, at now: ContinuousClock.Instant) -> Bool {
        session.lastSeen.duration(to: now) < idleTimeout && session.createdAt.duration(to: now) < absoluteTimeout
    }

    /// 32 random bytes from the system's secure generator, as hex.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
