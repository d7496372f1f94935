import Foundation

/// Runs `work` over items `0..<count` on `jobs` threads and hands the results to `emit` in
/// item order, on the calling thread, as soon as each is ready.
///
/// Each thread makes its own worker state with `makeWorker` (decoders and hashers keep
/// scratch buffers and are not thread-safe). Workers never run more than `window` items
/// ahead of the next result to emit, so memory stays bounded however slow one item is.
public enum ParallelMap {
    public static func run<Worker, Output: Sendable>(
        count: Int,
        jobs: Int,
        window: Int? = nil,
        makeWorker: @escaping @Sendable () -> Worker,
        work: @escaping @Sendable (inout Worker, Int) -> Output,
        emit: (Int, Output) -> Void
    ) {
        guard count > 0 else { return }
        let jobs = max(1, min(jobs, count))
        let state = SharedState<Output>(window: max(window ?? jobs * 16, jobs))
        var threads: [Thread] = []
        for _ in 0..<jobs {
            let thread = Thread {
                var worker = makeWorker()
                while let index = state.claim(count: count) {
                    let output = work(&worker, index)
                    state.deliver(index, output)
                }
            }
            thread.stackSize = 8 << 20
            threads.append(thread)
            thread.start()
        }
        for index in 0..<count {
            let output = state.take(index)
            emit(index, output)
        }
    }

    /// The queue of claimed indices and finished results shared by the threads.
    private final class SharedState<Output>: @unchecked Sendable {
        private let condition = NSCondition()
        private var nextToClaim = 0
        private var nextToEmit = 0
        private var ready: [Int: Output] = [:]
        private let window: Int

        init(window: Int) { self.window = window }

        func claim(count: Int) -> Int? {
            condition.lock()
            defer { condition.unlock() }
            while nextToClaim < count && nextToClaim >= nextToEmit + window { condition.wait() }
            guard nextToClaim < count else { return nil }
            defer { nextToClaim += 1 }
            return nextToClaim
        }

        func deliver(_ index: Int, _ output: Output) {
            condition.lock()
            ready[index] = output
            condition.broadcast()
            condition.unlock()
        }

        func take(_ index: Int) -> Output {
            condition.lock()
            defer { condition.unlock() }
            while ready[index] == nil { condition.wait() }
            nextToEmit = index + 1
            condition.broadcast()
            return ready.removeValue(forKey: index)!
        }
    }
}
