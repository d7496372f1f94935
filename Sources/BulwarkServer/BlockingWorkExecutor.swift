import Dispatch

/// A task executor on a concurrent dispatch queue, for long synchronous work (reading and
/// hashing a multi-gigabyte model file) that must not hold the cooperative thread pool the
/// rest of the server's requests run on.
final class BlockingWorkExecutor: TaskExecutor {
    /// The executor the server's heavy routes share.
    static let shared = BlockingWorkExecutor(label: "bulwark.blocking-work")

    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, attributes: .concurrent)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    /// Runs `work` with this executor preferred, so its synchronous parts run on the queue.
    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(self) { try await work() }
    }
}
