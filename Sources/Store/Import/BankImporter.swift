import BulwarkCore

/// Imports a file into a bank: streaming (flat memory), in batches, inside one transaction
/// of the store, so a failed or interrupted import leaves the bank exactly as it was.
///
/// Invalid rows are reported with their line numbers. By default any invalid row refuses
/// the whole import (``ImportRefused``); with `skipInvalid` the valid rows are imported and
/// the report lists what was skipped. Rows for signals the bank already holds (or that
/// appear twice) merge their labels instead of adding a second entry.
public struct BankImporter: Sendable {
    public let store: any BankStore

    public init(store: any BankStore) { self.store = store }

    /// Imports the file at `path` (`-` for standard input).
    public func importFile(
        atPath path: String, into bankID: Int64, options: ImportOptions,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws -> ImportReport {
        var source = try FileChunkSource(path: path)
        return try await importEntries(into: bankID, from: &source, options: options, progress: progress)
    }

    /// Imports everything `source` yields.
    public func importEntries<Source: ByteChunkSource>(
        into bankID: Int64, from source: inout Source, options: ImportOptions,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws -> ImportReport {
        let totalBytes = source.totalBytes
        return try await store.withImportTransaction(bankID: bankID) { transaction in
            let before = try await transaction.entryCount()
            var scanner = RecordScanner(quoted: options.format.hasQuotedFields, maxRecordBytes: options.maxRecordBytes)
            var decoder = RowDecoder(options: options)
            var batch: [EntryDraft] = []
            batch.reserveCapacity(options.batchSize + 1)
            var invalid: [InvalidRow] = []
            var invalidCount = 0
            var rows = 0
            var recordsRead = 0
            var draftsWritten = 0
            var bytesRead: Int64 = 0
            var atEnd = false
            while !atEnd {
                try Task.checkCancellation()
                if let chunk = try await source.nextChunk() {
                    scanner.feed(chunk)
                    bytesRead += Int64(chunk.count)
                } else {
                    atEnd = true
                }
                while let record = try scanner.next(atEnd: atEnd) {
                    recordsRead += 1
                    switch try decoder.decode(record) {
                    case .skip:
                        continue
                    case .drafts(let drafts):
                        rows += 1
                        if invalidCount == 0 || options.skipInvalid { batch.append(contentsOf: drafts) }
                    case .invalid(let row):
                        rows += 1
                        invalidCount += 1
                        if invalid.count < options.maxListedInvalidRows { invalid.append(row) }
                        if !options.skipInvalid { batch.removeAll() }
                    }
                    if batch.count >= options.batchSize {
                        try await transaction.insert(batch)
                        draftsWritten += batch.count
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                progress?(ImportProgress(rowsRead: recordsRead, bytesRead: bytesRead, totalBytes: totalBytes))
            }
            if invalidCount > 0 && !options.skipInvalid {
                throw ImportRefused(invalidCount: invalidCount, invalidRows: invalid)
            }
            if !batch.isEmpty {
                try await transaction.insert(batch)
                draftsWritten += batch.count
            }
            let inserted = try await transaction.entryCount() - before
            return ImportReport(
                bankID: bankID, rows: rows, counts: ImportCounts(inserted: inserted, merged: draftsWritten - inserted),
                skippedCount: invalidCount, skipped: invalid)
        }
    }
}
