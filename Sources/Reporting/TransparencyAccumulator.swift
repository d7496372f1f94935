import Foundation

/// Computes ``TransparencyFigures`` over records that arrive one at a time (a stream or pages
/// of closed cases), in memory that does not grow with the number of distinct records except
/// for the times to action, which the median and 90th percentile need exactly.
///
/// Memory: counts per category, source and outcome are one dictionary entry per distinct
/// label (a handful). Each actioned record adds its time to action in whole milliseconds as
/// one `UInt32` (4 bytes; 1 million actioned cases take 4 MB), or, for the rare time over
/// 49.7 days (2^32 ms), one `Int64` in a separate list. Because every long time is larger
/// than every short one, the sorted short list followed by the sorted long list is the whole
/// sorted order, so median and percentile are exact, equal to ``TransparencyFigures/init(records:from:to:)``.
/// A histogram would be smaller but would round the times; exactness was chosen.
public struct TransparencyAccumulator: Sendable {
    /// Start of the period (records opened on or after it count).
    public let from: Date
    /// End of the period (records opened before it count).
    public let to: Date
    private var total = 0
    private var categories: [String: Int] = [:]
    private var sources: [String: Int] = [:]
    private var outcomes: [String: Int] = [:]
    private var shortTimes: [UInt32] = []
    private var longTimes: [Int64] = []

    /// An empty accumulator for records opened in `[from, to)`.
    public init(from: Date, to: Date) {
        self.from = from
        self.to = to
    }

    /// Counts `record` if it was opened in the period; others are ignored. A record whose
    /// `actionedAt` is before its `openedAt` counts as actioned in 0 seconds.
    public mutating func add(_ record: TransparencyRecord) {
        guard record.openedAt >= from, record.openedAt < to else { return }
        total += 1
        categories[record.category, default: 0] += 1
        sources[record.source, default: 0] += 1
        outcomes[record.outcome, default: 0] += 1
        guard let actionedAt = record.actionedAt else { return }
        let millis = max(0, (actionedAt.timeIntervalSince(record.openedAt) * 1000).rounded())
        if let short = UInt32(exactly: millis) {
            shortTimes.append(short)
        } else {
            longTimes.append(Int64(exactly: millis) ?? Int64.max)
        }
    }

    /// Counts every record of `records` (see ``add(_:)``).
    public mutating func add<Records: Sequence>(contentsOf records: Records) where Records.Element == TransparencyRecord {
        for record in records { add(record) }
    }

    /// Number of records counted so far.
    public var count: Int { total }

    /// The figures of what was added so far. Sorts the kept times in place (no copy); more
    /// records may be added afterwards.
    public mutating func figures() -> TransparencyFigures {
        shortTimes.sort()
        longTimes.sort()
        let actioned = shortTimes.count + longTimes.count
        return TransparencyFigures(
            from: from, to: to, total: total, actioned: actioned,
            byCategory: TransparencyFigures.counts(categories), bySource: TransparencyFigures.counts(sources),
            byOutcome: TransparencyFigures.counts(outcomes),
            medianTimeToAction: actioned == 0 ? nil : median(count: actioned),
            p90TimeToAction: actioned == 0 ? nil : seconds(at: TransparencyFigures.nearestRank(count: actioned, percentile: 90) - 1))
    }

    /// The time to action at `index` of the sorted order, in seconds.
    private func seconds(at index: Int) -> Double {
        let millis = index < shortTimes.count ? Int64(shortTimes[index]) : longTimes[index - shortTimes.count]
        return Double(millis) / 1000
    }

    private func median(count: Int) -> Double {
        let middle = count / 2
        return count % 2 == 1 ? seconds(at: middle) : (seconds(at: middle - 1) + seconds(at: middle)) / 2
    }
}

extension TransparencyAccumulator {
    /// The figures of the records opened in `[from, to)` among those `records` yields, read
    /// one at a time (memory as described on ``TransparencyAccumulator``).
    public static func figures<Records: AsyncSequence>(
        of records: Records, from: Date, to: Date
    ) async throws -> TransparencyFigures where Records.Element == TransparencyRecord {
        var accumulator = TransparencyAccumulator(from: from, to: to)
        for try await record in records { accumulator.add(record) }
        return accumulator.figures()
    }

    /// The figures over pages fetched by `page`: it is called with `nil`, then with each
    /// page's `next` cursor until that is `nil` (a keyset-paged listing). Only one page is
    /// held at a time.
    public static func figures<Cursor: Sendable>(
        from: Date, to: Date, pages page: (Cursor?) async throws -> (records: [TransparencyRecord], next: Cursor?)
    ) async throws -> TransparencyFigures {
        var accumulator = TransparencyAccumulator(from: from, to: to)
        var cursor: Cursor? = nil
        repeat {
            let fetched = try await page(cursor)
            accumulator.add(contentsOf: fetched.records)
            cursor = fetched.next
        } while cursor != nil
        return accumulator.figures()
    }
}
