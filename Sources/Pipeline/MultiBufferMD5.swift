import BulwarkCore

/// MD5 (RFC 1321) of up to eight messages at once, one per SIMD lane.
///
/// MD5 is a chain of dependent 32-bit steps, so one message keeps a core's vector units idle;
/// eight independent messages in the eight lanes of a vector run the same steps side by side.
/// A dataset scan hashes every item, so it hands a batch's items over in groups of eight.
/// Messages of different lengths are fine: a lane whose message has no more blocks keeps its
/// state while the others go on. The digests are ordinary MD5 digests (tested against
/// swift-crypto's MD5 over lengths around every padding boundary).
public enum MultiBufferMD5 {
    /// Messages hashed together.
    public static let lanes = 8

    /// The 16-byte digest of each of `messages`, in order (any count; eight at a time).
    public static func digests(of messages: [UnsafeRawBufferPointer]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        result.reserveCapacity(messages.count)
        var start = 0
        while start < messages.count {
            let group = Array(messages[start..<min(start + lanes, messages.count)])
            result += digestsOfGroup(group)
            start += lanes
        }
        return result
    }

    /// The digest of each byte array of `messages`, in order.
    public static func digests(of messages: [[UInt8]]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        result.reserveCapacity(messages.count)
        var start = 0
        while start < messages.count {
            let group = messages[start..<min(start + lanes, messages.count)]
            var buffers: [UnsafeRawBufferPointer] = []
            // Each array's storage stays pinned while the group is hashed (nested scopes).
            func pin(_ index: Int) -> [[UInt8]] {
                guard index < group.endIndex else { return digestsOfGroup(buffers) }
                return group[index].withUnsafeBytes { raw in
                    buffers.append(raw)
                    return pin(index + 1)
                }
            }
            result += pin(group.startIndex)
            start += lanes
        }
        return result
    }

    typealias Words = SIMD8<UInt32>

    /// The message of one lane: its whole 64-byte blocks are read in place; the rest and the
    /// padding (0x80, zeros, the bit length) are copied into one or two tail blocks.
    private struct Lane {
        let bytes: UnsafeRawPointer?
        let wholeBlocks: Int
        /// 128 bytes: one or two padded tail blocks.
        let tail: UnsafeMutableRawPointer
        let blocks: Int

        init(_ message: UnsafeRawBufferPointer, tail: UnsafeMutableRawPointer) {
            bytes = message.baseAddress
            wholeBlocks = message.count / 64
            let rest = message.count - wholeBlocks * 64
            let tailBlocks = rest < 56 ? 1 : 2
            tail.initializeMemory(as: UInt8.self, repeating: 0, count: 128)
            if rest > 0, let bytes { tail.copyMemory(from: bytes + wholeBlocks * 64, byteCount: rest) }
            tail.storeBytes(of: 0x80, toByteOffset: rest, as: UInt8.self)
            tail.storeBytes(of: (UInt64(message.count) &* 8).littleEndian, toByteOffset: tailBlocks * 64 - 8, as: UInt64.self)
            self.tail = tail
            blocks = wholeBlocks + tailBlocks
        }

        /// Where block `index` starts.
        @inline(__always)
        func block(_ index: Int) -> UnsafeRawPointer {
            if index < wholeBlocks, let bytes { return bytes + index * 64 }
            return UnsafeRawPointer(tail + (index - wholeBlocks) * 64)
        }
    }

