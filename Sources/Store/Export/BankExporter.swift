import BulwarkCore

/// Exports a bank's entries in a chosen format as a stream of byte chunks, reading the
/// store page by page, so an export of any size uses flat memory (and an HTTP response can
/// stream it).
public struct BankExporter: Sendable {
    public let store: any BankStore

    public init(store: any BankStore) { self.store = store }

    /// The export of bank `bankID` in `format`, in chunks of about `chunkBytes` bytes.
    /// Throws `.unsupported` for formats that cannot be written (StopNCII pairs).
    public func export(
        bankID: Int64, format: BankFileFormat, chunkBytes: Int = 1 << 16
    ) throws(BulwarkError) -> AsyncThrowingStream<[UInt8], any Error> {
        let formatter = try EntryLineFormatter(format: format)
        let store = self.store
        let limit = max(1024, chunkBytes)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    _ = try await store.bank(id: bankID)
                    var buffer: [UInt8] = []
                    buffer.reserveCapacity(limit + 1024)
                    if let header = formatter.header { buffer.append(contentsOf: header.utf8) }
                    for try await entry in store.allEntries(bankID: bankID) {
                        guard let line = try formatter.line(for: entry) else { continue }
                        buffer.append(contentsOf: line.utf8)
                        if buffer.count >= limit {
                            continuation.yield(buffer)
                            buffer.removeAll(keepingCapacity: true)
                        }
                    }
                    if !buffer.isEmpty { continuation.yield(buffer) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
