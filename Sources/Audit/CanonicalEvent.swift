#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore

/// The one byte form of an ``AuditEvent`` that the chain hashes.
///
/// Canonical JSON, so the same event always gives the same bytes on every platform and in
/// every version of Bulwark. It is the JSON Canonicalization Scheme (RFC 8785) applied to an
/// object whose values are all strings:
///
/// - UTF-8, no whitespace, one object with exactly the keys `action`, `actor`, `at`,
///   `details`, `subject`, in that (ascending) order;
/// - `details` is an object of string values whose keys are sorted by their UTF-16 code
///   units, as RFC 8785 says;
/// - strings keep their characters as UTF-8 (no Unicode normalisation) and escape only
///   `"` as `\"`, `\` as `\\`, U+0008/09/0A/0C/0D as `\b \t \n \f \r`, and the other
///   characters below U+0020 as `\u00xx` with lowercase hex digits;
/// - `at` is the time in UTC with millisecond precision, `YYYY-MM-DDTHH:MM:SS.mmmZ`
///   (years 0000 to 9999, proleptic Gregorian). Events are rounded to the nearest
///   millisecond when they are appended.
///
/// Python's `json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`
/// gives the same bytes for keys without characters above U+FFFF (the tests use it as an oracle).
///
/// Example: `{"action":"bank.create","actor":"key:ab12","at":"2026-11-21T18:11:55.123Z","details":{"name":"list-a"},"subject":"bank:3"}`
public enum CanonicalEvent {
    /// The canonical bytes of `event`. Throws if its time is outside years 0000-9999.
    public static func encode(_ event: AuditEvent) throws(BulwarkError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        out.append(contentsOf: Array(#"{"action":"#.utf8))
        appendString(event.action, to: &out)
        out.append(contentsOf: Array(#","actor":"#.utf8))
        appendString(event.actor, to: &out)
        out.append(contentsOf: Array(#","at":""#.utf8))
        out.append(contentsOf: Array(try timestamp(millis: millis(of: event.at)).utf8))
        out.append(contentsOf: Array(#"","details":{"#.utf8))
        let keys = event.details.keys.map { (key: $0, units: Array($0.utf16)) }.sorted { $0.units.lexicographicallyPrecedes($1.units) }
        for (index, key) in keys.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(key.key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(event.details[key.key] ?? "", to: &out)
        }
        out.append(contentsOf: Array(#"},"subject":"#.utf8))
        appendString(event.subject, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The event whose canonical form is `bytes`. Throws `.invalidInput` unless `bytes` are
    /// exactly the canonical form of the event they describe (so a record stored in any other
    /// spelling is refused, not silently accepted).
    public static func decode(_ bytes: [UInt8]) throws(BulwarkError) -> AuditEvent {
        let parsed: Fields
        do {
            parsed = try JSONDecoder().decode(Fields.self, from: Data(bytes))
        } catch {
            throw .invalidInput(what: "audit event", where: nil, reason: "not the canonical JSON object: \(error)")
        }
        guard let millis = parseTimestamp(parsed.at) else {
            throw .invalidInput(what: "audit event", where: "at", reason: "time must look like 2026-01-31T23:59:59.999Z")
        }
        let event = AuditEvent(
            actor: parsed.actor, action: parsed.action, subject: parsed.subject, details: parsed.details,
            at: date(millis: millis))
        guard try encode(event) == bytes else {
            throw .invalidInput(what: "audit event", where: nil, reason: "JSON is not in canonical form")
        }
        return event
    }

    /// `date` as whole milliseconds since 1970, rounded to the nearest.
    public static func millis(of date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite, value > -9.2e18, value < 9.2e18 else { return value < 0 ? Int64.min / 2 : Int64.max / 2 }
        return Int64(value)
    }

    /// `date` in the canonical time format (`2026-01-31T23:59:59.999Z`), as shown to people.
    public static func timestamp(_ date: Date) throws(BulwarkError) -> String {
        try timestamp(millis: millis(of: date))
    }

    /// The date `millis` milliseconds after 1970.
    public static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    private struct Fields: Decodable {
        var action: String
        var actor: String
        var at: String
        var details: [String: String]
        var subject: String
    }

    private static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0xF))
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    // MARK: Time

    private static let millisPerDay: Int64 = 86_400_000

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` for `millis` since 1970 (proleptic Gregorian, UTC).
    static func timestamp(millis: Int64) throws(BulwarkError) -> String {
        let days = floorDivide(millis, millisPerDay)
        let inDay = millis - days * millisPerDay
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else {
            throw .invalidInput(what: "audit event", where: "at", reason: "year \(year) is outside 0000-9999")
        }
        let hour = inDay / 3_600_000, minute = inDay / 60_000 % 60, second = inDay / 1000 % 60, milli = inDay % 1000
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":"
            + pad(second, 2) + "." + pad(milli, 3) + "Z"
    }

    /// The milliseconds since 1970 that `text` (in the canonical time format) names, or nil.
    static func parseTimestamp(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 else { return nil }
        let layout: [Int: UInt8] = [4: UInt8(ascii: "-"), 7: UInt8(ascii: "-"), 10: UInt8(ascii: "T"), 13: UInt8(ascii: ":"),
                                    16: UInt8(ascii: ":"), 19: UInt8(ascii: "."), 23: UInt8(ascii: "Z")]
        for (offset, expected) in layout where bytes[offset] != expected { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let milli = number(20..<23),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        guard civil(fromDays: days) == (year, month, day) else { return nil }  // e.g. February 30
        return days * millisPerDay + ((hour * 60 + minute) * 60 + second) * 1000 + milli
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// Howard Hinnant's civil-from-days: the Gregorian date `days` after 1970-01-01.
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The inverse of ``civil(fromDays:)``.
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