    private static func digestsOfGroup(_ messages: [UnsafeRawBufferPointer]) -> [[UInt8]] {
        let tails = UnsafeMutableRawPointer.allocate(byteCount: 128 * (Self.lanes + 1), alignment: 16)
        defer { tails.deallocate() }
        let lanes = messages.enumerated().map { Lane($1, tail: tails + 128 * $0) }
        // Lanes without a message (or past their last block) read this block; their state is kept.
        let idle = UnsafeRawPointer(tails + 128 * Self.lanes)
        tails.advanced(by: 128 * Self.lanes).initializeMemory(as: UInt8.self, repeating: 0, count: 128)
        var a = Words(repeating: 0x6745_2301), b = Words(repeating: 0xefcd_ab89)
        var c = Words(repeating: 0x98ba_dcfe), d = Words(repeating: 0x1032_5476)
        let block = UnsafeMutablePointer<Words>.allocate(capacity: 16)
        defer { block.deallocate() }
        let starts = UnsafeMutablePointer<UnsafeRawPointer>.allocate(capacity: Self.lanes)
        defer { starts.deallocate() }
        let rounds = lanes.map(\.blocks).max() ?? 0
        for index in 0..<rounds {
            var active = SIMDMask<Words.MaskStorage>()
            for lane in 0..<Self.lanes {
                if lane < lanes.count, index < lanes[lane].blocks {
                    active[lane] = true
                    starts[lane] = lanes[lane].block(index)
                } else {
                    starts[lane] = idle
                }
            }
            for word in 0..<16 {
                let offset = word * 4
                @inline(__always) func load(_ lane: Int) -> UInt32 {
                    UInt32(littleEndian: starts[lane].loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                }
                block[word] = Words(load(0), load(1), load(2), load(3), load(4), load(5), load(6), load(7))
            }
            let (na, nb, nc, nd) = compress(a, b, c, d, block)
            a.replace(with: na, where: active)
            b.replace(with: nb, where: active)
            c.replace(with: nc, where: active)
            d.replace(with: nd, where: active)
        }
        return (0..<lanes.count).map { lane in
            var digest: [UInt8] = []
            digest.reserveCapacity(16)
            for word in [a[lane], b[lane], c[lane], d[lane]] {
                for byte in 0..<4 { digest.append(UInt8(truncatingIfNeeded: word >> UInt32(8 * byte))) }
            }
            return digest
        }
    }

    /// One 64-byte block of every lane: the 64 MD5 steps (four rounds of 16, each with its
    /// mixing function, word order and rotations), then the feed-forward. Steps go four at a
    /// time with the registers' roles rotating, as RFC 1321 writes them.
    @inline(__always)
    private static func compress(_ a0: Words, _ b0: Words, _ c0: Words, _ d0: Words, _ m: UnsafeMutablePointer<Words>) -> (Words, Words, Words, Words) {
        var a = a0, b = b0, c = c0, d = d0
        do {
            constants.withUnsafeBufferPointer { k in
                @inline(__always) func rotated(_ x: Words, _ shift: UInt32) -> Words { (x &<< shift) | (x &>> (32 - shift)) }
                @inline(__always) func f(_ x: Words, _ y: Words, _ z: Words) -> Words { (x & y) | (~x & z) }
                @inline(__always) func g(_ x: Words, _ y: Words, _ z: Words) -> Words { (x & z) | (y & ~z) }
                @inline(__always) func h(_ x: Words, _ y: Words, _ z: Words) -> Words { x ^ y ^ z }
                @inline(__always) func i(_ x: Words, _ y: Words, _ z: Words) -> Words { y ^ (x | ~z) }
                @inline(__always) func term(_ step: Int, _ word: Int) -> Words { Words(repeating: k[step]) &+ m[word] }
                for step in stride(from: 0, to: 16, by: 4) {
                    a = b &+ rotated(a &+ f(b, c, d) &+ term(step, step), 7)
                    d = a &+ rotated(d &+ f(a, b, c) &+ term(step + 1, step + 1), 12)
                    c = d &+ rotated(c &+ f(d, a, b) &+ term(step + 2, step + 2), 17)
                    b = c &+ rotated(b &+ f(c, d, a) &+ term(step + 3, step + 3), 22)
                }
                for step in stride(from: 16, to: 32, by: 4) {
                    a = b &+ rotated(a &+ g(b, c, d) &+ term(step, (5 &* step &+ 1) & 15), 5)
                    d = a &+ rotated(d &+ g(a, b, c) &+ term(step + 1, (5 &* step &+ 6) & 15), 9)
                    c = d &+ rotated(c &+ g(d, a, b) &+ term(step + 2, (5 &* step &+ 11) & 15), 14)
                    b = c &+ rotated(b &+ g(c, d, a) &+ term(step + 3, (5 &* step &+ 16) & 15), 20)
                }
                for step in stride(from: 32, to: 48, by: 4) {
                    a = b &+ rotated(a &+ h(b, c, d) &+ term(step, (3 &* step &+ 5) & 15), 4)
                    d = a &+ rotated(d &+ h(a, b, c) &+ term(step + 1, (3 &* step &+ 8) & 15), 11)
                    c = d &+ rotated(c &+ h(d, a, b) &+ term(step + 2, (3 &* step &+ 11) & 15), 16)
                    b = c &+ rotated(b &+ h(c, d, a) &+ term(step + 3, (3 &* step &+ 14) & 15), 23)
                }
                for step in stride(from: 48, to: 64, by: 4) {
                    a = b &+ rotated(a &+ i(b, c, d) &+ term(step, (7 &* step) & 15), 6)
                    d = a &+ rotated(d &+ i(a, b, c) &+ term(step + 1, (7 &* step &+ 7) & 15), 10)
                    c = d &+ rotated(c &+ i(d, a, b) &+ term(step + 2, (7 &* step &+ 14) & 15), 15)
                    b = c &+ rotated(b &+ i(c, d, a) &+ term(step + 3, (7 &* step &+ 21) & 15), 21)
                }
            }
        }
        return (a0 &+ a, b0 &+ b, c0 &+ c, d0 &+ d)
    }

    /// floor(abs(sin(i + 1)) * 2^32), RFC 1321.
    private static let constants: [UInt32] = [
        0xd76a_a478, 0xe8c7_b756, 0x2420_70db, 0xc1bd_ceee, 0xf57c_0faf, 0x4787_c62a, 0xa830_4613, 0xfd46_9501,
        0x6980_98d8, 0x8b44_f7af, 0xffff_5bb1, 0x895c_d7be, 0x6b90_1122, 0xfd98_7193, 0xa679_438e, 0x49b4_0821,
        0xf61e_2562, 0xc040_b340, 0x265e_5a51, 0xe9b6_c7aa, 0xd62f_105d, 0x0244_1453, 0xd8a1_e681, 0xe7d3_fbc8,
        0x21e1_cde6, 0xc337_07d6, 0xf4d5_0d87, 0x455a_14ed, 0xa9e3_e905, 0xfcef_a3f8, 0x676f_02d9, 0x8d2a_4c8a,
        0xfffa_3942, 0x8771_f681, 0x6d9d_6122, 0xfde5_380c, 0xa4be_ea44, 0x4bde_cfa9, 0xf6bb_4b60, 0xbebf_bc70,
        0x289b_7ec6, 0xeaa1_27fa, 0xd4ef_3085, 0x0488_1d05, 0xd9d4_d039, 0xe6db_99e5, 0x1fa2_7cf8, 0xc4ac_5665,
        0xf429_2244, 0x432a_ff97, 0xab94_23a7, 0xfc93_a039, 0x655b_59c3, 0x8f0c_cc92, 0xffef_f47d, 0x8584_5dd1,
        0x6fa8_7e4f, 0xfe2c_e6e0, 0xa301_4314, 0x4e08_11a1, 0xf753_7e82, 0xbd3a_f235, 0x2ad7_d2bb, 0xeb86_d391,
    ]
}
