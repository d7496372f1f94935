import Audit
import BulwarkCore
import Foundation
import Testing

@Suite("Canonical event bytes")
struct CanonicalEventTests {
    let event = AuditEvent(
        actor: "key:ab12", action: "bank.create", subject: "bank:3",
        details: ["zeta": "last", "name": "list \"a\"\\b", "Alpha": "upper sorts first", "é": "non-ASCII key", "ctl": "a\nb\u{1}"],
        at: Date(timeIntervalSince1970: 1_795_342_315.1234))

    @Test func exactBytes() throws {
        let text = String(decoding: try CanonicalEvent.encode(event), as: UTF8.self)
        #expect(text == #"{"action":"bank.create","actor":"key:ab12","at":"2026-11-22T10:11:55.123Z","details":{"Alpha":"upper sorts first","ctl":"a\nb\u0001","name":"list \"a\"\\b","zeta":"last","é":"non-ASCII key"},"subject":"bank:3"}"#)
    }

    @Test func sameEventSameBytesWhateverTheDictionaryOrder() throws {
        var reordered = [String: String]()
        for key in event.details.keys.reversed() { reordered[key] = event.details[key] }
        var copy = event
        copy.details = reordered
        #expect(try CanonicalEvent.encode(copy) == CanonicalEvent.encode(event))
    }

    @Test func roundTripsToTheMillisecond() throws {
        let decoded = try CanonicalEvent.decode(try CanonicalEvent.encode(event))
        #expect(decoded.details == event.details)
        #expect(decoded.at == Date(timeIntervalSince1970: 1_795_342_315.123))
        #expect(try CanonicalEvent.encode(decoded) == CanonicalEvent.encode(event))
    }

    @Test(arguments: [
        (0, "1970-01-01T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
        (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
    ] as [(Int64, String)])
    func timeFormat(_ millis: Int64, _ expected: String) throws {
        var dated = event
        dated.at = CanonicalEvent.date(millis: millis)
        let text = String(decoding: try CanonicalEvent.encode(dated), as: UTF8.self)
        #expect(text.contains(#""at":"\#(expected)""#))
        #expect(try CanonicalEvent.decode(try CanonicalEvent.encode(dated)).at == dated.at)
    }

    @Test func yearsOutsideTheFormatAreRefused() {
        var dated = event
        dated.at = CanonicalEvent.date(millis: 253_402_300_800_000)
        #expect(throws: BulwarkError.self) { try CanonicalEvent.encode(dated) }
        dated.at = CanonicalEvent.date(millis: -62_167_219_200_001)
        #expect(throws: BulwarkError.self) { try CanonicalEvent.encode(dated) }
    }

    @Test(arguments: [
        #"{"action":"a","actor":"b","at":"2026-01-01T00:00:00.000Z","details":{},"subject":"c"} "#,
        #"{"actor":"b","action":"a","at":"2026-01-01T00:00:00.000Z","details":{},"subject":"c"}"#,
        #"{"action":"a","actor":"b","at":"2026-01-01T00:00:00.000Z","details":{"y":"1","x":"2"},"subject":"c"}"#,
        #"{"action":"a","actor":"b","at":"2026-02-30T00:00:00.000Z","details":{},"subject":"c"}"#,
        #"{"action":"a","actor":"b","at":"2026-01-01T00:00:00Z","details":{},"subject":"c"}"#,
        #"{"action":"a","actor":"b","at":"2026-01-01T00:00:00.000Z","details":{},"subject":"\u0063"}"#,
        #"{"action":"a","actor":"b","at":"2026-01-01T00:00:00.000Z","details":{}}"#,
        #"{"action":"a","actor":"b","at":"2026-01-01T00:00:00.000Z","details":{"k":1},"subject":"c"}"#,
        #"{"action":"a","actor":"b","at":"2026-01-01T00:00:00.000Z","details":{},"subject":"c""#,
        "",
    ])
    func nonCanonicalOrMalformedBytesAreRefused(_ text: String) {
        #expect(throws: BulwarkError.self) { try CanonicalEvent.decode(Array(text.utf8)) }
    }

    @Test func canonicalBytesAreAccepted() throws {
        let text = #"{"action":"a","actor":"b","at":"2026-01-01T00:00:00.000Z","details":{"x":"2","y":"1"},"subject":"c"}"#
        let decoded = try CanonicalEvent.decode(Array(text.utf8))
        #expect(decoded.details == ["x": "2", "y": "1"])
        #expect(decoded.subject == "c")
    }

    @Test func chainHashIsSHA256OfPreviousBytesThenEvent() throws {
        // SHA-256 of 32 zero bytes followed by "abc", computed independently with Python's hashlib.
        let hash = ChainHash.next(previous: ChainHash.genesis, canonical: Array("abc".utf8))
        #expect(hash == "365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370")
        #expect(ChainHash.next(previous: "zz", canonical: []) == nil)
    }
}
