#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Times are stored as whole milliseconds since 1970, like the rest of the store.
enum EvidenceTime {
    static func millis(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite else { return 0 }
        return Int64(max(-9.0e18, min(9.0e18, value)))
    }

    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}
