@testable import ContentCredentials
import BulwarkCore
import Foundation
import Testing

/// The decoder against RFC 8949 Appendix A examples, and against hostile input.
@Suite struct CBORDecoderTests {
    static func decode(_ hex: String, _ decoder: CBORDecoder = CBORDecoder()) throws -> CBORValue {
        try decoder.decode(try #require(Hex.decode(hex)))
    }

    @Test func integersFromTheRFC() throws {
        #expect(try Self.decode("00") == .unsigned(0))
        #expect(try Self.decode("17") == .unsigned(23))
        #expect(try Self.decode("1818") == .unsigned(24))
        #expect(try Self.decode("1903e8") == .unsigned(1000))
        #expect(try Self.decode("1bffffffffffffffff") == .unsigned(.max))
        #expect(try Self.decode("20").integerValue == -1)
        #expect(try Self.decode("3903e7").integerValue == -1000)
        #expect(try Self.decode("3bffffffffffffffff") == .negative(.max))
    }

    @Test func floatsOfEveryWidth() throws {
        #expect(try Self.decode("f93c00") == .float(1.0))
        #expect(try Self.decode("f97bff") == .float(65504.0))
        #expect(try Self.decode("f90001") == .float(5.960464477539063e-8))
        #expect(try Self.decode("f9c400") == .float(-4.0))
        #expect(try Self.decode("f9fc00") == .float(-.infinity))
        #expect(try Self.decode("fa47c35000") == .float(100000.0))
        #expect(try Self.decode("fb3ff199999999999a") == .float(1.1))
        guard case let .float(nan) = try Self.decode("f97e00") else { Issue.record("not a float"); return }
        #expect(nan.isNaN)
    }

    @Test func stringsArraysMapsTagsAndSimpleValues() throws {
        #expect(try Self.decode("6161") == .text("a"))
        #expect(try Self.decode("62c3bc") == .text("ü"))
        #expect(try Self.decode("4401020304") == .bytes([1, 2, 3, 4]))
        #expect(try Self.decode("83010203") == .array([.unsigned(1), .unsigned(2), .unsigned(3)]))
        let map = try Self.decode("a26161016162820203")
        #expect(map["a"] == .unsigned(1))
        #expect(map["b"] == .array([.unsigned(2), .unsigned(3)]))
        #expect(try Self.decode("c11a514b67b0") == .tagged(1, .unsigned(1_363_896_240)))
        #expect(try Self.decode("f4") == .bool(false))
        #expect(try Self.decode("f5") == .bool(true))
        #expect(try Self.decode("f6") == .null)
        #expect(try Self.decode("f7") == .undefined)
        #expect(try Self.decode("f0") == .simple(16))
        #expect(try Self.decode("f8ff") == .simple(255))
    }

    @Test func indefiniteLengthItems() throws {
        #expect(try Self.decode("5f42010243030405ff") == .bytes([1, 2, 3, 4, 5]))
        #expect(try Self.decode("7f657374726561646d696e67ff") == .text("streaming"))
        #expect(try Self.decode("9fff") == .array([]))
        #expect(try Self.decode("9f018202039f0405ffff") == .array([.unsigned(1), .array([.unsigned(2), .unsigned(3)]), .array([.unsigned(4), .unsigned(5)])]))
        let map = try Self.decode("bf61610161629f0203ffff")
        #expect(map["b"] == .array([.unsigned(2), .unsigned(3)]))
    }

    static func error(_ hex: String, _ decoder: CBORDecoder = CBORDecoder()) -> ContentCredentialsError? {
        do {
            _ = try decode(hex, decoder)
            return nil
        } catch let error as ContentCredentialsError {
            return error
        } catch {
            return nil
        }
    }

    @Test(arguments: [
        ("19 03", "end of data"),  // truncated argument
        ("62 61", "only 1 bytes remain"),  // string shorter than declared
        ("5b 0000000100000000", "over the limit"),  // 4 GiB byte string: refused before allocation
        ("5a 00100000 00", "only 1 bytes remain"),  // 1 MiB declared, 1 byte present
        ("9b 00000000ffffffff", "over the limit"),  // array count bomb
        ("99 ffff 00", "only 1 bytes remain"),  // array count larger than the bytes left
        ("bb 0000000000010000", "only 0 bytes remain"),
        ("9f 01", "no break"),  // indefinite array without break
        ("bf 6161", "map key without a value"),
        ("ff", "break outside"),
        ("1c", "reserved"),
        ("62 c328", "not valid UTF-8"),
        ("5f 6161 ff", "same type"),  // text chunk inside a byte string
        ("5f 5f ff ff", "same type"),  // nested indefinite chunk
        ("01 02", "after the data item"),
        ("f8 10", "below 32"),
        ("3f", "indefinite length on an integer"),
        ("df 01", "indefinite length on a tag"),
    ])
    func malformedInputIsAClearError(hex: String, expected: String) throws {
        let error = try #require(Self.error(hex.replacingOccurrences(of: " ", with: "")))
        #expect(error.structure == "CBOR")
        #expect(error.location.hasPrefix("byte "))
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test func deepNestingIsRefusedWithoutExhaustingTheStack() throws {
        for opener: UInt8 in [0x81, 0x9f, 0xa1, 0xc1] {
            var bytes = [UInt8](repeating: opener, count: 200_000)
            bytes.append(0x00)
            #expect(throws: ContentCredentialsError.self) { try CBORDecoder().decode(bytes) }
            do {
                _ = try CBORDecoder(maxDepth: 8).decode(bytes)
            } catch {
                #expect(error.reason.contains("nesting deeper than 8"))
            }
        }
        // Exactly at the limit is fine.
        let nested = [UInt8](repeating: 0x81, count: 8) + [0x00]
        #expect(throws: Never.self) { try CBORDecoder(maxDepth: 8).decode(nested) }
    }

    @Test func itemCountAndLengthLimitsApply() throws {
        let manyItems = [0x98, 0xff] + [UInt8](repeating: 0x00, count: 255)
        #expect(throws: Never.self) { try CBORDecoder().decode(manyItems) }
        #expect(Self.error(Hex.encode(manyItems), CBORDecoder(maxItems: 100))?.reason.contains("more than 100 data items") == true)
        #expect(Self.error("4401020304", CBORDecoder(maxLength: 3))?.reason.contains("over the limit 3") == true)
        // Indefinite strings are bounded by their joined length too.
        #expect(Self.error("5f420102420304ff", CBORDecoder(maxLength: 3))?.reason.contains("longer than the limit") == true)
    }

    @Test func decodePrefixReportsWhereTheItemEnds() throws {
        let (value, end) = try CBORDecoder().decodePrefix([0x18, 0x2a, 0xff, 0xff])
        #expect(value == .unsigned(42))
        #expect(end == 2)
    }

    @Test func theEncoderRoundTripsThroughTheDecoder() throws {
        let long = [UInt8](repeating: 7, count: 70_000)
        let encoded = CBOREncoder.array([CBOREncoder.text("Signature1"), CBOREncoder.bytes([]), CBOREncoder.bytes(long), CBOREncoder.bytes([1, 2])])
        #expect(try CBORDecoder().decode(encoded) == .array([.text("Signature1"), .bytes([]), .bytes(long), .bytes([1, 2])]))
        #expect(CBOREncoder.head(major: 0, 23) == [0x17])
        #expect(CBOREncoder.head(major: 0, 24) == [0x18, 24])
        #expect(CBOREncoder.head(major: 2, 0x1_0000) == [0x5a, 0, 1, 0, 0])
        #expect(CBOREncoder.head(major: 2, 0x1_0000_0000) == [0x5b, 0, 0, 0, 1, 0, 0, 0, 0])
    }
}
