import BulwarkCore
import PostgresNIO
import Synchronization

/// Guards an operation on one PostgreSQL connection against the connection dying under it.
///
/// When the server goes away in the middle of a query, postgres-nio can leave the query
/// pending forever although the connection is closed (seen when the server is stopped with
/// `pg_ctl -m immediate` during a long import): an import then hung instead of failing.
/// ``run(_:on:_:)`` runs the operation in its own task and returns whichever comes first:
/// its result, or an error naming the operation once a watch (checking every
/// ``pollInterval``) sees the connection closed. A stuck operation cannot be awaited to its
/// end, so it is abandoned (cancelled, and left to the dead connection).
enum PostgresConnectionWatch {
    /// How often the watch looks at the connection.
    static let pollInterval: Duration = .milliseconds(200)

    /// The result of `operation`, or an error naming `what` if `connection` closes first.
    static func run<Result: Sendable>(
        _ what: String, on connection: PostgresConnection, _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let outcome = FirstOutcome<Result>()
        return try await withCheckedThrowingContinuation { continuation in
            outcome.set(continuation)
            let work = Task {
                do {
                    outcome.finish(.success(try await operation()))
                } catch {
                    outcome.finish(.failure(error))
                }
            }
            Task {
                while !outcome.isFinished {
                    if connection.isClosed {
                        outcome.finish(.failure(BulwarkError.io(
                            path: "PostgreSQL", reason: "the database connection closed during \(what); nothing was committed")))
                        work.cancel()
                        return
                    }
                    try? await Task.sleep(for: pollInterval)
                }
            }
        }
    }

    /// Resumes a continuation once, with the first outcome offered.
    private final class FirstOutcome<Value: Sendable>: Sendable {
        private let state = Mutex<(continuation: CheckedContinuation<Value, any Error>?, finished: Bool)>((nil, false))

        func set(_ continuation: CheckedContinuation<Value, any Error>) {
            state.withLock { $0.continuation = continuation }
        }

        var isFinished: Bool { state.withLock { $0.finished } }

        func finish(_ result: Result<Value, any Error>) {
            let continuation = state.withLock { state -> CheckedContinuation<Value, any Error>? in
                guard !state.finished else { return nil }
                state.finished = true
                defer { state.continuation = nil }
                return state.continuation
            }
            continuation?.resume(with: result)
        }
    }
}
