import BulwarkCore
import Crypto
import Pipeline
import Testing

/// Eight MD5s at once must be eight ordinary MD5s, whatever the mix of lengths.
@Suite struct MultiBufferMD5Tests {
    static func message(_ length: Int, seed: Int) -> [UInt8] {
        (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ seed &* 7 &+ ($0 >> 8)) }
    }

    @Test func rfc1321TestSuite() {
        let suite = ["": "d41d8cd98f00b204e9800998ecf8427e", "a": "0cc175b9c0f1b6a831c399e269772661",
                     "abc": "900150983cd24fb0d6963f7d28e17f72", "message digest": "f96b697d7cb7938d525a2f31aaf161d0",
                     "abcdefghijklmnopqrstuvwxyz": "c3fcd3d76192e4007dfb496cca67e13b",
                     String(repeating: "1234567890", count: 8): "57edf4a22be3c955ac49da2e2107b67a"]
        let texts = Array(suite.keys)
        let digests = MultiBufferMD5.digests(of: texts.map { Array($0.utf8) })
        for (text, digest) in zip(texts, digests) { #expect(Hex.encode(digest) == suite[text], "\"\(text)\"") }
    }

    @Test func everyLengthAroundThePaddingBoundariesInMixedGroups() {
        // Lengths 0...300 cover one and two tail blocks (55, 56, 63, 64, 119, 120, ...); the
        // groups mix short and long messages so lanes finish at different blocks.
        var messages: [[UInt8]] = (0...300).map { Self.message($0, seed: $0) }
        messages.insert(Self.message(54_321, seed: 1), at: 5)
        messages.insert(Self.message(4_096, seed: 2), at: 17)
        let digests = MultiBufferMD5.digests(of: messages)
        #expect(digests.count == messages.count)
        for (message, digest) in zip(messages, digests) {
            #expect(digest == Array(Insecure.MD5.hash(data: message)), "length \(message.count)")
        }
    }

    @Test func fewerMessagesThanLanesAndNone() {
        #expect(MultiBufferMD5.digests(of: [[UInt8]]()).isEmpty)
        let three = [Self.message(10, seed: 3), Self.message(1000, seed: 4), []]
        #expect(MultiBufferMD5.digests(of: three) == three.map { Array(Insecure.MD5.hash(data: $0)) })
    }
}
