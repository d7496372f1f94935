import BulwarkCore
import Foundation
import Reporting
import Synchronization
import Testing

/// A gate that holds callers of ``wait()`` until ``open()``.
final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var arrivals = 0
    }

    private let state = Mutex(State())

    /// Suspends until the gate is open.
    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                state.arrivals += 1
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Lets every waiter (and later caller) through.
    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// How many callers reached the gate.
    var arrivals: Int { state.withLock { $0.arrivals } }
}

/// File bytes held at a gate: keeps a run inside its lease until the test opens the gate.
struct GatedFiles: ReportFileSource {
    let gate: Gate

    func bytes(for file: ReportFile) async throws -> [UInt8] {
        await gate.wait()
        return try await GeneratedFiles().bytes(for: file)
    }
}

/// An audit recorder that refuses one action, to make a run throw.
struct RefusingAudit: AuditRecorder {
    let action: String

    func record(_ event: AuditEvent) async throws {
        if event.action == action { throw BulwarkError.invalidInput(what: "audit", where: nil, reason: "refused \(action) for the test") }
    }
}

/// One resume at a time: the submission store's lease, on both backends.
@Suite struct SubmissionLeaseTests {
    /// A failed submission whose next step is `upload 1`.
    func failedAtUpload(_ harness: StandInHarness) async throws -> ReportSubmission {
        harness.standIn.fail(.upload, with: .http500)
        let submitter = try harness.submitter()
        let failed = try await submitter.start(Samples.incident(files: 1), destination: "NCMEC CyberTipline")
        try await submitter.client.shutdown()
        #expect(failed.nextStep == "upload 1")
        return failed
    }

    @Test(arguments: ReportingBackend.allCases)
    func claimIsExclusiveUntilReleasedOrExpired(backend: ReportingBackend) async throws {
        guard let store = try await backend.open() else { return }
        let submission = ReportSubmission(destination: "NCMEC CyberTipline", incident: Samples.incident(files: 0))
        try await store.save(submission)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let until = now.addingTimeInterval(60)

        #expect(try await store.lease(submissionID: submission.id) == nil)
        let lease = try await store.claim(submissionID: submission.id, owner: "worker-a", until: until, now: now)
        #expect(lease == SubmissionLease(submissionID: submission.id, owner: "worker-a", until: until))
        #expect(try await store.lease(submissionID: submission.id) == lease)
        // The holder may extend its own lease.
        let extended = try await store.claim(submissionID: submission.id, owner: "worker-a", until: until.addingTimeInterval(30), now: now)
        #expect(extended.until == until.addingTimeInterval(30))

        await #expect(throws: ReportingError.submissionBusy(submissionID: submission.id, holder: "worker-a", until: extended.until)) {
            try await store.claim(submissionID: submission.id, owner: "worker-b", until: until, now: now.addingTimeInterval(1))
        }
        // Releasing someone else's lease does nothing.
        try await store.release(submissionID: submission.id, owner: "worker-b")
        #expect(try await store.lease(submissionID: submission.id)?.owner == "worker-a")
        // Past its end, the lease is taken over.
        let takenOver = try await store.claim(
            submissionID: submission.id, owner: "worker-b", until: extended.until.addingTimeInterval(60), now: extended.until)
        #expect(takenOver.owner == "worker-b")
        try await store.release(submissionID: submission.id, owner: "worker-b")
        #expect(try await store.lease(submissionID: submission.id) == nil)
        _ = try await store.claim(submissionID: submission.id, owner: "worker-a", until: until, now: now)

