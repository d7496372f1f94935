import Foundation
import Synchronization

/// Turns Ctrl-C (SIGINT) into a flag long jobs poll, so they can finish the work in flight,
/// save their state and exit 130 instead of dying mid-write. A second Ctrl-C exits at once.
final class InterruptFlag: Sendable {
    private final class State: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let state = State()
    /// Kept alive for as long as the flag; only touched in `init`.
    private nonisolated(unsafe) let source: DispatchSourceSignal

    /// Starts catching SIGINT.
    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [state] in
            if state.raised.exchange(true, ordering: .relaxed) {
                _exit(130)
            }
            FileHandle.standardError.write(Data("\ninterrupted: finishing the items in flight and saving the checkpoint (Ctrl-C again to quit now)\n".utf8))
        }
        source.resume()
    }

    /// Whether Ctrl-C was pressed.
    var isRaised: Bool { state.raised.load(ordering: .relaxed) }
}