        await #expect(throws: BulwarkError.self) {
            try await store.claim(submissionID: "no-such-submission", owner: "worker-a", until: until, now: now)
        }
        // Saving the submission's progress leaves the lease alone.
        try await store.save(submission)
        #expect(try await store.lease(submissionID: submission.id)?.owner == "worker-a")
        try await store.close()
    }

    @Test(arguments: ReportingBackend.allCases)
    func twoConcurrentResumesRunTheFlowOnce(backend: ReportingBackend) async throws {
        try await backend.withStandIn { harness in
            let failed = try await failedAtUpload(harness)
            let gate = Gate()
            let first = try harness.submitter(files: GatedFiles(gate: gate))
            let second = try harness.submitter(files: GatedFiles(gate: gate))
            let results = await withTaskGroup(of: Result<ReportSubmission, any Error>.self) { group in
                for submitter in [first, second] {
                    group.addTask {
                        do { return .success(try await submitter.resume(id: failed.id)) } catch { return .failure(error) }
                    }
                }
                var results: [Result<ReportSubmission, any Error>] = []
                // The run holding the lease waits at the gate, so the first answer is the refused one.
                if let refused = await group.next() { results.append(refused) }
                gate.open()
                if let finished = await group.next() { results.append(finished) }
                return results
            }
            try await first.client.shutdown()
            try await second.client.shutdown()
            #expect(results.count == 2)
            guard case let .failure(error) = results[0], case let .submissionBusy(id, holder, until)? = error as? ReportingError else {
                Issue.record("the first answer should be submissionBusy, got \(results[0])")
                return
            }
            #expect(id == failed.id)
            #expect(holder.hasPrefix("reviewer:ada "))
            #expect(until > Date())
            #expect("\(error)".contains(failed.id))
            let done = try results[1].get()
            #expect(done.status == .finished)
            #expect(gate.arrivals == 1, "only one run reached the upload")
            #expect(harness.standIn.calls.filter { $0 == .upload }.count == 2, "the failed upload, then one more")
            #expect(harness.standIn.calls.filter { $0 == .finish }.count == 1)
            #expect(harness.standIn.violations.isEmpty, "\(harness.standIn.violations)")
            #expect(harness.audit.actions.filter { $0 == "report.resume" }.count == 1)
            #expect(try await harness.store.lease(submissionID: failed.id) == nil, "released after the run")
        }
    }

    @Test(arguments: ReportingBackend.allCases)
    func anExpiredLeaseOfACrashedRunIsTakenOver(backend: ReportingBackend) async throws {
        try await backend.withStandIn { harness in
            let failed = try await failedAtUpload(harness)
            let now = Date()
            // A live lease of another process: resume is refused, naming it.
            _ = try await harness.store.claim(
                submissionID: failed.id, owner: "crashed-process", until: now.addingTimeInterval(3600), now: now)
            let submitter = try harness.submitter()
            do {
                _ = try await submitter.resume(id: failed.id)
                Issue.record("resume should be refused while another process holds the lease")
            } catch let ReportingError.submissionBusy(id, holder, _) {
                #expect(id == failed.id)
                #expect(holder == "crashed-process")
            }
            // The same process left a lease that ended a second ago: it is taken over.
            _ = try await harness.store.claim(
                submissionID: failed.id, owner: "crashed-process", until: now.addingTimeInterval(-1), now: now.addingTimeInterval(-2))
            let done = try await submitter.resume(id: failed.id)
            try await submitter.client.shutdown()
            #expect(done.status == .finished)
            #expect(try await harness.store.lease(submissionID: failed.id) == nil)
        }
    }

    @Test(arguments: ReportingBackend.allCases)
    func theLeaseIsReleasedAfterAFailedOrThrowingRun(backend: ReportingBackend) async throws {
        try await backend.withStandIn { harness in
            let failed = try await failedAtUpload(harness)
            // A step fails: the submission is saved as failed and the lease given back.
            harness.standIn.fail(.upload, with: .http500)
            let submitter = try harness.submitter()
            let again = try await submitter.resume(id: failed.id)
            #expect(again.status == .failed)
            #expect(try await harness.store.lease(submissionID: failed.id) == nil)

            // The run throws (its audit record is refused): the lease is given back too.
            let throwing = try harness.submitter(audit: RefusingAudit(action: "report.resume"))
            await #expect(throws: BulwarkError.self) { try await throwing.resume(id: failed.id) }
            try await throwing.client.shutdown()
            #expect(try await harness.store.lease(submissionID: failed.id) == nil)

            // Retract takes the lease as well and gives it back.
            let now = Date()
            _ = try await harness.store.claim(submissionID: failed.id, owner: "other", until: now.addingTimeInterval(600), now: now)
            await #expect(throws: ReportingError.self) { try await submitter.retract(id: failed.id) }
            try await harness.store.release(submissionID: failed.id, owner: "other")
            let retracted = try await submitter.retract(id: failed.id)
            try await submitter.client.shutdown()
            #expect(retracted.status == .retracted)
            #expect(try await harness.store.lease(submissionID: failed.id) == nil)
        }
    }
}
